/**
 * Who applies a projection when several service instances share the stores: one owner at a time, holding a
 * lease kept in the read-model store. The lease carries a fencing token that grows each time the lease
 * changes hands; every batch the owner applies names its token, and the read store refuses the batch, in the
 * same transaction as its writes, when the lease has since passed to another instance with a newer token.
 * So an owner that was paused or cut off and lost its lease cannot write any more, even before it notices.
 *
 * Times are milliseconds since the epoch from the adapter's clock (the process clock by default): instances
 * on different machines must keep their clocks synchronised well within the time-to-live.
 */
export interface ProjectionLease {
  /** The projection's name: one lease per projection, whichever namespace it is building or serving. */
  projection: string;
  /** The instance holding it. */
  owner: string;
  /** The fencing token: greater with every new holder (and every re-acquisition after an expiry). */
  token: number;
  /** When it lapses unless renewed; a released lease has expired. */
  expiresAt: number;
}

/** What a batch carries so the store can refuse it from a stale owner. */
export interface LeaseFence {
  projection: string;
  token: number;
}

/** Who asks for which projection's lease, and for how long. */
export interface LeaseRequest {
  projection: string;
  /** The instance asking. */
  owner: string;
  /** How long the lease lasts unless renewed, in milliseconds. */
  ttlMs: number;
  /** Take the lease from this holder even before it expires: the caller knows that instance is gone. */
  replacing?: string;
}

export interface ProjectionLeases {
  /**
   * Takes the lease when it is free, expired, already held by `owner` (extended, same token) or held by
   * `request.replacing`; a new holder gets the next token. Null when another instance holds it.
   */
  acquire(request: LeaseRequest): Promise<ProjectionLease | null>;

  /** Extends a lease still held with that token (expired but not taken counts); null once it has passed on. */
  renew(lease: ProjectionLease, ttlMs: number): Promise<ProjectionLease | null>;

  /** Lets it expire now so another instance takes over at once; a no-op when it has already passed on. */
  release(lease: ProjectionLease): Promise<void>;

  /** Every lease ever taken (expired ones included), by projection name. */
  leases(): Promise<ProjectionLease[]>;
}

export const PROJECTION_LEASES = Symbol('ProjectionLeases');

/** A batch fenced with a token the lease no longer carries: another instance owns the projection now. */
export class LeaseLost extends Error {
  constructor(
    readonly projection: string,
    readonly token: number,
  ) {
    super(`the lease on projection '${projection}' no longer carries token ${token}: another instance owns it`);
    this.name = 'LeaseLost';
  }
}

/** Checks a fence against the stored lease (inside the adapter's transaction). */
export function assertFence(fence: LeaseFence, stored: Pick<ProjectionLease, 'token'> | null | undefined): void {
  if (!stored || stored.token !== fence.token) throw new LeaseLost(fence.projection, fence.token);
}

/**
 * The rule every adapter applies in `acquire`, on the lease as stored (null when never taken): the lease it
 * becomes, or null when another instance keeps it.
 */
export function nextLease(stored: ProjectionLease | null, request: LeaseRequest, now: number): ProjectionLease | null {
  const { projection, owner, ttlMs, replacing } = request;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('a lease time-to-live is a positive duration');
  const expiresAt = now + ttlMs;
  if (!stored) return { projection, owner, token: 1, expiresAt };
  const live = stored.expiresAt > now;
  if (stored.owner === owner && live) return { ...stored, expiresAt };
  if (live && stored.owner !== replacing) return null;
  return { projection, owner, token: stored.token + 1, expiresAt };
}
