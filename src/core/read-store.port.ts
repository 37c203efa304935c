import { isBusinessDate } from './business-date';
import { NotFound, RuleBroken } from './domain-error';
import type { StoredEvent } from './event-store.port';
import type { LeaseFence } from './projection-lease.port';
import { isFieldPath, type Projection } from './projection';
import { isLogPosition, logPositionMessage } from './position-or-instant';

/**
 * Where read models live (SQLite embedded today, MongoDB later). Every document is kept as
 * bitemporal versions — see `document-versions.ts` — so both time-travel questions are one
 * index lookup. Storage is split in namespaces (`membership_v1`, `membership_v1_at5000`): one per
 * built copy of a projection, so a rebuild runs beside the copy that serves readers.
 */

/** Which answer to read. Both default to "now": the latest business date, everything applied so far. */
export interface ReadAt {
  /** Business date `YYYY-MM-DD`: the version in force on that day. */
  asOf?: string;
  /**
   * A global log position: the answer as it stood once the event at that position was applied,
   * before any later (back-dated or correcting) event. Callers turn a recording time into a position.
   */
  knownAt?: number;
}

/** Equality on a document field; `path` as declared in the collection's indexes to be fast. */
export type FieldValue = string | number | boolean;

export interface ListOptions {
  /** Only ids starting with this. */
  idPrefix?: string;
  /** Only documents whose fields (dotted paths) equal these values, in the version read. */
  where?: Readonly<Record<string, FieldValue>>;
  at?: ReadAt;
  /** Page size; 1000 by default. */
  limit?: number;
  /** Resume after this id (the last id of the previous page). */
  after?: string;
}

export interface VersionsOnOptions {
  /** Only this document. */
  id?: string;
  /** Only versions whose fields equal these values. */
  where?: Readonly<Record<string, FieldValue>>;
  /** A global log position: the versions as they stood then. */
  knownAt?: number;
}

/** A `versionsOn` read: the dates, and which documents as known when. */
export interface VersionsOnQuery extends VersionsOnOptions {
  dates: readonly string[];
}

export interface DocumentOnDates<Doc> {
  id: string;
  docs: (Doc | null)[];
}

/** Most dates one `versionsOn` read answers: bounds the work of a request. */
export const MAX_DATES_PER_READ = 1000;

export interface ResolvedVersionsOn {
  dates: string[];
  id: string | null;
  where: [path: string, value: FieldValue][];
  knownAt: number | null;
}

export function resolveVersionsOn(query: VersionsOnQuery): ResolvedVersionsOn {
  const { dates, ...options } = query;
  if (dates.length > MAX_DATES_PER_READ) throw new RangeError(`at most ${MAX_DATES_PER_READ} dates per read`);
  for (const date of dates) {
    if (!isBusinessDate(date)) throw new RangeError(`'${date}' is not a calendar date written YYYY-MM-DD`);
  }
  const { where, at } = resolveListOptions({ where: options.where, at: { knownAt: options.knownAt } });
  return { dates: [...dates], id: options.id ?? null, where, knownAt: at.knownAt };
}

/** Whether a document's fields (dotted paths) equal the values: strings, numbers and booleans told apart. */
export function matchesWhere(doc: unknown, where: readonly [string, FieldValue][]): boolean {
  return where.every(([path, value]) => {
    let current: unknown = doc;
    for (const key of path.split('.')) {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return false;
      current = (current as Record<string, unknown>)[key];
    }
    return current === value;
  });
}

export interface ApplyOptions {
  /**
   * The position the caller has read up to, when it is past the last event given (events the
   * projection does not handle are not passed): the checkpoint moves there too.
   */
  through?: number;
  /**
   * The lease the caller applies under (several instances): the batch is refused with `LeaseLost`, in the
   * same transaction as its writes, when the lease no longer carries that token.
   */
  fence?: LeaseFence;
}

export interface NamespaceInfo {
  namespace: string;
  projection: string;
  version: number;
  checkpoint: number;
  live: boolean;
}

export interface PrepareOptions {
  /**
   * A namespace no reader uses until it is built (a rebuild, an audit copy): the indexes only readers need
   * may wait for `completeIndexes`, so the bulk writes maintain fewer of them. Reads in between are correct,
   * only slower. An adapter may create them at once all the same.
   */
  deferIndexes?: boolean;
}

export interface ReadStore {
  /** Creates the storage and indexes of a namespace for a projection; a no-op when they exist. */
  prepare(namespace: string, projection: Projection, options?: PrepareOptions): Promise<void>;

  /** Creates the indexes `prepare` deferred (building each in one pass); a no-op when there are none left. */
  completeIndexes(namespace: string, projection: Projection): Promise<void>;

  /**
   * Applies the events (ascending positions) to the namespace atomically with its new checkpoint:
   * all or nothing. Events at or before the stored checkpoint are skipped, so re-delivery is a no-op.
   * Returns the checkpoint after the batch. Throws `ProjectionEventFailed` when the projection throws.
   */
  applyBatch(
    namespace: string,
    projection: Projection,
    events: readonly StoredEvent[],
    options?: ApplyOptions,
  ): Promise<number>;

  /** Position of the last event applied to the namespace; 0 when never run or unknown. */
  checkpoint(namespace: string): Promise<number>;

  /** One document as of `at`; null when it does not exist then. */
  get<Doc>(namespace: string, collection: string, id: string, at?: ReadAt): Promise<Doc | null>;

  /** The documents that exist as of `at`, ordered by id (by code point, as the stores' binary collation). */
  list<Doc>(namespace: string, collection: string, options?: ListOptions): Promise<{ id: string; doc: Doc }[]>;

  /**
   * Many dates in one read, for series: each document's version in force on each of `query.dates` (as known
   * at `query.knownAt`), or null where it did not exist then or did not match `where`. Documents matching on
   * none of the dates are left out. Ordered by id; `docs[i]` answers `dates[i]`.
   */
  versionsOn<Doc>(namespace: string, collection: string, query: VersionsOnQuery): Promise<DocumentOnDates<Doc>[]>;

  /** Removes a namespace and its documents; a no-op when it does not exist. Refuses the live one. */
  drop(namespace: string): Promise<void>;

  /** Every namespace, with the projection it holds and its checkpoint. */
  namespaces(): Promise<NamespaceInfo[]>;

  /** The namespace readers should use for a projection name, or null before its first build starts. */
  liveNamespace(name: string): Promise<string | null>;

  /** Switches readers over to a prepared namespace of that projection (zero-downtime switch-over). */
  setLiveNamespace(name: string, namespace: string): Promise<void>;
}

export const READ_STORE = Symbol('ReadStore');

export const DEFAULT_LIST_LIMIT = 1000;

/** The business date that stands for "latest": after every real one. */
export const LATEST_DATE = '9999-12-31';

/** A namespace not prepared (or dropped since): readers of an audit namespace get a 404. */
export class UnknownNamespace extends NotFound {
  constructor(namespace: string) {
    super('read-model namespace', namespace);
  }
}

export class LiveNamespaceDropRefused extends RuleBroken {
  constructor(namespace: string) {
    super(
      'projection.namespace-live',
      `namespace '${namespace}' is serving readers; switch the projection to another namespace before dropping it`,
    );
  }
}

/** Namespaces become table names: a short, safe identifier. */
const NAMESPACE = /^[a-z][a-z0-9_]{0,62}$/;

export function assertNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) {
    throw new RangeError(
      `namespace '${namespace}' must be 1–63 lower-case letters, digits or '_', starting with a letter`,
    );
  }
}

/** Checked and with defaults filled in: what every adapter queries with. */
export interface ResolvedReadAt {
  asOf: string;
  knownAt: number | null;
}

export function resolveReadAt(at: ReadAt = {}): ResolvedReadAt {
  const { asOf = LATEST_DATE, knownAt } = at;
  if (!isBusinessDate(asOf)) throw new RangeError(`asOf '${asOf}' is not a calendar date written YYYY-MM-DD`);
  if (knownAt !== undefined && !isLogPosition(knownAt)) {
    throw new RangeError(`${logPositionMessage('knownAt')}, not ${String(knownAt)}`);
  }
  return { asOf, knownAt: knownAt ?? null };
}

export interface ResolvedListOptions {
  at: ResolvedReadAt;
  limit: number;
  idPrefix: string | null;
  /** First id past every id with the prefix; null when there is none (or no prefix). */
  idPrefixEnd: string | null;
  after: string | null;
  where: [path: string, value: FieldValue][];
}

export function resolveListOptions(options: ListOptions = {}): ResolvedListOptions {
  const { limit = DEFAULT_LIST_LIMIT, idPrefix, after, where = {} } = options;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer`);
  const filters = Object.entries(where);
  for (const [path, value] of filters) {
    if (!isFieldPath(path)) throw new RangeError(`'${path}' is not a field path such as 'federationId' or 'a.b'`);
    if (!['string', 'number', 'boolean'].includes(typeof value) || (typeof value === 'number' && !isFinite(value))) {
      throw new RangeError(`the value for '${path}' must be a string, a finite number or a boolean`);
    }
  }
  return {
    at: resolveReadAt(options.at),
    limit,
    idPrefix: idPrefix || null,
    idPrefixEnd: idPrefix ? prefixEnd(idPrefix) : null,
    after: after ?? null,
    where: filters,
  };
}

/**
 * Ids compare by Unicode code point — the order of SQLite's BINARY collation on UTF-8 and of MongoDB's
 * default — not by JavaScript's UTF-16 units, which differ past U+FFFF.
 */
export function compareIds(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length === b.length ? 0 : i < b.length ? -1 : 1;
}

/** The least string greater than every string starting with `prefix`: turns a prefix into an index range. */
export function prefixEnd(prefix: string): string | null {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // The surrogate block is not a character: step over it.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return null;
}
