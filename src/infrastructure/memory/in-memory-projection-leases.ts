import {
  type LeaseRequest,
  nextLease,
  type ProjectionLease,
  type ProjectionLeases,
} from '../../core/projection-lease.port';

/** For fast tests: several runners in one process, sharing this and an `InMemoryReadStore` built with it. */
export class InMemoryProjectionLeases implements ProjectionLeases {
  private readonly held = new Map<string, ProjectionLease>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(request: LeaseRequest): Promise<ProjectionLease | null> {
    const lease = nextLease(this.stored(request.projection), request, this.now());
    if (lease) this.held.set(request.projection, lease);
    return lease && { ...lease };
  }

  async renew(lease: ProjectionLease, ttlMs: number): Promise<ProjectionLease | null> {
    const stored = this.stored(lease.projection);
    if (!stored || stored.owner !== lease.owner || stored.token !== lease.token) return null;
    stored.expiresAt = this.now() + ttlMs;
    return { ...stored };
  }

  async release(lease: ProjectionLease): Promise<void> {
    const stored = this.stored(lease.projection);
    if (stored && stored.owner === lease.owner && stored.token === lease.token) stored.expiresAt = 0;
  }

  async leases(): Promise<ProjectionLease[]> {
    return [...this.held.values()]
      .sort((a, b) => (a.projection < b.projection ? -1 : 1))
      .map((lease) => ({ ...lease }));
  }

  /** The lease as stored, for the read store's fence check. */
  stored(projection: string): ProjectionLease | null {
    return this.held.get(projection) ?? null;
  }
}
