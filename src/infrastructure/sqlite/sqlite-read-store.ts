import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { applyEvents, type DocumentVersion, type VersionTable } from '../../core/document-versions';
import type { StoredEvent } from '../../core/event-store.port';
import type { DocumentRef, Projection } from '../../core/projection';
import { assertValidProjection } from '../../core/projection';
import {
  type ApplyOptions,
  assertNamespace,
  type DocumentOnDates,
  matchesWhere,
  type FieldValue,
  type ListOptions,
  LiveNamespaceDropRefused,
  type NamespaceInfo,
  type PrepareOptions,
  type ReadAt,
  type ReadStore,
  resolveListOptions,
  resolveReadAt,
  resolveVersionsOn,
  UnknownNamespace,
  type VersionsOnQuery,
} from '../../core/read-store.port';
import type { LeaseFence } from '../../core/projection-lease.port';
import { sqliteFenceCheck } from './sqlite-projection-leases';

/*
 * One table per namespace, `rm_<namespace>`, holding every version row of every collection:
 *   (collection, id, valid_from)            the document's version in force from valid_from on
 *   known_from / known_until                the log positions that wrote and superseded the row
 *   doc                                     JSON; NULL when the document does not exist from valid_from
 * A table per namespace makes dropping an old build instant and keeps builds from slowing each other.
 */
const SHARED_SCHEMA = `
  CREATE TABLE IF NOT EXISTS read_model_namespaces (
    namespace  TEXT    PRIMARY KEY,
    projection TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    checkpoint INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS read_model_live (
    projection TEXT PRIMARY KEY,
    namespace  TEXT NOT NULL
  );
`;

function namespaceSchema(table: string): string {
  return `
    CREATE TABLE IF NOT EXISTS "${table}" (
      collection  TEXT    NOT NULL,
      id          TEXT    NOT NULL,
      valid_from  TEXT    NOT NULL,
      known_from  INTEGER NOT NULL,
      known_until INTEGER,
      doc         TEXT
    );
    -- Today's knowledge: one lookup for "as of D", and at most one current row per date.
    CREATE UNIQUE INDEX IF NOT EXISTS "${table}_current" ON "${table}" (collection, id, valid_from)
      WHERE known_until IS NULL;
  `;
}

/**
 * The indexes only readers use (writing needs `_current` alone): earlier knowledge, i.e. superseded rows kept
 * out of the index today's reads use, and the projection's fields. Deferred for a namespace being rebuilt.
 */
function readerIndexes(table: string, projection: Projection): string {
  const fields = Object.values(projection.collections).flatMap(({ indexes = [] }) => indexes);
  return [
    `CREATE INDEX IF NOT EXISTS "${table}_superseded" ON "${table}" (collection, id, valid_from, known_from)
       WHERE known_until IS NOT NULL;`,
    ...fields.map((field) => fieldIndex(table, field)),
  ].join('\n');
}

interface NamespaceRow {
  namespace: string;
  projection: string;
  version: number;
  checkpoint: number;
}

interface SeriesRow {
  id: string;
  i: number;
  doc: string | null;
}

/** A version row's values, in the order of the insert statements' columns. */
type RowValues = [
  collection: string,
  id: string,
  validFrom: string,
  knownFrom: number,
  knownUntil: number | null,
  doc: string | null,
];

/** Rows a multi-row insert writes at once: fewer statements, well under SQLite's limit on parameters. */
const ROWS_PER_INSERT = 64;

interface VersionRow {
  validFrom: string;
  doc: string | null;
}

/** Statements of one namespace's table, prepared once. */
interface TableStatements {
  versionsFrom: Database.Statement<{ collection: string; id: string; date: string }, VersionRow>;
  supersede: Database.Statement<{ collection: string; id: string; validFrom: string; position: number }>;
  /** Inserts one row: collection, id, valid_from, known_from, known_until, doc. */
  insert: Database.Statement<RowValues>;
  /** Inserts `ROWS_PER_INSERT` rows, their values one after the other. */
  insertMany: Database.Statement<[RowValues[number][]]>;
  current: Database.Statement<[string, string, string], { doc: string | null }>;
  knownAt: Database.Statement<
    { collection: string; id: string; asOf: string; knownAt: number },
    { doc: string | null }
  >;
  lists: Map<string, Database.Statement<Record<string, unknown>, { id: string; doc: string }>>;
  /** Names of the table's indexes, to know which filters can jump from one document to the next. */
  indexes: Set<string>;
}

/**
 * JSON kept between batches per namespace, in characters: the least recently used documents go first past it.
 * Reached early in a long rebuild, so its memory does not grow with the log.
 */
export const KEPT_JSON_PER_NAMESPACE = 4_000_000;
/** Versions kept per document: its latest ones (by date), where the next event usually lands. */
const KEPT_VERSIONS_PER_DOCUMENT = 2;

export interface SqliteReadStoreOptions {
  /** JSON kept between batches per namespace, in characters (see `KeptBetweenBatches`); 0 keeps none. */
  keptJson?: number;
}

/**
 * The versions a namespace's batches have read and written, kept for its next batch, with the checkpoint they
 * are true at. Another writer (an instance that took the projection over) moves the checkpoint: then they are
 * dropped, as they are after a batch that failed (its transaction rolled back).
 */
interface KeptBetweenBatches {
  checkpoint: number;
  documents: KeptDocuments;
}

/**
 * Documents' kept versions by key, most recently used last, with the JSON they hold as last measured. A batch
 * touches few of them: `trim` measures and trims only those, so its cost follows the batch, not what is kept.
 */
class KeptDocuments {
  private readonly documents = new Map<string, KeptVersions>();
  private readonly touched = new Set<string>();
  private measured = 0;

  get(key: string): KeptVersions | undefined {
    const known = this.documents.get(key);
    if (known) this.set(key, known);
    return known;
  }

  set(key: string, known: KeptVersions): void {
    const earlier = this.documents.get(key);
    if (earlier) this.measured -= earlier.size;
    // Moved last on its first use in a batch only: a roll-up's document is used by nearly every event of a
    // batch, and what a batch used goes after what it did not either way.
    if (!this.touched.has(key)) this.documents.delete(key);
    this.documents.set(key, known);
    this.measured += known.size;
    this.touched.add(key);
  }

  delete(key: string): void {
    const known = this.documents.get(key);
    if (known) this.measured -= known.size;
    this.documents.delete(key);
  }

  /** Each touched document's latest versions only; then the least recently used go until `budget` holds. */
  trim(budget: number): void {
    for (const key of this.touched) {
      const known = this.documents.get(key);
      if (!known) continue;
      if (known.versions.length > KEPT_VERSIONS_PER_DOCUMENT) {
        known.versions = known.versions.slice(-KEPT_VERSIONS_PER_DOCUMENT);
        known.completeFrom = known.versions[0].validFrom;
      }
      const size = known.versions.reduce((sum, version) => sum + version.json.length, 0);
      this.measured += size - known.size;
      known.size = size;
    }
    this.touched.clear();
    for (const key of this.documents.keys()) {
      if (this.measured <= budget) break;
      this.delete(key);
    }
  }
}

export class SqliteReadStore implements ReadStore {
  private readonly tables = new Map<string, TableStatements>();
  private readonly kept = new Map<string, KeptBetweenBatches>();
  private readonly keptJson: number;
  private readonly statements;
  private readonly applyTransaction;

  constructor(
    private readonly db: Database.Database,
    options: SqliteReadStoreOptions = {},
  ) {
    this.keptJson = options.keptJson ?? KEPT_JSON_PER_NAMESPACE;
    db.exec(SHARED_SCHEMA);
    this.statements = {
      namespace: db.prepare<[string], NamespaceRow>('SELECT * FROM read_model_namespaces WHERE namespace = ?'),
      namespaces: db.prepare<[], NamespaceRow & { live: string | null }>(
        `SELECT n.*, l.projection AS live FROM read_model_namespaces n
           LEFT JOIN read_model_live l ON l.namespace = n.namespace ORDER BY n.namespace`,
      ),
      addNamespace: db.prepare<[string, string, number]>(
        'INSERT OR IGNORE INTO read_model_namespaces (namespace, projection, version) VALUES (?, ?, ?)',
      ),
      removeNamespace: db.prepare<[string]>('DELETE FROM read_model_namespaces WHERE namespace = ?'),
      setCheckpoint: db.prepare<[number, string]>(
        'UPDATE read_model_namespaces SET checkpoint = ? WHERE namespace = ?',
      ),
      live: db.prepare<[string], { namespace: string }>('SELECT namespace FROM read_model_live WHERE projection = ?'),
      isLive: db.prepare<[string], { projection: string }>(
        'SELECT projection FROM read_model_live WHERE namespace = ?',
      ),
      setLive: db.prepare<[string, string]>(
        `INSERT INTO read_model_live (projection, namespace) VALUES (?, ?)
           ON CONFLICT (projection) DO UPDATE SET namespace = excluded.namespace`,
      ),
    };
    const checkFence = sqliteFenceCheck(db);
    this.applyTransaction = db.transaction(
      (
        namespace: string,
        projection: Projection,
        events: readonly StoredEvent[],
        through: number,
        fence: LeaseFence | undefined,
      ): number => {
        if (fence) checkFence(fence);
        const row = this.namespaceRow(namespace);
        if (row.projection !== projection.name) {
          throw new Error(`namespace '${namespace}' holds projection '${row.projection}', not '${projection.name}'`);
        }
        const kept = this.keptFor(namespace, row.checkpoint);
        const table = this.versionTable(namespace, kept.documents);
        const next = applyEvents(table, projection, events, row.checkpoint, through);
        table.flush();
        if (next > row.checkpoint) this.statements.setCheckpoint.run(next, namespace);
        kept.documents.trim(this.keptJson);
        kept.checkpoint = next;
        return next;
      },
    );
  }

  async prepare(namespace: string, projection: Projection, options: PrepareOptions = {}): Promise<void> {
    assertNamespace(namespace);
    assertValidProjection(projection);
    const table = tableOf(namespace);
    this.db
      .transaction(() => {
        const existing = this.statements.namespace.get(namespace);
        if (existing && (existing.projection !== projection.name || existing.version !== projection.version)) {
          throw new Error(
            `namespace '${namespace}' already holds ${existing.projection} v${existing.version}, not ${projection.name} v${projection.version}`,
          );
        }
        this.db.exec(namespaceSchema(table));
        // Deferred only for a new namespace: one that exists keeps (or gets) them all.
        if (!options.deferIndexes || existing) this.db.exec(readerIndexes(table, projection));
        this.statements.addNamespace.run(namespace, projection.name, projection.version);
      })
      .immediate();
  }

  async completeIndexes(namespace: string, projection: Projection): Promise<void> {
    this.namespaceRow(namespace);
    this.db.transaction(() => this.db.exec(readerIndexes(tableOf(namespace), projection))).immediate();
    // The statements prepared before know which indexes a listing can jump along: prepare them again.
    this.tables.delete(namespace);
    this.kept.delete(namespace);
  }

  async applyBatch(
    namespace: string,
    projection: Projection,
    events: readonly StoredEvent[],
    { through = 0, fence }: ApplyOptions = {},
  ): Promise<number> {
    // IMMEDIATE: take the write lock before reading the checkpoint (and the lease), as another process may write too.
    try {
      return this.applyTransaction.immediate(namespace, projection, events, through, fence);
    } catch (error) {
      // Rolled back: what the batch kept may be what it wrote.
      this.kept.delete(namespace);
      throw error;
    }
  }

  async checkpoint(namespace: string): Promise<number> {
    return this.statements.namespace.get(namespace)?.checkpoint ?? 0;
  }

  async get<Doc>(namespace: string, collection: string, id: string, at?: ReadAt): Promise<Doc | null> {
    const { asOf, knownAt } = resolveReadAt(at);
    const table = this.tableStatements(namespace);
    const row =
      knownAt === null ? table.current.get(collection, id, asOf) : table.knownAt.get({ collection, id, asOf, knownAt });
    return row?.doc ? (JSON.parse(row.doc) as Doc) : null;
  }

  async list<Doc>(namespace: string, collection: string, options?: ListOptions): Promise<{ id: string; doc: Doc }[]> {
    const resolved = resolveListOptions(options);
    const table = this.tableStatements(namespace);
    const name = tableOf(namespace);
    const params: Record<string, unknown> = { collection, asOf: resolved.at.asOf, limit: resolved.limit };
    const ids: string[] = [];
    if (resolved.idPrefix !== null) {
      ids.push('id >= @idPrefix');
      params.idPrefix = resolved.idPrefix;
      if (resolved.idPrefixEnd !== null) {
        ids.push('id < @idPrefixEnd');
        params.idPrefixEnd = resolved.idPrefixEnd;
      }
    }
    if (resolved.after !== null) {
      ids.push('id > @after');
      params.after = resolved.after;
    }
    const fields = resolved.where.map(([path, value], i) => {
      if (typeof value !== 'boolean') params[`w${i}`] = value;
      return fieldCondition(path, value, `w${i}`);
    });
    const and = (conditions: string[]) => conditions.map((condition) => ` AND ${condition}`).join('');

    // With a filter on field values, candidates first: the ids that have a row with those values (found
    // through the field indexes), then each candidate's version in force, checked in full. The version in
    // force is one of the document's rows, so no document is missed; and a listing costs one lookup per
    // document, not a pass over every version of every document (a union has a version per day it changed).
    const seeks = resolved.where.flatMap(([path, value], i) =>
      typeof value === 'boolean' ? [] : [`json_extract(doc, ${jsonPath(path)}) = @w${i}`],
    );
    const rowsWith = (known: string, select = 'id') =>
      `SELECT ${select} FROM "${name}" v WHERE collection = @collection AND ${known}${and(ids)}${and(seeks)}`;
    // The document's latest row in force on asOf among those `alive`, found walking its versions back from asOf.
    const inForce = (alive: string, alias = 'l') =>
      `SELECT * FROM (SELECT ${alias}.rowid AS row, ${alias}.valid_from AS validFrom FROM "${name}" ${alias}
         WHERE ${alias}.collection = @collection AND ${alias}.id = candidates.id AND ${alive}
           AND ${alias}.valid_from <= @asOf
         ORDER BY ${alias}.valid_from DESC LIMIT 1)`;

    // One field with its own index: jump from each document to the next in that index (a loose index scan),
    // so finding the candidates costs one seek per document, whatever the length of their histories.
    const sought = resolved.where.filter(([, value]) => typeof value !== 'boolean');
    const jump = sought.length === 1 && table.indexes.has(`${name}_ix_${indexNameOf([sought[0][0]])}`);
    const candidatesNow = jump
      ? `WITH RECURSIVE next(id) AS (
           SELECT (${rowsWith('known_until IS NULL', 'min(id)')})
           UNION ALL
           SELECT (${rowsWith('known_until IS NULL AND id > next.id', 'min(id)')}) FROM next WHERE next.id IS NOT NULL)
         SELECT id FROM next WHERE id IS NOT NULL`
      : rowsWith('known_until IS NULL', 'DISTINCT id');

    let sql: string;
    if (resolved.at.knownAt === null && seeks.length > 0) {
      sql = `SELECT w.id, w.doc FROM (${candidatesNow}) candidates
               JOIN "${name}" w ON w.rowid = (SELECT row FROM (${inForce('l.known_until IS NULL')}))
             WHERE w.doc IS NOT NULL${and(fields)}
             ORDER BY w.id LIMIT @limit`;
    } else if (resolved.at.knownAt === null) {
      // Walks the current rows in id order and stops at the limit: the row read must be the one in
      // force on asOf, i.e. no later current row of the same document up to asOf.
      sql = `SELECT v.id, v.doc FROM "${name}" v
              WHERE v.collection = @collection AND v.known_until IS NULL AND v.valid_from <= @asOf
                AND v.doc IS NOT NULL${and(ids.map((c) => `v.${c}`))}${and(fields)}
                AND NOT EXISTS (SELECT 1 FROM "${name}" l WHERE l.collection = v.collection AND l.id = v.id
                  AND l.known_until IS NULL AND l.valid_from > v.valid_from AND l.valid_from <= @asOf)
              ORDER BY v.id LIMIT @limit`;
    } else if (seeks.length > 0) {
      // As known at a position: a document may have matched only in rows superseded since, so those count too.
      params.knownAt = resolved.at.knownAt;
      sql = `WITH candidates AS (${rowsWith('known_until IS NULL')} UNION ${rowsWith('known_until IS NOT NULL')})
             SELECT w.id, w.doc FROM candidates JOIN "${name}" w
               ON w.rowid = (SELECT row FROM (${inForce('l.known_until IS NULL AND l.known_from <= @knownAt')}
                               UNION ALL ${inForce(
                                 `l.known_until > @knownAt AND l.known_from <= @knownAt AND l.valid_from > coalesce((
                                    SELECT validFrom FROM (${inForce('m.known_until IS NULL AND m.known_from <= @knownAt', 'm')})), '')`,
                               )})
                             ORDER BY validFrom DESC LIMIT 1)
             WHERE w.doc IS NOT NULL${and(fields)}
             ORDER BY w.id LIMIT @limit`;
    } else {
      // Audit reads: the rows alive at that position (current or superseded later), latest date first.
      params.knownAt = resolved.at.knownAt;
      const alive = (known: string) =>
        `SELECT id, valid_from, doc FROM "${name}" WHERE collection = @collection AND ${known}
           AND known_from <= @knownAt AND valid_from <= @asOf${and(ids)}`;
      sql = `WITH alive AS (${alive('known_until IS NULL')} UNION ALL ${alive('known_until > @knownAt')}),
                  in_force AS (SELECT id, doc, row_number() OVER (PARTITION BY id ORDER BY valid_from DESC) AS rank
                                 FROM alive)
             SELECT id, doc FROM in_force WHERE rank = 1 AND doc IS NOT NULL${and(fields)}
             ORDER BY id LIMIT @limit`;
    }
    let statement = table.lists.get(sql);
    if (!statement) {
      statement = this.db.prepare<Record<string, unknown>, { id: string; doc: string }>(sql);
      table.lists.set(sql, statement);
    }
    return statement.all(params).map((row) => ({ id: row.id, doc: JSON.parse(row.doc) as Doc }));
  }

  async versionsOn<Doc>(
    namespace: string,
    collection: string,
    query: VersionsOnQuery,
  ): Promise<DocumentOnDates<Doc>[]> {
    const { dates, id, where, knownAt } = resolveVersionsOn(query);
    if (dates.length === 0) return [];
    const table = this.tableStatements(namespace);
    const name = tableOf(namespace);
    const params: Record<string, unknown> = { collection, dates: JSON.stringify(dates) };
    if (knownAt !== null) params.knownAt = knownAt;
    const seeks = where.flatMap(([path, value], i) => {
      if (typeof value === 'boolean') return [];
      params[`w${i}`] = value;
      return [` AND json_extract(doc, ${jsonPath(path)}) = @w${i}`];
    });
    const known = knownAt === null ? 'known_until IS NULL' : 'known_from <= @knownAt';
    const rowsWith = (extra: string, select: string) =>
      `SELECT ${select} FROM "${name}" WHERE collection = @collection AND ${known}${extra}${seeks.join('')}`;

    // The candidates: documents with a row matching. With one indexed field (or none), jump from each
    // document to the next (one seek per document), rather than reading every version of every document.
    let candidates: string;
    if (id !== null) {
      params.id = id;
      candidates = 'SELECT @id AS id';
    } else if (seeks.length <= 1 && (seeks.length === 0 || this.hasFieldIndex(table, name, where))) {
      candidates = `WITH RECURSIVE next(id) AS (
          SELECT (${rowsWith('', 'min(id)')})
          UNION ALL
          SELECT (${rowsWith(' AND id > next.id', 'min(id)')}) FROM next WHERE next.id IS NOT NULL)
        SELECT id FROM next WHERE id IS NOT NULL`;
    } else {
      candidates = rowsWith('', 'DISTINCT id');
    }
    // Each candidate's version in force on each date: one seek along its versions per date.
    const latest = (alive: string, alias = 'l') =>
      `SELECT * FROM (SELECT ${alias}.doc, ${alias}.valid_from FROM "${name}" ${alias}
         WHERE ${alias}.collection = @collection AND ${alias}.id = c.id AND ${alive}
           AND ${alias}.valid_from <= dates.value ORDER BY ${alias}.valid_from DESC LIMIT 1)`;
    // As known at a position: the current row in force then, unless a row superseded since is in force on a
    // later date. Only rows after the current one's date are searched for it: a document changed by every
    // event (a roll-up) has thousands of superseded rows before it.
    const inForce =
      knownAt === null
        ? latest('l.known_until IS NULL')
        : `SELECT * FROM (${latest('l.known_until IS NULL AND l.known_from <= @knownAt')}
             UNION ALL ${latest(
               `l.known_until > @knownAt AND l.known_from <= @knownAt AND l.valid_from > coalesce((
                  SELECT valid_from FROM (${latest('m.known_until IS NULL AND m.known_from <= @knownAt', 'm')})), '')`,
             )})
           ORDER BY valid_from DESC LIMIT 1`;
    const sql = `SELECT c.id AS id, dates.key AS i, (SELECT doc FROM (${inForce})) AS doc
                   FROM (${candidates}) c CROSS JOIN json_each(@dates) dates
                  ORDER BY c.id, dates.key`;
    let statement = table.lists.get(sql) as Database.Statement<Record<string, unknown>, SeriesRow> | undefined;
    if (!statement) {
      statement = this.db.prepare<Record<string, unknown>, SeriesRow>(sql);
      table.lists.set(sql, statement as never);
    }
    const answers: DocumentOnDates<Doc>[] = [];
    let current: DocumentOnDates<Doc> | null = null;
    // Most dates of a document read the same version as the date before: parsed once, shared.
    let lastJson: string | null = null;
    let lastDoc: Doc | null = null;
    for (const row of statement.all(params)) {
      if (current === null || current.id !== row.id) {
        if (current && current.docs.some((doc) => doc !== null)) answers.push(current);
        current = { id: row.id, docs: [] };
      }
      if (row.doc !== lastJson) {
        lastJson = row.doc;
        lastDoc = row.doc === null ? null : (JSON.parse(row.doc) as Doc);
      }
      const doc = lastDoc;
      current.docs.push(doc !== null && matchesWhere(doc, where) ? doc : null);
    }
    if (current && current.docs.some((doc) => doc !== null)) answers.push(current);
    return answers;
  }

  private hasFieldIndex(table: TableStatements, name: string, where: readonly [string, FieldValue][]): boolean {
    return where.length === 1 && table.indexes.has(`${name}_ix_${indexNameOf([where[0][0]])}`);
  }

  async drop(namespace: string): Promise<void> {
    assertNamespace(namespace);
    this.db
      .transaction(() => {
        if (this.statements.isLive.get(namespace)) throw new LiveNamespaceDropRefused(namespace);
        this.db.exec(`DROP TABLE IF EXISTS "${tableOf(namespace)}"`);
        this.statements.removeNamespace.run(namespace);
      })
      .immediate();
    this.tables.delete(namespace);
    this.kept.delete(namespace);
  }

  async namespaces(): Promise<NamespaceInfo[]> {
    return this.statements.namespaces.all().map(({ live, ...row }) => ({ ...row, live: live !== null }));
  }

  async liveNamespace(name: string): Promise<string | null> {
    return this.statements.live.get(name)?.namespace ?? null;
  }

  async setLiveNamespace(name: string, namespace: string): Promise<void> {
    this.db
      .transaction(() => {
        const row = this.namespaceRow(namespace);
        if (row.projection !== name) {
          throw new Error(`namespace '${namespace}' holds projection '${row.projection}', not '${name}'`);
        }
        this.statements.setLive.run(name, namespace);
      })
      .immediate();
  }

  private namespaceRow(namespace: string): NamespaceRow {
    const row = this.statements.namespace.get(namespace);
    if (!row) throw new UnknownNamespace(namespace);
    return row;
  }

  private tableStatements(namespace: string): TableStatements {
    const cached = this.tables.get(namespace);
    if (cached) return cached;
    assertNamespace(namespace);
    // Another process may have dropped it; the table exists exactly when the namespace row does.
    this.namespaceRow(namespace);
    const table = tableOf(namespace);
    const statements: TableStatements = {
      versionsFrom: this.db.prepare(
        `SELECT valid_from AS validFrom, doc FROM "${table}"
          WHERE collection = @collection AND id = @id AND known_until IS NULL
            AND valid_from >= coalesce((SELECT max(valid_from) FROM "${table}" WHERE collection = @collection
                                          AND id = @id AND known_until IS NULL AND valid_from < @date), @date)
          ORDER BY valid_from`,
      ),
      supersede: this.db.prepare(
        `UPDATE "${table}" SET known_until = @position
          WHERE collection = @collection AND id = @id AND valid_from = @validFrom AND known_until IS NULL`,
      ),
      insert: this.db.prepare(
        `INSERT INTO "${table}" (collection, id, valid_from, known_from, known_until, doc) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      insertMany: this.db.prepare<[RowValues[number][]]>(
        `INSERT INTO "${table}" (collection, id, valid_from, known_from, known_until, doc) VALUES ${Array.from(
          { length: ROWS_PER_INSERT },
          () => '(?, ?, ?, ?, ?, ?)',
        ).join(', ')}`,
      ),
      current: this.db.prepare(
        `SELECT doc FROM "${table}" WHERE collection = ? AND id = ? AND known_until IS NULL AND valid_from <= ?
          ORDER BY valid_from DESC LIMIT 1`,
      ),
      // Split in two so each half uses its own partial index, and each stops at its latest row rather than
      // reading every version of the document.
      // The current row in force then, unless a row superseded since is in force on a later date: searched
      // only after the current row's date (a roll-up has a superseded row per event before it).
      knownAt: this.db.prepare(
        `WITH current_row AS (
           SELECT doc, valid_from FROM "${table}" WHERE collection = @collection AND id = @id
             AND known_until IS NULL AND known_from <= @knownAt AND valid_from <= @asOf
             ORDER BY valid_from DESC LIMIT 1)
         SELECT doc FROM (
           SELECT * FROM current_row
           UNION ALL
           SELECT * FROM (SELECT doc, valid_from FROM "${table}" WHERE collection = @collection AND id = @id
             AND known_until > @knownAt AND known_from <= @knownAt AND valid_from <= @asOf
             AND valid_from > coalesce((SELECT valid_from FROM current_row), '')
             ORDER BY valid_from DESC LIMIT 1)
         ) ORDER BY valid_from DESC LIMIT 1`,
      ),
      lists: new Map(),
      indexes: new Set(
        this.db
          .prepare<[string], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`)
          .all(table)
          .map((row) => row.name),
      ),
    };
    this.tables.set(namespace, statements);
    return statements;
  }

  /** The versions kept for the namespace's batches, if they are still true at `checkpoint`; else none. */
  private keptFor(namespace: string, checkpoint: number): KeptBetweenBatches {
    const kept = this.kept.get(namespace);
    if (kept && kept.checkpoint === checkpoint) return kept;
    const fresh = { checkpoint, documents: new KeptDocuments() };
    if (this.keptJson > 0) this.kept.set(namespace, fresh);
    else this.kept.delete(namespace);
    return fresh;
  }

  /**
   * The version table one batch works on. The current versions of each document read or written are kept (as
   * JSON) with the date they are complete from, in `kept`, which outlives the batch (see `KeptBetweenBatches`):
   * the next event on the same document — a union's next join, its federation's roll-up — finds them without a
   * query. What the kept versions cannot answer for sure (an earlier date than they cover) is read again from
   * the table.
   *
   * New rows wait in memory until `flush` (called before the batch's checkpoint is stored, in the same
   * transaction) and are then written in insertion order, several per statement. A row superseded before then
   * is written once, already closed, rather than inserted and then updated: a roll-up changed by many events
   * of one day costs one row each, not a row and an update. The rows, their order and their bytes are those
   * writing through at once would give.
   */
  private versionTable(namespace: string, kept: KeptDocuments): VersionTable & { flush(): void } {
    const statements = this.tableStatements(namespace);
    const keyOf = (ref: DocumentRef) => `${ref.collection}\u0000${ref.id}`;
    /** Rows not written yet, in insertion order. */
    let pending: RowValues[] = [];
    /** Of those, the ones still current, by document and date: a supersede closes them in place. */
    const open = new Map<string, RowValues>();
    /** Documents with rows not written yet: a query about one must wait for them. */
    const unwritten = new Set<string>();
    const flush = () => {
      let i = 0;
      for (; i + ROWS_PER_INSERT <= pending.length; i += ROWS_PER_INSERT) {
        statements.insertMany.run(pending.slice(i, i + ROWS_PER_INSERT).flat());
      }
      for (; i < pending.length; i++) statements.insert.run(...pending[i]);
      pending = [];
      open.clear();
      unwritten.clear();
    };
    const parsed = ({ validFrom, json }: KeptVersion): DocumentVersion => ({
      validFrom,
      doc: json === 'null' ? null : JSON.parse(json),
      json,
    });
    return {
      versionsFrom: (ref: DocumentRef, date: string): DocumentVersion[] => {
        const key = keyOf(ref);
        const known = kept.get(key);
        if (known) {
          const from = firstFrom(known.versions, date);
          // The version before `date` is among those kept, or none exists: the kept ones answer.
          if (from > 0 || known.completeFrom === '') return known.versions.slice(Math.max(0, from - 1)).map(parsed);
        }
        if (unwritten.has(key)) flush();
        const rows = statements.versionsFrom.all({ collection: ref.collection, id: ref.id, date });
        const versions = rows.map((row) => ({ validFrom: row.validFrom, json: row.doc ?? 'null' }));
        // No version before `date`: these are all the document's current versions.
        const completeFrom = versions.length > 0 && versions[0].validFrom < date ? versions[0].validFrom : '';
        kept.set(key, { versions, completeFrom, size: 0 });
        return versions.map(parsed);
      },
      supersede: (ref: DocumentRef, validFrom: string, position: number) => {
        const key = keyOf(ref);
        const row = open.get(`${key}\u0000${validFrom}`);
        if (row) {
          row[4] = position;
          open.delete(`${key}\u0000${validFrom}`);
        } else {
          statements.supersede.run({ collection: ref.collection, id: ref.id, validFrom, position });
        }
        const known = kept.get(key);
        if (known) {
          const at = firstFrom(known.versions, validFrom);
          if (known.versions[at]?.validFrom === validFrom) known.versions.splice(at, 1);
        }
      },
      insert: (ref: DocumentRef, version: DocumentVersion, position: number) => {
        const key = keyOf(ref);
        const json = version.json ?? JSON.stringify(version.doc);
        const row: RowValues = [
          ref.collection,
          ref.id,
          version.validFrom,
          position,
          null,
          version.doc === null ? null : json,
        ];
        pending.push(row);
        open.set(`${key}\u0000${version.validFrom}`, row);
        unwritten.add(key);
        const known = kept.get(key);
        if (!known) return;
        if (known.completeFrom !== '' && version.validFrom < known.completeFrom) {
          kept.delete(key);
          return;
        }
        // Its date's current version was superseded just before: the slot is free, and the order kept.
        known.versions.splice(firstFrom(known.versions, version.validFrom), 0, { validFrom: version.validFrom, json });
      },
      flush,
    };
  }
}

/** The index of the first of the ascending versions starting on or after `date` (their length when none). */
function firstFrom(versions: readonly KeptVersion[], date: string): number {
  let low = 0;
  let high = versions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (versions[middle].validFrom < date) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface KeptVersion {
  validFrom: string;
  json: string;
}

/** A document's current versions from `completeFrom` on ('' : all of them), ascending. */
interface KeptVersions {
  versions: KeptVersion[];
  completeFrom: string;
  /** Their JSON in characters, as last measured by `KeptDocuments.trim` (0 before). */
  size: number;
}

function tableOf(namespace: string): string {
  return `rm_${namespace}`;
}

/** JSON path of a checked field path (`a.b` → `$.a.b`), safe to inline: the indexes need a literal. */
function jsonPath(path: string): string {
  return `'$.${path}'`;
}

/** Equality that tells JSON strings, numbers and booleans apart, as the in-memory store does. */
function fieldCondition(path: string, value: FieldValue, param: string): string {
  const type = `json_type(doc, ${jsonPath(path)})`;
  if (typeof value === 'boolean') return `${type} = '${value ? 'true' : 'false'}'`;
  const kind = typeof value === 'string' ? `${type} = 'text'` : `${type} IN ('integer', 'real')`;
  return `json_extract(doc, ${jsonPath(path)}) = @${param} AND ${kind}`;
}

/** Indexes are named by their fields: collections declaring the same fields share them. */
function indexNameOf(fields: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}

/**
 * Indexes by collection and declared fields, for `where` filters: one over current versions, one over
 * superseded ones (what "as known at" an earlier position lists may only match there).
 */
function fieldIndex(table: string, fields: readonly string[]): string {
  const name = indexNameOf(fields);
  const columns = fields.map((field) => `json_extract(doc, ${jsonPath(field)})`).join(', ');
  // The collection leads rather than sitting in the WHERE: a partial index on a literal would not serve
  // queries that bind the collection as a parameter.
  return `CREATE INDEX IF NOT EXISTS "${table}_ix_${name}" ON "${table}" (collection, ${columns}, id)
            WHERE known_until IS NULL;
          CREATE INDEX IF NOT EXISTS "${table}_sx_${name}" ON "${table}" (collection, ${columns}, id)
            WHERE known_until IS NOT NULL;`;
}
