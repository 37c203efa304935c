import type { EventToAppend } from './event-store.port';

/**
 * How many bytes an append costs a store that limits the size of one request (KurrentDB's `MaxAppendSize`,
 * 1 MiB by default). An estimate that errs high: the event's id, type, data and metadata as UTF-8 JSON, plus
 * a fixed allowance per event for the record's framing and for the KurrentDB adapter's id claim written
 * beside it. Shared by the adapter (which refuses a request over its limit before sending it) and the
 * migration (which cuts its batches below that limit), so the two agree.
 */
export const PER_EVENT_ALLOWANCE_BYTES = 512;

/** KurrentDB's default `MaxAppendSize` (1 MiB). */
export const KURRENTDB_DEFAULT_MAX_APPEND_BYTES = 1_048_576;

export function eventBytes(event: EventToAppend, streamId = ''): number {
  return (
    // Twice: each record names its stream, and so does its id claim.
    2 * Buffer.byteLength(streamId) +
    Buffer.byteLength(event.id) +
    Buffer.byteLength(event.type) +
    Buffer.byteLength(JSON.stringify(event.data)) +
    Buffer.byteLength(JSON.stringify(event.metadata)) +
    PER_EVENT_ALLOWANCE_BYTES
  );
}

export function appendBytes(events: readonly EventToAppend[], streamId = ''): number {
  return events.reduce((sum, event) => sum + eventBytes(event, streamId), 0);
}
