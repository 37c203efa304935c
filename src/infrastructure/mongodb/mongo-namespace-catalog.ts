import { type ClientSession, type Collection, type Db, MongoServerError } from 'mongodb';
import type { Projection } from '../../core/projection';
import { UnknownNamespace } from '../../core/read-store.port';

/** What the catalog knows of a namespace: one document per namespace, keyed by its name. */
export interface NamespaceEntry {
  _id: string;
  projection: string;
  version: number;
  checkpoint: number;
  /**
   * Bumped by every write that must not interleave with another on the namespace (a batch, a switch-over,
   * a drop): MongoDB turns the second concurrent transaction writing this document into a write conflict,
   * which `withTransaction` retries — so those writes serialise, as under SQLite's write lock.
   */
  lockVersion: number;
  /** Set when a drop has started: the namespace no longer exists for readers; its rows are being removed. */
  dropping?: boolean;
}

/** The namespace readers use for a projection, keyed by the projection's name. */
export interface LivePointer {
  _id: string;
  namespace: string;
}

export const NAMESPACES_COLLECTION = 'read_model_namespaces';
export const LIVE_COLLECTION = 'read_model_live';

/** The rows of a namespace live in a collection of their own: dropping an old build is one `drop`. */
export function rowsCollectionOf(namespace: string): string {
  return `rm_${namespace}`;
}

/** The namespace catalog and the live pointers of the MongoDB read store. */
export class MongoNamespaceCatalog {
  readonly namespaces: Collection<NamespaceEntry>;
  readonly live: Collection<LivePointer>;
  private ready: Promise<void> | null = null;

  constructor(private readonly db: Db) {
    this.namespaces = db.collection<NamespaceEntry>(NAMESPACES_COLLECTION);
    this.live = db.collection<LivePointer>(LIVE_COLLECTION);
  }

  /** Creates both collections up front: transactions then never have to create one. */
  ensure(): Promise<void> {
    this.ready ??= (async () => {
      await ensureCollection(this.db, NAMESPACES_COLLECTION);
      await ensureCollection(this.db, LIVE_COLLECTION);
      // A drop asks whether any projection reads the namespace.
      await this.live.createIndex({ namespace: 1 }, { name: 'by_namespace' });
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  /** The namespace, or null when it does not exist (never prepared, dropped, or being dropped). */
  async find(namespace: string, session?: ClientSession): Promise<NamespaceEntry | null> {
    const entry = await this.namespaces.findOne({ _id: namespace }, { session });
    return entry && !entry.dropping ? entry : null;
  }

  /** The entry as stored, a drop in progress included. */
  findAny(namespace: string): Promise<NamespaceEntry | null> {
    return this.namespaces.findOne({ _id: namespace });
  }

  /** Registers the namespace if new; returns the entry that holds it (maybe another caller's). */
  async register(namespace: string, projection: Projection): Promise<NamespaceEntry> {
    const entry = await this.namespaces.findOneAndUpdate(
      { _id: namespace },
      {
        $setOnInsert: { projection: projection.name, version: projection.version, checkpoint: 0, lockVersion: 0 },
      },
      { upsert: true, returnDocument: 'after' },
    );
    if (!entry) throw new Error(`namespace '${namespace}' could not be registered`);
    return entry;
  }

  /** Inside a transaction: takes the namespace's write lock and returns it as it stood. */
  async lock(namespace: string, session: ClientSession): Promise<NamespaceEntry> {
    const entry = await this.namespaces.findOneAndUpdate(
      { _id: namespace },
      { $inc: { lockVersion: 1 } },
      { session, returnDocument: 'after' },
    );
    if (!entry || entry.dropping) throw new UnknownNamespace(namespace);
    return entry;
  }

  async setCheckpoint(namespace: string, checkpoint: number, session: ClientSession): Promise<void> {
    await this.namespaces.updateOne({ _id: namespace }, { $set: { checkpoint } }, { session });
  }

  /** Inside a transaction: marks the namespace as being dropped; false when there is none. */
  async markDropping(namespace: string, session: ClientSession): Promise<boolean> {
    const result = await this.namespaces.updateOne(
      { _id: namespace },
      { $set: { dropping: true }, $inc: { lockVersion: 1 } },
      { session },
    );
    return result.matchedCount === 1;
  }

  /** The last step of a drop, once the rows are gone. */
  async forget(namespace: string): Promise<void> {
    await this.namespaces.deleteOne({ _id: namespace, dropping: true });
  }

  liveNamespace(name: string, session?: ClientSession): Promise<LivePointer | null> {
    return this.live.findOne({ _id: name }, { session });
  }

  isLive(namespace: string, session: ClientSession): Promise<LivePointer | null> {
    return this.live.findOne({ namespace }, { session });
  }

  async setLive(name: string, namespace: string, session: ClientSession): Promise<void> {
    await this.live.updateOne({ _id: name }, { $set: { namespace } }, { upsert: true, session });
  }
}

/** MongoDB's code for "a collection of that name exists". */
const NAMESPACE_EXISTS = 48;

export async function ensureCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
  }
}
