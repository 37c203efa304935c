import { isBusinessDate } from './business-date';
import type { DomainEvent } from './decider';
import { type EventTypes, isEventOf } from './typed-events';
import type { StoredEvent } from './event-store.port';
import type { RollUp } from './roll-ups';
import { messageOf } from './error-message';

/**
 * A read model, as pure data and functions: which events it reads, which documents they touch and
 * how each document changes. It does not know which database stores it (SQLite or MongoDB),
 * nor whether it runs live or in a rebuild.
 *
 * ## Documents are bitemporal
 * The store keeps every document as versions along the business-date axis (`validFrom`), and keeps
 * superseded versions along the knowledge axis (log positions), so a reader asks "as of a date" and
 * "as known at a position" without replaying anything.
 *
 * ## `evolve` is a delta, applied to every version from the event's date on
 * An event dated D changes the answer for D and for every later date: the engine calls `evolve` on the
 * version in force on D (which becomes a new version starting on D) AND on each later version of the
 * same document. Events are recorded late and out of business-date order, so the effect of `evolve`
 * must commute with the effect of later-dated events already applied. In practice:
 * - counters and sums: `count + 1`, `balance + amount` — commute;
 * - sets and maps keyed by id: add / remove one key — commute;
 * - a "latest value by date" field (a name, a status): keep the date beside the value and overwrite only
 *   when the event's date is not earlier, e.g. `if (e.date >= doc.nameSince) doc.name = e.name`;
 * - never derive a value from the order events arrive in, from the clock, or from anything outside
 *   `doc` and `event`; never mutate `doc` (return a new object).
 * Returning `null` deletes the document from that date on. A deletion is a version like any other, so
 * later-dated events are applied to `null` too: return `null` from `evolve` for an event that must not
 * bring a deleted document back. Prefer a status field to deletion when history matters.
 *
 * Documents must be plain JSON (no `Date`, `Map`, `undefined` inside arrays, `bigint`): they are stored
 * as JSON, and a version equal to the one before it is not stored at all.
 */
export interface Projection<Doc = unknown> {
  /** Stable name, lower-case letters, digits and `_`, e.g. `membership`; readers find it by this name. */
  readonly name: string;
  /** Bump it when `evolve` or the document shape changes: a new namespace is built beside the old one. */
  readonly version: number;
  /** The only event types `documentsOf` and `evolve` are ever given. */
  readonly eventTypes: readonly string[];
  /** Every collection the projection writes, with the document fields readers filter on (indexed). */
  readonly collections: Readonly<Record<string, CollectionDefinition>>;
  /** Which documents an event touches. */
  documentsOf(event: StoredEvent): DocumentRef[];
  /**
   * Pure: the document after the event. `doc` is the version in force on the date the event applies
   * from (null if none). Return `null` to delete. See the contract above.
   */
  evolve(doc: Doc | null, event: StoredEvent, ref: DocumentRef): Doc | null;
  /**
   * Sums of one collection's documents kept per group in another (`roll-ups.ts`): the engine keeps them
   * current from the versions `evolve` writes, so a group's figures are one read.
   */
  readonly rollUps?: readonly RollUp[];
}

/**
 * A projection that declares the event union `E` it reads: `documentsOf` and `evolve` get `StoredEvent<E>`, so
 * a `switch (event.type)` gives each case its own typed `data`, and a field an event does not have is a
 * compile error. Unions list stored shapes (e.g. `SealedMemberJoined`, not `MemberJoined`).
 * `defineProjection` turns it into the `Projection` the engine runs.
 */
export interface TypedProjection<E extends DomainEvent, Doc> extends Omit<
  Projection<Doc>,
  'eventTypes' | 'documentsOf' | 'evolve'
> {
  readonly eventTypes: EventTypes<E>;
  documentsOf(event: StoredEvent<E>): DocumentRef[];
  evolve(doc: Doc | null, event: StoredEvent<E>, ref: DocumentRef): Doc | null;
}

/**
 * The engine's view of a typed projection: it hands over only the events of the declared types (the engine
 * already filters by `eventTypes`; any other event touches nothing and changes nothing).
 */
export function defineProjection<E extends DomainEvent, Doc>(projection: TypedProjection<E, Doc>): Projection<Doc> {
  const eventTypes = Object.keys(projection.eventTypes);
  const reads = new Set(eventTypes);
  return {
    ...projection,
    eventTypes,
    documentsOf: (event) => (isEventOf<E>(event, reads) ? projection.documentsOf(event) : []),
    evolve: (doc, event, ref) => (isEventOf<E>(event, reads) ? projection.evolve(doc, event, ref) : doc),
  };
}

export interface CollectionDefinition {
  /**
   * Field paths (`federationId`, `period.year`) readers filter on, one array per compound index.
   * The stores build indexes over the current versions from them.
   */
  readonly indexes?: readonly (readonly string[])[];
}

export interface DocumentRef {
  collection: string;
  id: string;
  /**
   * The business date the event's effect applies from, for this document; by default the event's
   * `metadata.occurredOn`. Set it when a document is keyed by a period the event does not fall in,
   * e.g. a yearly target recorded in December that applies from 1 January.
   */
  validFrom?: string;
}

/** Storage namespace of a projection version, e.g. `membership_v1`. */
export function namespaceOf(projection: Pick<Projection, 'name' | 'version'>): string {
  return `${projection.name}_v${projection.version}`;
}

const PROJECTION_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Field paths are inlined into index definitions and queries: only plain identifiers are allowed. */
export function isFieldPath(path: string): boolean {
  return FIELD_PATH.test(path);
}

/** Throws on a definition the stores could not keep apart or index: fails at start-up, not mid-stream. */
export function assertValidProjection(projection: Projection): void {
  const where = `projection '${projection.name}'`;
  if (!PROJECTION_NAME.test(projection.name)) {
    throw new Error(`${where}: a name is 1–40 lower-case letters, digits or '_', starting with a letter`);
  }
  if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
    throw new Error(`${where}: version must be a positive integer`);
  }
  if (projection.eventTypes.length === 0) throw new Error(`${where}: eventTypes is empty`);
  const collections = Object.entries(projection.collections);
  if (collections.length === 0) throw new Error(`${where}: declares no collection`);
  for (const rollUp of projection.rollUps ?? []) {
    for (const collection of [rollUp.from, rollUp.into]) {
      if (!Object.hasOwn(projection.collections, collection)) {
        throw new Error(`${where}: a roll-up names collection '${collection}', which the projection does not declare`);
      }
    }
    if (rollUp.from === rollUp.into) throw new Error(`${where}: a roll-up cannot sum a collection into itself`);
  }
  for (const [collection, { indexes = [] }] of collections) {
    for (const index of indexes) {
      if (index.length === 0 || !index.every(isFieldPath)) {
        throw new Error(`${where}: collection '${collection}' has an index with an invalid field path`);
      }
    }
  }
}

/** An event a projection could not apply: the batch it was in is not applied, nor the checkpoint moved. */
export class ProjectionEventFailed extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
    readonly eventType: string,
    readonly eventId: string,
    cause: unknown,
  ) {
    super(`projection '${projection}' failed on event ${eventType} at position ${position}: ${messageOf(cause)}`, {
      cause,
    });
    this.name = 'ProjectionEventFailed';
  }
}

const eventTypeSets = new WeakMap<Projection, ReadonlySet<string>>();

export function handles(projection: Projection, event: StoredEvent): boolean {
  let types = eventTypeSets.get(projection);
  if (!types) {
    types = new Set(projection.eventTypes);
    eventTypeSets.set(projection, types);
  }
  return types.has(event.type);
}

/** The documents an event touches, each once, with the date its effect applies from; checked. */
export function documentsTouched(projection: Projection, event: StoredEvent): (DocumentRef & { validFrom: string })[] {
  const seen = new Set<string>();
  const refs: (DocumentRef & { validFrom: string })[] = [];
  for (const ref of projection.documentsOf(event)) {
    if (!Object.hasOwn(projection.collections, ref.collection)) {
      throw new Error(`documentsOf named collection '${ref.collection}', which the projection does not declare`);
    }
    if (typeof ref.id !== 'string' || ref.id.length === 0) throw new Error('documentsOf returned an empty id');
    const validFrom = ref.validFrom ?? event.metadata.occurredOn;
    if (!isKnownDate(validFrom)) {
      throw new Error(`the business date '${String(validFrom)}' is not a calendar date written YYYY-MM-DD`);
    }
    const key = `${ref.collection}\u0000${ref.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({ collection: ref.collection, id: ref.id, validFrom });
  }
  return refs;
}

/** Dates already checked: a log holds few distinct dates and many events per date. */
const checkedDates = new Set<string>();

function isKnownDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (checkedDates.has(value)) return true;
  if (!isBusinessDate(value)) return false;
  if (checkedDates.size > 100_000) checkedDates.clear();
  checkedDates.add(value);
  return true;
}
