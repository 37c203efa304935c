import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type MultiAppendResult,
  type StreamAppend,
  WrongExpectedRevisionError,
} from './event-store.port';

/**
 * The rules of `EventStore.appendToStreams` every adapter shares, kept apart from any database: what a
 * request may hold, when a re-append is the same append, and what a condition says about a stream.
 */

/** Refuses a request no store can honour: nothing in it, a stream named twice, an event id given twice. */
export function assertValidAppends(appends: StreamAppend[]): void {
  if (appends.length === 0) throw new Error('appendToStreams needs at least one stream');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const { streamId, events } of appends) {
    if (streams.has(streamId)) throw new Error(`appendToStreams names stream ${streamId} twice; give it once`);
    streams.add(streamId);
    for (const { id } of events) {
      const key = id.toLowerCase();
      if (ids.has(key)) throw new DuplicateEventIdError(id);
      ids.add(key);
    }
  }
}

/** Throws when a stream at `current` (null: it does not exist) does not meet `expected`. */
export function checkExpected(streamId: string, expected: ExpectedRevision, current: number | null): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? current !== null : current !== expected) {
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  }
}

/** Where an event id is stored. */
export interface StoredAt {
  streamId: string;
  revision: number;
  position: number;
}

/** An earlier append found again: the results of its streams with events (null for condition-only ones). */
export interface Replay {
  position: number;
  streams: (AppendResult | null)[];
}

/**
 * Decides a multi-append from where its ids are stored (`stored[i][j]` for `appends[i].events[j]`):
 * null when none is stored (write it); the original results when every one is stored as this same append
 * (each stream's events in it, in order, at consecutive revisions); otherwise `DuplicateEventIdError`
 * naming the first id stored. Ids are compared as given (KurrentDB returns UUIDs lower-cased: the caller
 * looks them up that way).
 */
export function replayOf(appends: StreamAppend[], stored: (StoredAt | undefined)[][]): Replay | null {
  const all = stored.flat();
  const firstStored = all.findIndex((found) => found !== undefined);
  if (firstStored === -1) return null;
  const ids = appends.flatMap((append) => append.events.map((event) => event.id));
  // Some ids stored and some not: another append holds them.
  if (all.some((found) => found === undefined)) throw new DuplicateEventIdError(ids[firstStored]);
  let position = 0;
  const streams = appends.map(({ streamId, events }, i): AppendResult | null => {
    if (events.length === 0) return null;
    const found = stored[i] as StoredAt[];
    const first = found[0];
    const mismatch = found.findIndex((at, j) => at.streamId !== streamId || at.revision !== first.revision + j);
    if (mismatch !== -1) throw new DuplicateEventIdError(events[mismatch].id);
    const last = found[found.length - 1];
    position = Math.max(position, last.position);
    return { streamId, firstRevision: first.revision, lastRevision: last.revision, position: last.position };
  });
  return { position, streams };
}

/** A condition-only stream's part of the result: its revision (-1 when absent) at the multi-append's position. */
export function conditionResult(streamId: string, revision: number | null, position: number): AppendResult {
  const at = revision ?? -1;
  return { streamId, firstRevision: at, lastRevision: at, position };
}

/**
 * A multi-append's result from what was written (or replayed) at `position`: each condition-only stream (null in
 * `streams`) answered with its revision there, `revisionOf(i)` for `appends[i]`.
 */
export function withConditionResults(
  appends: StreamAppend[],
  streams: (AppendResult | null)[],
  position: number,
  revisionOf: (i: number) => number | null,
): MultiAppendResult {
  return {
    position,
    streams: streams.map((result, i) => result ?? conditionResult(appends[i].streamId, revisionOf(i), position)),
  };
}

/** The single-stream `append` every store shares: stores extend this and implement `appendToStreams`. */
export abstract class AppendsAsMultiAppend implements Pick<EventStore, 'append' | 'appendToStreams'> {
  abstract appendToStreams(appends: StreamAppend[]): Promise<MultiAppendResult>;

  append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return appendToOneStream(this, streamId, events, expectedRevision);
  }
}

/** A single-stream append, as every store answers it: a multi-append of that one stream. */
export async function appendToOneStream(
  store: Pick<EventStore, 'appendToStreams'>,
  streamId: string,
  events: EventToAppend[],
  expectedRevision: ExpectedRevision,
): Promise<AppendResult> {
  if (events.length === 0) throw new Error('append needs at least one event');
  const { streams } = await store.appendToStreams([{ streamId, events, expectedRevision }]);
  return streams[0];
}
