import type { StoredEvent } from './event-store.port';
import { documentsTouched, handles, type DocumentRef, type Projection, ProjectionEventFailed } from './projection';

/**
 * How a document's versions change when an event is applied — the one algorithm every read-store
 * adapter shares, so SQLite, the in-memory store and MongoDB answer alike.
 *
 * A document is a sequence of *current* versions along business dates: each is in force from its
 * `validFrom` until the next one's. A stored row is never changed in place: a write closes the old
 * row at the event's position (`knownUntil`) and inserts a new one (`knownFrom`), so the rows that
 * were current at any earlier position are still there for "as known at" questions.
 *
 * Applying an event dated D: the version in force on D is evolved into a version starting on D,
 * and every later version is evolved as well (a back-dated event changes every answer from D on).
 * A version equal to the one before it says nothing new: it is not written (or is closed).
 */

export interface DocumentVersion<Doc = unknown> {
  validFrom: string;
  /** null: the document does not exist from `validFrom` on (deleted). */
  doc: Doc | null;
}

/** What one event does to one document's current versions. */
export interface VersionChanges<Doc = unknown> {
  /** `validFrom` of each current version to close. */
  superseded: string[];
  /** New current versions, ascending. */
  inserted: DocumentVersion<Doc>[];
}

/**
 * Pure. `current`: the document's current versions from the last one *before* `date` on, ascending
 * (empty for a new document). `change` evolves one version's document.
 */
export function reviseVersions<Doc>(
  current: readonly DocumentVersion<Doc>[],
  date: string,
  change: (doc: Doc | null) => Doc | null,
): VersionChanges<Doc> {
  const changes: VersionChanges<Doc> = { superseded: [], inserted: [] };
  const before = current.length > 0 && current[0].validFrom < date ? current[0] : null;
  const onDate = current.find((v) => v.validFrom === date) ?? null;
  const later = current.filter((v) => v.validFrom > date);

  // The document in force just before each slot, after this event: a slot equal to it is redundant.
  let previous = json(before?.doc ?? null);
  const revise = (validFrom: string, existing: DocumentVersion<Doc> | null, from: Doc | null) => {
    const doc = change(from);
    const next = json(doc);
    if (next === previous) {
      if (existing) changes.superseded.push(validFrom);
      return;
    }
    if (existing === null || next !== json(existing.doc)) {
      if (existing) changes.superseded.push(validFrom);
      changes.inserted.push({ validFrom, doc });
    }
    previous = next;
  };

  revise(date, onDate, onDate ? onDate.doc : (before?.doc ?? null));
  for (const version of later) revise(version.validFrom, version, version.doc);
  return changes;
}

function json(doc: unknown): string {
  return JSON.stringify(doc);
}

/** The versions of one namespace, as an adapter exposes them inside its transaction. */
export interface VersionTable {
  /** Current versions of the document from the last one before `date` on, ascending by validFrom. */
  versionsFrom(ref: DocumentRef, date: string): DocumentVersion[];
  /** Closes the current version at `validFrom`: it was superseded by the event at `position`. */
  supersede(ref: DocumentRef, validFrom: string, position: number): void;
  /** Adds a current version written by the event at `position`. */
  insert(ref: DocumentRef, version: DocumentVersion, position: number): void;
}

/** The same, for stores whose transactions are asynchronous (MongoDB sessions). */
export interface AsyncVersionTable {
  versionsFrom(ref: DocumentRef, date: string): Promise<DocumentVersion[]>;
  supersede(ref: DocumentRef, validFrom: string, position: number): Promise<void>;
  insert(ref: DocumentRef, version: DocumentVersion, position: number): Promise<void>;
}

/**
 * Applies events past `checkpoint` to the table; returns the new checkpoint (at least `through`).
 * Run it inside the transaction that also stores the checkpoint. Throws `ProjectionEventFailed`.
 */
export function applyEvents(
  table: VersionTable,
  projection: Projection,
  events: readonly StoredEvent[],
  checkpoint: number,
  through = 0,
): number {
  let position = checkpoint;
  for (const event of events) {
    if (event.position <= position) continue;
    position = event.position;
    if (!handles(projection, event)) continue;
    for (const ref of touched(projection, event)) {
      const changes = revise(projection, event, ref, table.versionsFrom(ref, ref.validFrom));
      for (const validFrom of changes.superseded) table.supersede(ref, validFrom, event.position);
      for (const version of changes.inserted) table.insert(ref, version, event.position);
    }
  }
  return Math.max(position, through);
}

export async function applyEventsAsync(
  table: AsyncVersionTable,
  projection: Projection,
  events: readonly StoredEvent[],
  checkpoint: number,
  through = 0,
): Promise<number> {
  let position = checkpoint;
  for (const event of events) {
    if (event.position <= position) continue;
    position = event.position;
    if (!handles(projection, event)) continue;
    for (const ref of touched(projection, event)) {
      const changes = revise(projection, event, ref, await table.versionsFrom(ref, ref.validFrom));
      for (const validFrom of changes.superseded) await table.supersede(ref, validFrom, event.position);
      for (const version of changes.inserted) await table.insert(ref, version, event.position);
    }
  }
  return Math.max(position, through);
}

function touched(projection: Projection, event: StoredEvent) {
  try {
    return documentsTouched(projection, event);
  } catch (error) {
    throw failed(projection, event, error);
  }
}

function revise(
  projection: Projection,
  event: StoredEvent,
  ref: DocumentRef & { validFrom: string },
  current: DocumentVersion[],
): VersionChanges {
  try {
    return reviseVersions(current, ref.validFrom, (doc) => {
      const next = projection.evolve(doc, event, ref);
      if (next === undefined) throw new Error('evolve returned undefined; return null to delete');
      return next;
    });
  } catch (error) {
    throw failed(projection, event, error);
  }
}

function failed(projection: Projection, event: StoredEvent, error: unknown): ProjectionEventFailed {
  return new ProjectionEventFailed(projection.name, event.position, event.type, event.id, error);
}
