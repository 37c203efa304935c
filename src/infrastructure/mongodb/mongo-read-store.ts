import type {
  ClientSession,
  Collection,
  Db,
  Document,
  Filter,
  FindCursor,
  MongoClient,
  TransactionOptions,
} from 'mongodb';
import { applyEventsAsync, type DocumentVersion } from '../../core/document-versions';
import type { StoredEvent } from '../../core/event-store.port';
import { assertValidProjection, type Projection } from '../../core/projection';
import {
  type ApplyOptions,
  assertNamespace,
  compareIds,
  DEFAULT_LIST_LIMIT,
  type DocumentOnDates,
  type ListOptions,
  LiveNamespaceDropRefused,
  type NamespaceInfo,
  type ReadAt,
  type ReadStore,
  type ResolvedListOptions,
  resolveListOptions,
  resolveReadAt,
  resolveVersionsOn,
  UnknownNamespace,
  type VersionsOnQuery,
} from '../../core/read-store.port';
import {
  ensureCollection,
  MongoNamespaceCatalog,
  type NamespaceEntry,
  rowsCollectionOf,
} from './mongo-namespace-catalog';
import { assertMongoFence, LEASES_COLLECTION } from './mongo-projection-leases';
import { fieldIndexes, versionIndexes } from './mongo-read-indexes';
import { StagedVersionTable } from './mongo-staged-versions';
import { aliveFilter, idRangeFilter, matchesWhere, type VersionRow, whereFilter } from './mongo-version-rows';

/**
 * Batches and switch-overs run in transactions (MongoDB needs a replica set for them): snapshot reads,
 * and writes acknowledged by a majority, so another API instance reading after the commit sees them.
 */
const TRANSACTION: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/** Candidate ids checked per round trip when listing with `where`. */
const CANDIDATE_BATCH = 500;

type ListedRow = Pick<VersionRow, 'id' | 'doc'>;

/**
 * The read-model store on MongoDB, for several stateless API instances sharing one replica set. Same
 * model as the SQLite store: one collection of version rows per namespace (`rm_<namespace>`, see
 * `mongo-version-rows.ts`), a catalog of namespaces with their checkpoints, and the live pointers.
 * The version algorithm is the shared one (`applyEventsAsync`).
 */
export class MongoReadStore implements ReadStore {
  private readonly catalog: MongoNamespaceCatalog;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.catalog = new MongoNamespaceCatalog(db);
  }

  /** The indexes are created by `prepare` whatever its options: MongoDB builds them as the rows come. */
  async completeIndexes(): Promise<void> {}

  async prepare(namespace: string, projection: Projection): Promise<void> {
    assertNamespace(namespace);
    assertValidProjection(projection);
    await this.catalog.ensure();
    // Fenced batches write the lease in their transaction: the collection must exist before any transaction runs.
    await ensureCollection(this.db, LEASES_COLLECTION);
    const existing = await this.catalog.findAny(namespace);
    // A drop that stopped half-way (the process died): finish it, so the namespace starts empty.
    if (existing?.dropping) await this.finishDrop(namespace);
    else if (existing) assertHolds(namespace, existing, projection);
    // Creating the same indexes again is a no-op; the first call creates the collection too.
    await this.rows(namespace).createIndexes([...versionIndexes(), ...fieldIndexes(projection)]);
    const entry = await this.catalog.register(namespace, projection);
    if (entry.dropping) throw new Error(`namespace '${namespace}' is being dropped; prepare it once the drop is done`);
    assertHolds(namespace, entry, projection);
  }

  async applyBatch(
    namespace: string,
    projection: Projection,
    events: readonly StoredEvent[],
    { through = 0, fence }: ApplyOptions = {},
  ): Promise<number> {
    const rows = this.rows(namespace);
    return this.inTransaction(async (session) => {
      // Several instances: refused unless the caller still holds the projection's lease, committed or not with the batch.
      if (fence) await assertMongoFence(this.db, fence, session);
      // Locked first: a second instance applying the same namespace waits on a write conflict and retries,
      // then finds the events at or before the new checkpoint and skips them.
      const entry = await this.catalog.lock(namespace, session);
      if (entry.projection !== projection.name) {
        throw new Error(`namespace '${namespace}' holds projection '${entry.projection}', not '${projection.name}'`);
      }
      const table = new StagedVersionTable((ref, below, date) => loadCurrentVersions(rows, session, ref, below, date));
      const next = await applyEventsAsync(table, projection, events, entry.checkpoint, through);
      const writes = table.writes();
      if (writes.length > 0) {
        const result = await rows.bulkWrite(writes, { session, ordered: true });
        if (result.matchedCount !== table.supersededCount) {
          throw new Error(
            `namespace '${namespace}': ${table.supersededCount} current versions to close, ${result.matchedCount} found`,
          );
        }
      }
      if (next > entry.checkpoint) await this.catalog.setCheckpoint(namespace, next, session);
      return next;
    });
  }

  async checkpoint(namespace: string): Promise<number> {
    return (await this.catalog.find(namespace))?.checkpoint ?? 0;
  }

  async get<Doc>(namespace: string, collection: string, id: string, at?: ReadAt): Promise<Doc | null> {
    const { asOf, knownAt } = resolveReadAt(at);
    const filter = { collection, id, validFrom: { $lte: asOf }, ...aliveFilter(knownAt) };
    const row = await this.rows(namespace).findOne<ListedRow>(filter as Filter<VersionRow>, {
      sort: inForceOrder(knownAt),
      projection: { _id: 0, id: 1, doc: 1 },
    });
    const doc = (row?.doc ?? null) as Doc | null;
    // Nothing found: tell "no such document" from "no such namespace" (a dropped collection reads empty).
    if (doc === null) await this.assertExists(namespace);
    return doc;
  }

  async list<Doc>(namespace: string, collection: string, options?: ListOptions): Promise<{ id: string; doc: Doc }[]> {
    const resolved = resolveListOptions(options);
    const rows = this.rows(namespace);
    const page =
      resolved.where.length === 0
        ? await listAll(rows, collection, resolved)
        : await listMatching(rows, collection, resolved);
    if (page.length === 0) await this.assertExists(namespace);
    return page as { id: string; doc: Doc }[];
  }

  /**
   * Date by date through the same reads as `get` and `list` (one per date): correct, but not yet the single
   * aggregation the SQLite store answers with.
   */
  async versionsOn<Doc>(
    namespace: string,
    collection: string,
    query: VersionsOnQuery,
  ): Promise<DocumentOnDates<Doc>[]> {
    const { dates, id, where, knownAt } = resolveVersionsOn(query);
    const byId = new Map<string, (Doc | null)[]>();
    const whereObject = Object.fromEntries(where);
    for (const [index, asOf] of dates.entries()) {
      const at = { asOf, knownAt: knownAt ?? undefined };
      const found: { id: string; doc: Doc }[] = [];
      if (id !== null) {
        const doc = await this.get<Doc>(namespace, collection, id, at);
        if (doc !== null && matchesWhere(doc, where)) found.push({ id, doc });
      } else {
        for (let after: string | undefined; ;) {
          const page = await this.list<Doc>(namespace, collection, { where: whereObject, at, after });
          found.push(...page);
          if (page.length < DEFAULT_LIST_LIMIT) break;
          after = page[page.length - 1].id;
        }
      }
      for (const row of found) {
        let docs = byId.get(row.id);
        if (!docs) byId.set(row.id, (docs = dates.map(() => null)));
        docs[index] = row.doc;
      }
    }
    return [...byId.entries()]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([documentId, docs]) => ({ id: documentId, docs }));
  }

  async drop(namespace: string): Promise<void> {
    assertNamespace(namespace);
    await this.catalog.ensure();
    // One transaction with the live check: a switch-over to this namespace writes its catalog entry too,
    // so the two conflict and one of them sees the other's outcome.
    const exists = await this.inTransaction(async (session) => {
      if (await this.catalog.isLive(namespace, session)) throw new LiveNamespaceDropRefused(namespace);
      return this.catalog.markDropping(namespace, session);
    });
    if (exists) await this.finishDrop(namespace);
  }

  async namespaces(): Promise<NamespaceInfo[]> {
    const entries = await this.catalog.namespaces
      .find({ dropping: { $ne: true } })
      .sort({ _id: 1 })
      .toArray();
    const live = new Set((await this.catalog.live.find().toArray()).map((pointer) => pointer.namespace));
    return entries.map((entry) => ({
      namespace: entry._id,
      projection: entry.projection,
      version: entry.version,
      checkpoint: entry.checkpoint,
      live: live.has(entry._id),
    }));
  }

  async liveNamespace(name: string): Promise<string | null> {
    return (await this.catalog.liveNamespace(name))?.namespace ?? null;
  }

  async setLiveNamespace(name: string, namespace: string): Promise<void> {
    await this.catalog.ensure();
    await this.inTransaction(async (session) => {
      const entry = await this.catalog.lock(namespace, session);
      if (entry.projection !== name) {
        throw new Error(`namespace '${namespace}' holds projection '${entry.projection}', not '${name}'`);
      }
      await this.catalog.setLive(name, namespace, session);
    });
  }

  private rows(namespace: string): Collection<VersionRow> {
    assertNamespace(namespace);
    return this.db.collection<VersionRow>(rowsCollectionOf(namespace));
  }

  private async assertExists(namespace: string): Promise<void> {
    if (!(await this.catalog.find(namespace))) throw new UnknownNamespace(namespace);
  }

  /** Rows first, catalog entry last: until the entry is gone the drop can be finished by anyone. */
  private async finishDrop(namespace: string): Promise<void> {
    await this.db.dropCollection(rowsCollectionOf(namespace));
    await this.catalog.forget(namespace);
  }

  /** Runs `work` in a transaction, retried by the driver on write conflicts and transient errors. */
  private async inTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    try {
      return await session.withTransaction(() => work(session), TRANSACTION);
    } finally {
      await session.endSession();
    }
  }
}

function assertHolds(namespace: string, entry: NamespaceEntry, projection: Projection): void {
  if (entry.projection !== projection.name || entry.version !== projection.version) {
    throw new Error(
      `namespace '${namespace}' already holds ${entry.projection} v${entry.version}, not ${projection.name} v${projection.version}`,
    );
  }
}

/**
 * The order in which the first row of each document is its version in force: latest date first, and
 * for "as known at" reads the latest knowledge of that date first.
 */
function inForceOrder(knownAt: number | null): Record<string, 1 | -1> {
  return knownAt === null ? { id: 1, validFrom: -1 } : { id: 1, validFrom: -1, knownFrom: -1 };
}

/** The document's current versions before `below`, newest first down to the first dated before `date`. */
async function loadCurrentVersions(
  rows: Collection<VersionRow>,
  session: ClientSession,
  ref: { collection: string; id: string },
  below: string | null,
  date: string,
): Promise<DocumentVersion[]> {
  const filter: Filter<VersionRow> = { collection: ref.collection, id: ref.id, current: true };
  if (below !== null) filter.validFrom = { $lt: below };
  const cursor = rows.find<Pick<VersionRow, 'validFrom' | 'doc'>>(filter, {
    session,
    sort: { validFrom: -1 },
    projection: { _id: 0, validFrom: 1, doc: 1 },
  });
  const versions: DocumentVersion[] = [];
  try {
    for await (const row of cursor) {
      versions.push({ validFrom: row.validFrom, doc: row.doc ?? null });
      if (row.validFrom < date) break;
    }
  } finally {
    await cursor.close();
  }
  return versions.reverse();
}

/** Every document in force, walking the alive rows in id order: the first row of each id is its version in force. */
async function listAll(rows: Collection<VersionRow>, collection: string, options: ResolvedListOptions) {
  const { asOf, knownAt } = options.at;
  const filter = { collection, validFrom: { $lte: asOf }, ...aliveFilter(knownAt), ...idRangeFilter(options) };
  const cursor = rows.find<ListedRow>(filter as Filter<VersionRow>, {
    sort: inForceOrder(knownAt),
    projection: { _id: 0, id: 1, doc: 1 },
  });
  return firstInForce(cursor, options.limit, options.where);
}

/**
 * With field filters, candidates first: the ids having an alive row with those values (through the declared
 * field indexes), then each candidate's version in force, checked in full. The version in force is one of
 * those rows when it matches, so no document is missed; a document that matched only in another version is
 * dropped by the check. The two reads are not one snapshot: a batch committed between them shows as it
 * stands after the batch.
 */
async function listMatching(rows: Collection<VersionRow>, collection: string, options: ResolvedListOptions) {
  const { asOf, knownAt } = options.at;
  const alive: Document = { collection, validFrom: { $lte: asOf }, ...aliveFilter(knownAt) };
  const candidateFilter: Document = { ...alive, ...idRangeFilter(options), ...whereFilter(options.where) };
  // Both halves of the field indexes (current and superseded rows), merged in id order.
  if (knownAt !== null) candidateFilter.current = { $in: [true, false] };
  const candidates = rows.find<Pick<VersionRow, 'id'>>(candidateFilter as Filter<VersionRow>, {
    sort: { id: 1 },
    projection: { _id: 0, id: 1 },
  });

  const page: ListedRow[] = [];
  let batch: string[] = [];
  const check = async () => {
    const inForce = rows.find<ListedRow>({ ...alive, id: { $in: batch } } as Filter<VersionRow>, {
      sort: inForceOrder(knownAt),
      projection: { _id: 0, id: 1, doc: 1 },
    });
    page.push(...(await firstInForce(inForce, options.limit - page.length, options.where)));
    batch = [];
  };
  try {
    let last: string | null = null;
    for await (const { id } of candidates) {
      if (id === last) continue;
      last = id;
      batch.push(id);
      if (batch.length >= Math.min(options.limit - page.length, CANDIDATE_BATCH)) {
        await check();
        if (page.length >= options.limit) break;
      }
    }
    if (batch.length > 0) await check();
  } finally {
    await candidates.close();
  }
  return page;
}

/** Reads rows ordered by `inForceOrder`: keeps each id's first row, when it is a document matching `where`. */
async function firstInForce(
  cursor: FindCursor<ListedRow>,
  limit: number,
  where: ResolvedListOptions['where'],
): Promise<ListedRow[]> {
  const page: ListedRow[] = [];
  try {
    let last: string | null = null;
    for await (const row of cursor) {
      if (row.id === last) continue;
      last = row.id;
      if (row.doc === null || row.doc === undefined || !matchesWhere(row.doc, where)) continue;
      page.push({ id: row.id, doc: row.doc });
      if (page.length >= limit) break;
    }
  } finally {
    await cursor.close();
  }
  return page;
}
