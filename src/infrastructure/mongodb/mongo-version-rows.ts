import type { Document } from 'mongodb';
import type { FieldValue, ResolvedListOptions } from '../../core/read-store.port';

/**
 * One stored version of a read-model document, as the MongoDB read store keeps it: one MongoDB collection
 * per namespace holds the rows of every projection collection. The layout and meaning are those of the
 * SQLite store's rows (see `document-versions.ts`): a row is never changed but to close it.
 */
export interface VersionRow {
  collection: string;
  id: string;
  /** Business date `YYYY-MM-DD` the version is in force from. */
  validFrom: string;
  /** Log position of the event that wrote the row. */
  knownFrom: number;
  /** Log position of the event that superseded it; null while current. */
  knownUntil: number | null;
  /**
   * `knownUntil === null`, kept as a field of its own: an equality on a boolean is what partial indexes
   * and index bounds handle best (a `null` match also matches a missing field).
   */
  current: boolean;
  /** The document, plain JSON; null when the document does not exist from `validFrom` on. */
  doc: unknown;
}

/**
 * The rows alive at a read position: the current ones for "now", else those written at or before it and
 * not superseded by then. `$not: { $lte }` also matches `knownUntil: null` (a number bound never matches null).
 */
export function aliveFilter(knownAt: number | null): Document {
  if (knownAt === null) return { current: true };
  return { knownFrom: { $lte: knownAt }, knownUntil: { $not: { $lte: knownAt } } };
}

/**
 * The id range of a listing: the prefix as a range (so it is an index range, not a regular expression)
 * and the page's resume point. Strings compare by UTF-8 bytes in MongoDB's default (simple) collation:
 * code-point order, as `compareIds`.
 */
export function idRangeFilter({
  idPrefix,
  idPrefixEnd,
  after,
}: Pick<ResolvedListOptions, 'idPrefix' | 'idPrefixEnd' | 'after'>): Document {
  const range: Document = {};
  if (idPrefix !== null) range.$gte = idPrefix;
  if (idPrefixEnd !== null) range.$lt = idPrefixEnd;
  if (after !== null) range.$gt = after;
  return Object.keys(range).length > 0 ? { id: range } : {};
}

/**
 * Field equalities on the stored document, for finding candidates through the declared field indexes.
 * MongoDB's equality is wider than the port's (it also matches an array holding the value, or a value
 * reached through an array): it narrows, and `matchesWhere` decides.
 */
export function whereFilter(where: ResolvedListOptions['where']): Document {
  return Object.fromEntries(where.map(([path, value]) => [`doc.${path}`, value]));
}

/** The port's equality: the value at the dotted path, through plain objects only, is exactly `value`. */
export function matchesWhere(doc: unknown, where: ResolvedListOptions['where']): boolean {
  return where.every(([path, value]) => fieldEquals(doc, path, value));
}

function fieldEquals(doc: unknown, path: string, value: FieldValue): boolean {
  let current: unknown = doc;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return false;
    if (!Object.hasOwn(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return current === value;
}

/** Today's version lookups (and the guard that a document has one current version per date). */
export const CURRENT_VERSIONS_INDEX = 'current_versions';
/** "As known at" lookups: every row, walked back from a date. */
export const KNOWN_VERSIONS_INDEX = 'known_versions';
