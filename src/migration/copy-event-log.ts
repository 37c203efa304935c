import { appendBytes, eventBytes } from '../core/append-size';
import {
  AppendTooLargeError,
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  type StoredEvent,
  WrongExpectedRevisionError,
} from '../core/event-store.port';
import { compareLogs, type LogComparison } from './log-fingerprint';

/**
 * Copies a whole event log from one store to another — SQLite to KurrentDB and back — keeping every event's id,
 * stream, revision, type, data and metadata (the hash chain included), in the source's global order.
 *
 * Give it the stores WITHOUT the hash-chaining wrapper: events are copied as stored, not re-stamped.
 *
 * - Consecutive events of one stream go in one append, at the exact revision they had: a target stream that
 *   moved elsewhere is refused, never merged. An append holds at most `batchSize` events and `maxAppendBytes`
 *   (KurrentDB refuses larger requests), and is cut only between commands: the events one command recorded in
 *   a stream stay in one append. A command larger than the limit on its own is refused (`AppendTooLargeError`)
 *   before anything of it is written: raise the server's `MaxAppendSize` and this limit with it.
 * - Resumable: after each append the source position reached is saved (`CopyCheckpoint`), and a new run starts
 *   after it. A run cut between an append and its checkpoint finds the events already there: a refused append
 *   is reconciled by reading the target stream, and events stored with the same ids are skipped.
 * - Idempotent: a second run on a complete copy appends nothing.
 * - Verified: at the end both logs are read in full and compared — event counts and a digest over every event
 *   in order (positions left out: KurrentDB numbers them its own way).
 */
export interface CopyOptions {
  source: EventStore;
  target: EventStore;
  /** Where the source position reached is kept between runs. */
  checkpoint: CopyCheckpoint;
  /** Source events per read, and at most per append. */
  batchSize?: number;
  /** Most bytes per append, as `append-size.ts` estimates them (the target's limit; none by default). */
  maxAppendBytes?: number;
  /** Stop after copying this many events (an operator's dry step; tests use it to cut a run short). */
  maxEvents?: number;
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyCheckpoint {
  /** Source position of the last event known to be in the target; 0 before the first append. */
  load(): Promise<number>;
  save(sourcePosition: number): Promise<void>;
}

export interface CopyProgress {
  sourcePosition: number;
  sourceHead: number;
  /** Events appended by this run. */
  copied: number;
  /** Events found already in the target by this run. */
  alreadyThere: number;
}

export interface CopyResult extends CopyProgress {
  /** False when `maxEvents` stopped the run before the source's end (not verified then). */
  complete: boolean;
  /** Null when the run was not complete. */
  verification: LogComparison | null;
}

/** The target holds events the source does not: copying onto it would interleave two histories. */
export class TargetNotACopy extends Error {
  constructor(detail: string) {
    super(`the target log is not a copy of the source: ${detail}; copy into an empty store`);
    this.name = 'TargetNotACopy';
  }
}

const DEFAULT_BATCH = 1000;

export async function copyEventLog(options: CopyOptions): Promise<CopyResult> {
  const { source, target, checkpoint, batchSize = DEFAULT_BATCH, maxEvents = Infinity, onProgress } = options;
  const maxAppendBytes = options.maxAppendBytes ?? Infinity;
  const sourceHead = await source.headPosition();
  let sourcePosition = await checkpoint.load();
  if (sourcePosition === 0) await assertTargetStartsLikeSource(source, target);
  // An append answered at or before this position was a re-append the target recognised: nothing new written.
  const targetHead = await target.headPosition();

  const progress = (): CopyProgress => ({ sourcePosition, sourceHead, copied, alreadyThere });
  let copied = 0;
  let alreadyThere = 0;
  let pending: StoredEvent[] = [];
  let savedAt = sourcePosition;
  let sinceSaved = 0;

  // The checkpoint is saved every `batchSize` events, not every append: what a crash leaves unsaved is found
  // already there by the next run, and skipped.
  const save = async () => {
    if (sourcePosition === savedAt) return;
    await checkpoint.save(sourcePosition);
    savedAt = sourcePosition;
    sinceSaved = 0;
    onProgress?.(progress());
  };
  /** Appends the first `count` pending events (all by default); the rest stay pending. */
  const flush = async (count = pending.length) => {
    if (count === 0) return;
    const batch = pending.slice(0, count);
    const stored = await appendAsStored(target, batch, targetHead);
    copied += batch.length - stored;
    alreadyThere += stored;
    sinceSaved += batch.length;
    sourcePosition = batch[batch.length - 1].position;
    pending = pending.slice(count);
    pendingBytes = appendBytes(pending.map(toAppend), pending[0]?.streamId);
    commandStart -= count;
    if (sinceSaved >= batchSize) await save();
  };
  let pendingBytes = 0;
  /** Where the last command's events start in `pending`. */
  let commandStart = 0;

  let seen = 0;
  for await (const event of source.readAll({ after: sourcePosition, batchSize })) {
    if (seen === maxEvents) break;
    seen += 1;
    const last = pending[pending.length - 1];
    const bytes = eventBytes(toAppend(event), event.streamId);
    if (last && last.streamId === event.streamId && sameCommand(last, event)) {
      // Kept with its command: the commands before it go first if it no longer fits beside them.
      if (pendingBytes + bytes > maxAppendBytes) await flush(commandStart);
    } else {
      const full = pending.length >= batchSize || pendingBytes + bytes > maxAppendBytes;
      if (last && (last.streamId !== event.streamId || full)) await flush();
      commandStart = pending.length;
    }
    pending.push(event);
    pendingBytes += bytes;
    if (pendingBytes > maxAppendBytes) {
      throw new AppendTooLargeError([event.streamId], pendingBytes, maxAppendBytes);
    }
  }
  await flush();
  await save();

  const complete = sourcePosition >= sourceHead || seen < maxEvents;
  return {
    ...progress(),
    complete,
    verification: complete ? await compareLogs(source, target) : null,
  };
}

/**
 * Appends consecutive events of one stream at the revisions they had. Returns how many were already stored
 * (a run cut short before its checkpoint was saved): those are skipped, the rest appended.
 */
async function appendAsStored(target: EventStore, events: StoredEvent[], targetHead: number): Promise<number> {
  const { streamId } = events[0];
  try {
    const { position } = await target.append(streamId, events.map(toAppend), expectedBefore(events[0].revision));
    return position <= targetHead ? events.length : 0;
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError)) throw error;
  }
  const there = await target.readStream(streamId, events[0].revision, events.length);
  let matching = 0;
  while (matching < events.length && matching < there.length) {
    if (there[matching].id !== events[matching].id) {
      throw new TargetNotACopy(
        `stream '${streamId}' revision ${events[matching].revision} holds event ${there[matching].id}, not ${events[matching].id}`,
      );
    }
    matching += 1;
  }
  const rest = events.slice(matching);
  if (rest.length > 0) await target.append(streamId, rest.map(toAppend), expectedBefore(rest[0].revision));
  return matching;
}

/** A new run (no checkpoint) may only write to an empty target, or to one an earlier run started filling. */
async function assertTargetStartsLikeSource(source: EventStore, target: EventStore): Promise<void> {
  const first = await firstEventOf(target);
  if (!first) return;
  const sourceFirst = await firstEventOf(source);
  if (sourceFirst?.id !== first.id) {
    throw new TargetNotACopy(`its first event is ${first.id} (${first.type} in '${first.streamId}')`);
  }
}

/** Events one command recorded share their metadata: its correlation id and the instant it was recorded. */
function sameCommand(a: StoredEvent, b: StoredEvent): boolean {
  return a.metadata.correlationId === b.metadata.correlationId && a.metadata.recordedAt === b.metadata.recordedAt;
}

function expectedBefore(revision: number): 'no_stream' | number {
  return revision === 0 ? 'no_stream' : revision - 1;
}

function toAppend({ id, type, data, metadata }: StoredEvent): EventToAppend {
  return { id, type, data, metadata };
}

async function firstEventOf(store: EventStore): Promise<StoredEvent | null> {
  for await (const event of store.readAll({ limit: 1 })) return event;
  return null;
}
