import type { DocumentVersion, VersionChanges } from './document-versions';

/**
 * A roll-up: documents of one collection summed into group documents of another, kept by the engine as
 * versions like any document, so a group's figures on a date (as known at a position) are one read instead
 * of a sum over its members at read time. For example every grassroots union's counters summed into a
 * document per federation: the unions that belonged to it on each date, as they stood on that date.
 *
 * The engine keeps it from the source's version changes, not from events: whenever an event changes a
 * source document's versions from a date on (a join, a back-dated transfer, a dissolution), the difference
 * between the old and the new versions, date by date, is added to the groups concerned, from the date it
 * applies on and only until the date it stops applying. So a group's document on a date is always
 * `Σ measure(source)` over the sources whose `groupOf` was that group on that date.
 *
 * A group also keeps its **moves**: the dates on which a source came into it from another group or left
 * it for another (not foundings). A figure over a period that follows the sources in a group at the
 * period's end needs them: see `membership.queries.ts`.
 */
export interface RollUp<Source = unknown> {
  /** The collection summed: each of its documents belongs to at most one group on a date. */
  readonly from: string;
  /** The collection of group documents (`RollUpDoc`), declared among the projection's collections. */
  readonly into: string;
  /** The group a source document counts in on a date, or null for none. */
  groupOf(source: Source): string | null;
  /** Whole numbers added up over the group's sources; zero values may be left out. */
  measure(source: Source): Readonly<Record<string, number>>;
}

/** A group's document: the sums of its sources' measures, and the moves of sources in and out of it. */
export interface RollUpDoc {
  counts: Record<string, number>;
  /** `[sourceId, date]`, ascending: the source came in or left on that date (to or from another group). */
  moves: [string, string][];
}

/** What one source document's revision does to one group's document, from `from` on. */
export interface GroupChange {
  group: string;
  /** The first date the group's document changes on. */
  from: string;
  /** Every date the change differs from the one before it (ascending, the first is `from`). */
  breakpoints: string[];
  /** The group document in force on `date` after this change, given the one before it. */
  apply(doc: RollUpDoc | null, date: string): RollUpDoc | null;
}

type Counts = Record<string, number>;

/**
 * Pure. `current`: the source's versions before the revision, from the last one before `date` on (as the
 * engine reads them); `changes`: what the revision did to them. Answers each group's change.
 */
export function rollUpChanges<Source>(
  rollUp: RollUp<Source>,
  sourceId: string,
  current: readonly DocumentVersion<Source>[],
  changes: VersionChanges<Source>,
  date: string,
): GroupChange[] {
  const before = current.length > 0 && current[0].validFrom < date ? current[0] : null;
  const oldVersions = current.filter((v) => v !== before);
  const superseded = new Set(changes.superseded);
  const newVersions = [...oldVersions.filter((v) => !superseded.has(v.validFrom)), ...changes.inserted].sort((a, b) =>
    a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0,
  );
  const breakpoints = [
    ...new Set([date, ...oldVersions.map((v) => v.validFrom), ...changes.inserted.map((v) => v.validFrom)]),
  ]
    .filter((d) => d >= date)
    .sort();

  const start: Source | null = before ? before.doc : null;
  const oldAt = docsAt(breakpoints, start, oldVersions);
  const newAt = docsAt(breakpoints, start, newVersions);

  // Per group: the difference of the sums on each breakpoint, and the moves that appear or disappear.
  const deltas = new Map<string, (Counts | null)[]>();
  const movesAdded = new Map<string, string[]>();
  const movesRemoved = new Map<string, string[]>();
  const deltaOf = (group: string) => {
    let list = deltas.get(group);
    if (!list) deltas.set(group, (list = breakpoints.map(() => null)));
    return list;
  };
  let oldPrevious: Source | null = start;
  let newPrevious: Source | null = start;
  breakpoints.forEach((point, index) => {
    const [oldDoc, newDoc] = [oldAt[index], newAt[index]];
    const [oldGroup, newGroup] = [groupOf(rollUp, oldDoc), groupOf(rollUp, newDoc)];
    if (oldGroup !== null) addInto(deltaOf(oldGroup), index, rollUp.measure(oldDoc!), -1);
    if (newGroup !== null) addInto(deltaOf(newGroup), index, rollUp.measure(newDoc!), 1);
    const oldMoves = movesBetween(rollUp, oldPrevious, oldDoc);
    const newMoves = movesBetween(rollUp, newPrevious, newDoc);
    for (const group of oldMoves) if (!newMoves.includes(group)) push(movesRemoved, group, point);
    for (const group of newMoves) if (!oldMoves.includes(group)) push(movesAdded, group, point);
    oldPrevious = oldDoc;
    newPrevious = newDoc;
  });

  const groups = new Set([...deltas.keys(), ...movesAdded.keys(), ...movesRemoved.keys()]);
  const result: GroupChange[] = [];
  for (const group of [...groups].sort()) {
    const delta = (deltas.get(group) ?? breakpoints.map(() => null)).map(nonZero);
    const added = movesAdded.get(group) ?? [];
    const removed = movesRemoved.get(group) ?? [];
    const points = breakpoints.filter(
      (point, index) =>
        added.includes(point) ||
        removed.includes(point) ||
        !sameCounts(delta[index], index > 0 ? delta[index - 1] : null),
    );
    if (points.length === 0) continue;
    result.push({
      group,
      from: points[0],
      breakpoints: points,
      apply: (doc, on) => {
        const index = lastIndexAtOrBefore(breakpoints, on);
        return applyToGroup(
          doc,
          index < 0 ? null : delta[index],
          added.filter((d) => d <= on).map((d): [string, string] => [sourceId, d]),
          removed.filter((d) => d <= on).map((d): [string, string] => [sourceId, d]),
        );
      },
    });
  }
  return result;
}

function groupOf<Source>(rollUp: RollUp<Source>, doc: Source | null): string | null {
  return doc === null ? null : rollUp.groupOf(doc);
}

/** The groups a source moved into or out of between two consecutive versions (both existing). */
function movesBetween<Source>(rollUp: RollUp<Source>, previous: Source | null, next: Source | null): string[] {
  if (previous === null || next === null) return [];
  const [from, to] = [rollUp.groupOf(previous), rollUp.groupOf(next)];
  if (from === to) return [];
  return [from, to].filter((group): group is string => group !== null);
}

/** The version in force on each breakpoint. */
function docsAt<Source>(
  breakpoints: readonly string[],
  start: Source | null,
  versions: readonly DocumentVersion<Source>[],
): (Source | null)[] {
  let index = -1;
  return breakpoints.map((point) => {
    while (index + 1 < versions.length && versions[index + 1].validFrom <= point) index += 1;
    return index < 0 ? start : versions[index].doc;
  });
}

function addInto(list: (Counts | null)[], index: number, measure: Readonly<Counts>, sign: 1 | -1): void {
  const counts = list[index] ?? {};
  for (const [key, value] of Object.entries(measure)) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`a roll-up measure must be a whole number ('${key}')`);
    counts[key] = (counts[key] ?? 0) + sign * value;
  }
  list[index] = counts;
}

function nonZero(counts: Counts | null): Counts | null {
  if (counts === null) return null;
  const kept = Object.entries(counts).filter(([, value]) => value !== 0);
  return kept.length === 0 ? null : Object.fromEntries(kept);
}

function sameCounts(a: Counts | null, b: Counts | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

function lastIndexAtOrBefore(sorted: readonly string[], date: string): number {
  let index = -1;
  while (index + 1 < sorted.length && sorted[index + 1] <= date) index += 1;
  return index;
}

/** The group document plus a delta and moves; null when nothing is left in it. Keys sorted: stable JSON. */
function applyToGroup(
  doc: RollUpDoc | null,
  delta: Counts | null,
  added: [string, string][],
  removed: [string, string][],
): RollUpDoc | null {
  const counts = countsPlus(doc?.counts ?? {}, delta);
  // Most changes move no source: the moves stay as they are (a document made here has them unique and in order).
  const moves =
    added.length === 0 && removed.length === 0
      ? [...(doc?.moves ?? [])]
      : movesRevised(doc?.moves ?? [], added, removed);
  if (Object.keys(counts).length === 0 && moves.length === 0) return null;
  return { counts, moves };
}

/** Counts plus a delta, zeros left out, keys in order. */
function countsPlus(counts: Counts, delta: Counts | null): Counts {
  const keys = Object.keys(counts);
  const added = delta === null ? [] : Object.keys(delta).filter((key) => !Object.hasOwn(counts, key));
  const ordered = added.length === 0 && inOrder(keys) ? keys : [...keys, ...added].sort();
  const sum: Counts = {};
  for (const key of ordered) {
    const value = (counts[key] ?? 0) + (delta?.[key] ?? 0);
    if (value !== 0) sum[key] = value;
  }
  return sum;
}

function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] >= keys[i]) return false;
  return true;
}

function movesRevised(
  moves: readonly [string, string][],
  added: [string, string][],
  removed: [string, string][],
): [string, string][] {
  const drop = new Set(removed.map(moveKey));
  const kept = [...moves.filter((move) => !drop.has(moveKey(move))), ...added];
  return [...new Map(kept.map((move) => [moveKey(move), move])).values()].sort(compareMoves);
}

const moveKey = ([source, date]: [string, string]) => `${date}\u0000${source}`;

function compareMoves(a: [string, string], b: [string, string]): number {
  const [x, y] = [moveKey(a), moveKey(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
