import { type AsyncVersionTable, applyEventsAsync, type DocumentVersion } from '../../core/document-versions';
import type { StoredEvent } from '../../core/event-store.port';
import { assertValidProjection, type DocumentRef, type Projection } from '../../core/projection';
import {
  type ApplyOptions,
  assertNamespace,
  type DocumentOnDates,
  matchesWhere,
  compareIds,
  type ListOptions,
  LiveNamespaceDropRefused,
  type NamespaceInfo,
  type ReadAt,
  type ReadStore,
  type ResolvedReadAt,
  resolveListOptions,
  resolveReadAt,
  resolveVersionsOn,
  UnknownNamespace,
  type VersionsOnQuery,
} from '../../core/read-store.port';
import { assertFence } from '../../core/projection-lease.port';
import type { InMemoryProjectionLeases } from './in-memory-projection-leases';

/** One stored version row; the document is kept as JSON, as a database would, so nothing is shared. */
interface Row {
  validFrom: string;
  knownFrom: number;
  knownUntil: number | null;
  json: string | null;
}

interface Namespace {
  projection: string;
  version: number;
  checkpoint: number;
  /** collection → id → rows, in insertion order. */
  documents: Map<string, Map<string, Row[]>>;
  /** Serialises batches: the store's "transaction lock". */
  lock: Promise<unknown>;
}

/**
 * For fast unit tests; passes the same contract suite as the SQLite store. It runs the asynchronous
 * version of the shared algorithm (the one a MongoDB adapter would use), so both are exercised.
 */
export class InMemoryReadStore implements ReadStore {
  private readonly spaces = new Map<string, Namespace>();
  private readonly live = new Map<string, string>();

  /** `leases`: where fenced batches check their token (see `ApplyOptions.fence`). */
  constructor(private readonly leases?: InMemoryProjectionLeases) {}

  /** No index to defer: documents are found in maps. */
  async completeIndexes(): Promise<void> {}

  async prepare(namespace: string, projection: Projection): Promise<void> {
    assertNamespace(namespace);
    assertValidProjection(projection);
    const existing = this.spaces.get(namespace);
    if (existing) {
      if (existing.projection !== projection.name || existing.version !== projection.version) {
        throw new Error(
          `namespace '${namespace}' already holds ${existing.projection} v${existing.version}, not ${projection.name} v${projection.version}`,
        );
      }
      return;
    }
    this.spaces.set(namespace, {
      projection: projection.name,
      version: projection.version,
      checkpoint: 0,
      documents: new Map(),
      lock: Promise.resolve(),
    });
  }

  async applyBatch(
    namespace: string,
    projection: Projection,
    events: readonly StoredEvent[],
    { through = 0, fence }: ApplyOptions = {},
  ): Promise<number> {
    const space = this.space(namespace);
    if (space.projection !== projection.name) {
      throw new Error(`namespace '${namespace}' holds projection '${space.projection}', not '${projection.name}'`);
    }
    const run = space.lock.then(async () => {
      // Writes go to copies of the touched documents' rows, swapped in only when the whole batch succeeded.
      const staged = new Map<string, { rows: Row[]; collection: string; id: string }>();
      const rowsOf = (ref: DocumentRef): Row[] => {
        const key = `${ref.collection}\u0000${ref.id}`;
        let entry = staged.get(key);
        if (!entry) {
          const stored = space.documents.get(ref.collection)?.get(ref.id) ?? [];
          entry = { rows: stored.map((row) => ({ ...row })), collection: ref.collection, id: ref.id };
          staged.set(key, entry);
        }
        return entry.rows;
      };
      const table: AsyncVersionTable = {
        versionsFrom: async (ref, date) => {
          const current = rowsOf(ref)
            .filter((row) => row.knownUntil === null)
            .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
          const before = current.filter((row) => row.validFrom < date).pop();
          return current
            .filter((row) => row === before || row.validFrom >= date)
            .map((row): DocumentVersion => ({ validFrom: row.validFrom, doc: parse(row.json) }));
        },
        supersede: async (ref, validFrom, position) => {
          const row = rowsOf(ref).find((r) => r.knownUntil === null && r.validFrom === validFrom);
          if (row) row.knownUntil = position;
        },
        insert: async (ref, version, position) => {
          const json = version.doc === null ? null : JSON.stringify(version.doc);
          rowsOf(ref).push({ validFrom: version.validFrom, knownFrom: position, knownUntil: null, json });
        },
      };
      const next = await applyEventsAsync(table, projection, events, space.checkpoint, through);
      if (this.spaces.get(namespace) !== space) throw new UnknownNamespace(namespace);
      // Checked with no await before the writes below: nothing can take the lease in between.
      if (fence) assertFence(fence, this.leases?.stored(fence.projection));
      for (const { collection, id, rows } of staged.values()) {
        let documents = space.documents.get(collection);
        if (!documents) space.documents.set(collection, (documents = new Map()));
        documents.set(id, rows);
      }
      space.checkpoint = Math.max(space.checkpoint, next);
      return space.checkpoint;
    });
    space.lock = run.catch(() => undefined);
    return run;
  }

  async checkpoint(namespace: string): Promise<number> {
    return this.spaces.get(namespace)?.checkpoint ?? 0;
  }

  async get<Doc>(namespace: string, collection: string, id: string, at?: ReadAt): Promise<Doc | null> {
    const readAt = resolveReadAt(at);
    const rows = this.space(namespace).documents.get(collection)?.get(id);
    const row = rows ? inForce(rows, readAt) : undefined;
    return parse(row?.json ?? null) as Doc | null;
  }

  async list<Doc>(namespace: string, collection: string, options?: ListOptions): Promise<{ id: string; doc: Doc }[]> {
    const { at, limit, idPrefix, after, where } = resolveListOptions(options);
    const documents = this.space(namespace).documents.get(collection) ?? new Map<string, Row[]>();
    const ids = [...documents.keys()]
      .filter((id) => (idPrefix === null || id.startsWith(idPrefix)) && (after === null || compareIds(id, after) > 0))
      .sort(compareIds);
    const page: { id: string; doc: Doc }[] = [];
    for (const id of ids) {
      const json = inForce(documents.get(id)!, at)?.json;
      if (!json) continue;
      const doc = JSON.parse(json);
      if (!matchesWhere(doc, where)) continue;
      page.push({ id, doc });
      if (page.length === limit) break;
    }
    return page;
  }

  async versionsOn<Doc>(
    namespace: string,
    collection: string,
    query: VersionsOnQuery,
  ): Promise<DocumentOnDates<Doc>[]> {
    const { dates, id, where, knownAt } = resolveVersionsOn(query);
    const documents = this.space(namespace).documents.get(collection) ?? new Map<string, Row[]>();
    const ids = [...documents.keys()].filter((candidate) => id === null || candidate === id).sort(compareIds);
    const answers: DocumentOnDates<Doc>[] = [];
    for (const candidate of ids) {
      const rows = documents.get(candidate)!;
      const docs = dates.map((asOf) => {
        const doc = parse(inForce(rows, { asOf, knownAt })?.json ?? null);
        return doc !== null && matchesWhere(doc, where) ? (doc as Doc) : null;
      });
      if (docs.some((doc) => doc !== null)) answers.push({ id: candidate, docs });
    }
    return answers;
  }

  async drop(namespace: string): Promise<void> {
    assertNamespace(namespace);
    if ([...this.live.values()].includes(namespace)) throw new LiveNamespaceDropRefused(namespace);
    this.spaces.delete(namespace);
  }

  async namespaces(): Promise<NamespaceInfo[]> {
    const live = new Set(this.live.values());
    return [...this.spaces.entries()]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([namespace, space]) => ({
        namespace,
        projection: space.projection,
        version: space.version,
        checkpoint: space.checkpoint,
        live: live.has(namespace),
      }));
  }

  async liveNamespace(name: string): Promise<string | null> {
    return this.live.get(name) ?? null;
  }

  async setLiveNamespace(name: string, namespace: string): Promise<void> {
    const space = this.space(namespace);
    if (space.projection !== name) {
      throw new Error(`namespace '${namespace}' holds projection '${space.projection}', not '${name}'`);
    }
    this.live.set(name, namespace);
  }

  private space(namespace: string): Namespace {
    const space = this.spaces.get(namespace);
    if (!space) throw new UnknownNamespace(namespace);
    return space;
  }
}

/** The row answering "as of asOf, as known at knownAt": alive then, latest validFrom not after asOf. */
function inForce(rows: readonly Row[], { asOf, knownAt }: ResolvedReadAt): Row | undefined {
  let found: Row | undefined;
  for (const row of rows) {
    const alive =
      knownAt === null
        ? row.knownUntil === null
        : row.knownFrom <= knownAt && (row.knownUntil === null || row.knownUntil > knownAt);
    if (alive && row.validFrom <= asOf && (!found || row.validFrom > found.validFrom)) found = row;
  }
  return found;
}

function parse(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}
