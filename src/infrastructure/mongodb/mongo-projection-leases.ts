import type { ClientSession, Collection, Db } from 'mongodb';
import {
  type LeaseRequest,
  LeaseLost,
  type LeaseFence,
  nextLease,
  type ProjectionLease,
  type ProjectionLeases,
} from '../../core/projection-lease.port';
import { isDuplicateKey } from './mongo-errors';

/** One document per projection; kept when released or expired, so tokens keep growing across holders. */
interface LeaseDocument {
  _id: string;
  owner: string;
  token: number;
  expiresAt: number;
  /** Bumped by every fenced batch: see `assertMongoFence`. */
  fencedBatches?: number;
}

export const LEASES_COLLECTION = 'projection_leases';

function leasesOf(db: Db): Collection<LeaseDocument> {
  return db.collection<LeaseDocument>(LEASES_COLLECTION);
}

/**
 * Inside the read store's batch transaction: refuses the batch (`LeaseLost`) unless the lease still carries the
 * fence's token. It writes the lease document rather than reading it: a transaction only conflicts with
 * another's writes, so a takeover committed meanwhile aborts this batch (or waits for it), never misses it.
 */
export async function assertMongoFence(db: Db, fence: LeaseFence, session: ClientSession): Promise<void> {
  const result = await leasesOf(db).updateOne(
    { _id: fence.projection, token: fence.token },
    { $inc: { fencedBatches: 1 } },
    { session },
  );
  if (result.matchedCount !== 1) throw new LeaseLost(fence.projection, fence.token);
}

/** Projection leases in the MongoDB database of the read models, shared by every API instance. */
export class MongoProjectionLeases implements ProjectionLeases {
  private readonly leaseDocuments: Collection<LeaseDocument>;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.leaseDocuments = leasesOf(db);
  }

  async acquire(request: LeaseRequest): Promise<ProjectionLease | null> {
    const { projection } = request;
    const stored = await this.leaseDocuments.findOne({ _id: projection });
    const lease = nextLease(stored && fromDocument(stored), request, this.now());
    if (!lease) return null;
    try {
      // Compare-and-set on what was read: another instance that took it meanwhile makes this match nothing.
      const written = stored
        ? await this.leaseDocuments.updateOne(
            { _id: projection, owner: stored.owner, token: stored.token, expiresAt: stored.expiresAt },
            { $set: { owner: lease.owner, token: lease.token, expiresAt: lease.expiresAt } },
          )
        : await this.leaseDocuments.insertOne({
            _id: projection,
            owner: lease.owner,
            token: lease.token,
            expiresAt: lease.expiresAt,
          });
      if ('matchedCount' in written && written.matchedCount !== 1) return null;
      return lease;
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  async renew(lease: ProjectionLease, ttlMs: number): Promise<ProjectionLease | null> {
    const expiresAt = this.now() + ttlMs;
    const result = await this.leaseDocuments.updateOne(
      { _id: lease.projection, owner: lease.owner, token: lease.token },
      { $set: { expiresAt } },
    );
    return result.matchedCount === 1 ? { ...lease, expiresAt } : null;
  }

  async release(lease: ProjectionLease): Promise<void> {
    await this.leaseDocuments.updateOne(
      { _id: lease.projection, owner: lease.owner, token: lease.token },
      { $set: { expiresAt: 0 } },
    );
  }

  async leases(): Promise<ProjectionLease[]> {
    return (await this.leaseDocuments.find().sort({ _id: 1 }).toArray()).map(fromDocument);
  }
}

function fromDocument(document: LeaseDocument): ProjectionLease {
  return { projection: document._id, owner: document.owner, token: document.token, expiresAt: document.expiresAt };
}
