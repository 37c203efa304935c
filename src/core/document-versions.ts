import type { StoredEvent } from './event-store.port';
import { documentsTouched, handles, type DocumentRef, type Projection, ProjectionEventFailed } from './projection';
import { type GroupChange, type RollUpDoc, rollUpChanges } from './roll-ups';

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
  /**
   * `doc` as JSON, when it is at hand (a store that read the row, a version just revised): spares comparing
   * and storing a version by serialising it again. Absent, it is computed.
   */
  json?: string;
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
 * (empty for a new document). `change` evolves one version's document; it is told the date the version
 * starts on. `breakpoints`: later dates that must start a version of their own even when none starts
 * there yet (a change that differs from date to date, as a roll-up's).
 */
export function reviseVersions<Doc>(
  current: readonly DocumentVersion<Doc>[],
  date: string,
  change: (doc: Doc | null, validFrom: string) => Doc | null,
  breakpoints: readonly string[] = [],
): VersionChanges<Doc> {
  const changes: VersionChanges<Doc> = { superseded: [], inserted: [] };
  const before = current.length > 0 && current[0].validFrom < date ? current[0] : null;
  const existing = new Map(current.filter((v) => v.validFrom >= date).map((v) => [v.validFrom, v]));
  // `current` is ascending: without breakpoints (every event but a roll-up's) the slots are in order already.
  const later = [...existing.keys()].filter((d) => d > date);
  const slots =
    breakpoints.length === 0
      ? [date, ...later]
      : [...new Set([date, ...later, ...breakpoints.filter((d) => d > date)])].sort();

  // The document in force just before each slot, after this event: a slot equal to it is redundant.
  let previous = before ? jsonOf(before) : 'null';
  // The document in force on each slot before this event: a new slot starts from it.
  let inForce: Doc | null = before ? before.doc : null;
  for (const validFrom of slots) {
    const version = existing.get(validFrom) ?? null;
    if (version) inForce = version.doc;
    const doc = change(inForce, validFrom);
    const next = json(doc);
    if (next === previous) {
      if (version) changes.superseded.push(validFrom);
      continue;
    }
    if (version === null || next !== jsonOf(version)) {
      if (version) changes.superseded.push(validFrom);
      changes.inserted.push({ validFrom, doc, json: next });
    }
    previous = next;
  }
  return changes;
}

function json(doc: unknown): string {
  return JSON.stringify(doc);
}

function jsonOf(version: DocumentVersion): string {
  return version.json ?? json(version.doc);
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
  const steps = applySteps(projection, events, checkpoint, through);
  for (let answer: DocumentVersion[] = []; ;) {
    const step = steps.next(answer);
    if (step.done) return step.value;
    const { ref, read, write: changes, position } = step.value;
    if (read !== undefined) answer = table.versionsFrom(ref, read);
    else write(table, ref, changes, position);
  }
}

/** `applyEvents` for stores whose transactions are asynchronous: the same steps, each awaited. */
export async function applyEventsAsync(
  table: AsyncVersionTable,
  projection: Projection,
  events: readonly StoredEvent[],
  checkpoint: number,
  through = 0,
): Promise<number> {
  const steps = applySteps(projection, events, checkpoint, through);
  for (let answer: DocumentVersion[] = []; ;) {
    const step = steps.next(answer);
    if (step.done) return step.value;
    const { ref, read, write: changes, position } = step.value;
    if (read !== undefined) answer = await table.versionsFrom(ref, read);
    else await writeAsync(table, ref, changes, position);
  }
}

/** What applying events asks of a version table: a document's versions from a date on, or changes to write. */
type TableStep =
  | { ref: DocumentRef; read: string; write?: never; position?: never }
  | { ref: DocumentRef; read?: never; write: VersionChanges; position: number };

/**
 * The one algorithm of `applyEvents` and `applyEventsAsync`, as the table steps it takes in order: each read
 * step is answered (through `next`) with the versions read. Returns the new checkpoint.
 */
function* applySteps(
  projection: Projection,
  events: readonly StoredEvent[],
  checkpoint: number,
  through: number,
): Generator<TableStep, number, DocumentVersion[]> {
  let position = checkpoint;
  for (const event of events) {
    if (event.position <= position) continue;
    position = event.position;
    if (!handles(projection, event)) continue;
    for (const ref of touched(projection, event)) {
      const current = yield { ref, read: ref.validFrom };
      const changes = revise(projection, event, ref, current);
      yield { ref, write: changes, position: event.position };
      for (const group of groupChanges(projection, event, ref, current, changes)) {
        const groupRef = { collection: group.collection, id: group.change.group };
        const revised = reviseGroup(group.change, yield { ref: groupRef, read: group.change.from });
        yield { ref: groupRef, write: revised, position: event.position };
      }
    }
  }
  return Math.max(position, through);
}

function write(table: VersionTable, ref: DocumentRef, changes: VersionChanges, position: number): void {
  for (const validFrom of changes.superseded) table.supersede(ref, validFrom, position);
  for (const version of changes.inserted) table.insert(ref, version, position);
}

async function writeAsync(
  table: AsyncVersionTable,
  ref: DocumentRef,
  changes: VersionChanges,
  position: number,
): Promise<void> {
  for (const validFrom of changes.superseded) await table.supersede(ref, validFrom, position);
  for (const version of changes.inserted) await table.insert(ref, version, position);
}

/** The roll-ups fed by the collection of `ref`: each group document the revision changes. */
function groupChanges(
  projection: Projection,
  event: StoredEvent,
  ref: DocumentRef & { validFrom: string },
  current: DocumentVersion[],
  changes: VersionChanges,
): { collection: string; change: GroupChange }[] {
  const rollUps = projection.rollUps?.filter((rollUp) => rollUp.from === ref.collection) ?? [];
  if (rollUps.length === 0 || (changes.superseded.length === 0 && changes.inserted.length === 0)) return [];
  try {
    return rollUps.flatMap((rollUp) =>
      rollUpChanges(rollUp, ref.id, current, changes, ref.validFrom).map((change) => ({
        collection: rollUp.into,
        change,
      })),
    );
  } catch (error) {
    throw failed(projection, event, error);
  }
}

function reviseGroup(change: GroupChange, current: DocumentVersion[]): VersionChanges {
  return reviseVersions(
    current as DocumentVersion<RollUpDoc>[],
    change.from,
    (doc, validFrom) => change.apply(doc, validFrom),
    change.breakpoints,
  );
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
