import { type LeaseFence, LeaseLost, type ProjectionLease, type ProjectionLeases } from './projection-lease.port';

export interface ProjectionOwnershipOptions {
  leases: ProjectionLeases;
  /** This instance, as the leases name it; unique among the instances sharing the stores. */
  owner: string;
  /** How long a lease lasts unless renewed: the longest a dead owner's projections wait for a new owner. */
  ttlMs: number;
  /**
   * True when the holder named is known to be gone (a process of this machine that has exited): its leases
   * are taken at once instead of after they expire, so a restart after a crash does not wait.
   */
  isGone?: (owner: string) => boolean;
}

/** What a claim did to this instance's hold on one projection. */
export type ClaimOutcome = 'gained' | 'kept' | 'lost' | 'held-elsewhere';

/**
 * This instance's leases on projections: takes the free or expired ones, renews those it holds, and gives the
 * fencing token for each batch. No timer here: the runner calls `claim` every `renewEveryMs`.
 */
export class ProjectionOwnership {
  private readonly held = new Map<string, ProjectionLease>();

  constructor(private readonly options: ProjectionOwnershipOptions) {
    if (!(options.ttlMs > 0)) throw new RangeError('a lease time-to-live is a positive duration');
  }

  get owner(): string {
    return this.options.owner;
  }

  /** Three renewals per time-to-live: one may fail (a slow store) without the lease lapsing. */
  get renewEveryMs(): number {
    return Math.max(1, Math.floor(this.options.ttlMs / 3));
  }

  owns(projection: string): boolean {
    return this.held.has(projection);
  }

  /** The token a batch of that projection is applied under; `LeaseLost` when this instance does not hold it. */
  fence(projection: string): LeaseFence {
    const lease = this.held.get(projection);
    if (!lease) throw new LeaseLost(projection, 0);
    return { projection, token: lease.token };
  }

  /** Renews the lease when held here, else tries to take it. */
  async claim(projection: string): Promise<ClaimOutcome> {
    const { leases, owner, ttlMs, isGone } = this.options;
    const held = this.held.get(projection);
    if (held) {
      const renewed = await leases.renew(held, ttlMs);
      if (renewed) this.held.set(projection, renewed);
      else this.held.delete(projection);
      return renewed ? 'kept' : 'lost';
    }
    let lease = await leases.acquire({ projection, owner, ttlMs });
    if (!lease && isGone) {
      const holder = (await leases.leases()).find((candidate) => candidate.projection === projection);
      if (holder && holder.owner !== owner && isGone(holder.owner)) {
        lease = await leases.acquire({ projection, owner, ttlMs, replacing: holder.owner });
      }
    }
    if (!lease) return 'held-elsewhere';
    this.held.set(projection, lease);
    return 'gained';
  }

  /** The store refused a batch: the lease has passed on. */
  forget(projection: string): void {
    this.held.delete(projection);
  }

  /** On a clean stop: the others take over at once rather than after the time-to-live. */
  async releaseAll(): Promise<void> {
    const leases = [...this.held.values()];
    this.held.clear();
    await Promise.all(leases.map((lease) => this.options.leases.release(lease)));
  }

  /** Each projection's lease as stored (a lapsed one too: its holder stopped renewing), by projection name. */
  async leases(): Promise<Map<string, ProjectionLease>> {
    return new Map((await this.options.leases.leases()).map((lease) => [lease.projection, lease]));
  }
}
