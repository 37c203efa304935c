import type { SubscriptionConnection } from './subscription-connection';

/**
 * The one interface every event store implements (SQLite embedded, KurrentDB in production).
 * Revisions are 0-based per stream, as KurrentDB counts them; positions are global and only grow.
 */

/** Who and why: carried by every event, set by the command layer, never by the domain. */
export interface EventMetadata {
  /** Business date the fact happened on, `YYYY-MM-DD`. */
  occurredOn: string;
  /** When the system recorded it, ISO-8601 UTC. */
  recordedAt: string;
  /** The authenticated principal (or the interim actor header) that recorded it. */
  actor: string;
  correlationId: string;
  causationId: string | null;
  /** Set when the command came with an `Idempotency-Key` header. */
  idempotencyKey?: string;
  /** Fingerprint of the command, to refuse an idempotency key reused for another request. */
  commandHash?: string;
  /** Free-text reason a clerk gave, when any. */
  reason?: string;
  /** Version of the event type's `data` shape it was written in; absent means 1 (see `event-schemas.ts`). */
  schemaVersion?: number;
}

export interface EventToAppend {
  id: string;
  /** Stable type name, a string literal such as `MemberJoined` — never a class name. */
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** Where a stored event sits: its stream, its revision there, and its global position. */
export interface StoredEventPlace {
  streamId: string;
  revision: number;
  position: number;
}

/**
 * An event as stored. Untyped by default (`type: string`, `data` a plain record), as every store returns it;
 * `StoredEvent<E>` is the same event narrowed to a context's union `E` (e.g. `FundBookEvent`). It is a union
 * itself, one member per event type, so a `switch (event.type)` narrows `event.data` to that type's fields.
 */
export type StoredEvent<E extends { type: string; data: object } = EventToAppend> = E extends unknown
  ? Omit<EventToAppend, 'type' | 'data'> & Pick<E, 'type' | 'data'> & StoredEventPlace
  : never;

/** `no_stream`: the stream must not exist; `any`: no check; a number: the stream's last revision. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendResult {
  streamId: string;
  /** Revision of the first event of this append. */
  firstRevision: number;
  /** Revision of the last event of this append (the stream's revision after it). */
  lastRevision: number;
  /** Global position of the last event of this append. */
  position: number;
}

/** One stream's part of a multi-stream append: its events (none = a pure condition) and the revision it must be at. */
export interface StreamAppend {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: EventToAppend[];
}

export interface MultiAppendResult {
  /** global position of the last event stored (the head when nothing new was stored) */
  position: number;
  streams: AppendResult[];
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, but it is at ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some ids of an append are already stored, but not as this same append: never silently half-applied. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored as part of a different append`);
    this.name = 'DuplicateEventIdError';
  }
}

/**
 * An append larger than the store takes in one request (KurrentDB refuses requests over its `MaxAppendSize`,
 * 1 MiB by default). One command's events are never split: send fewer of them at once, or raise the limit.
 */
export class AppendTooLargeError extends Error {
  constructor(
    readonly streamIds: string[],
    /** Estimated (or, from the server, measured) size of the request, in bytes. */
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `an append to ${streamIds.join(', ')} of about ${bytes} bytes is over the store's limit of ${maxBytes} bytes ` +
        "per append; one command's events are kept together, so record fewer at once (or raise the server's MaxAppendSize)",
    );
    this.name = 'AppendTooLargeError';
  }
}

/**
 * The store cannot be reached just now (its server away, a timeout, a leader change): try again shortly. A write
 * that failed so may or may not have been stored; retried with the same event ids (an `Idempotency-Key`), it is
 * recorded once either way.
 */
export class EventStoreUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the event store cannot be reached just now (${reason}); try again shortly`);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * The store cannot take writes now (e.g. its SQLite file was deleted or replaced under the running service):
 * nothing is acknowledged, and the HTTP edge answers 503. Unlike `EventStoreUnavailableError`, retrying soon
 * does not help: the service must be restarted on the right file.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

export interface ReadAllOptions {
  /** Read events with a position strictly greater than this (0 reads from the start). */
  after?: number;
  /** How many events each underlying read fetches; bounds memory. */
  batchSize?: number;
  /** Stop after this many events. */
  limit?: number;
}

export interface Subscription extends AsyncIterable<StoredEvent> {
  /** Ends the iteration; pending `next()` resolves as done. */
  close(): void;
  /** Following the store, or reconnecting after a transient failure (stores that retry report it). */
  connection?(): SubscriptionConnection;
}

export interface EventStore {
  /**
   * Appends atomically, or not at all. Re-appending events whose ids are already stored,
   * as the same append, is a no-op that returns the original result.
   */
  append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;

  /** Appends to several streams atomically: every expected revision holds and every event is stored, or nothing is.
   *  A stream with no events is only checked. Same id rules as append (an identical re-append is a no-op returning the
   *  original result; an id stored elsewhere → DuplicateEventIdError). Fails with WrongExpectedRevisionError naming the
   *  first stream whose condition failed.
   *  For a condition-only stream, its AppendResult has firstRevision = lastRevision = its revision (-1 when it does not
   *  exist) and the position of the multi-append. A stream may appear only once. */
  appendToStreams(appends: StreamAppend[]): Promise<MultiAppendResult>;

  /**
   * Events of one stream from a revision (inclusive), oldest first, at most `maxCount` of them (all by default);
   * empty when the stream does not exist.
   */
  readStream(streamId: string, fromRevision?: number, maxCount?: number): Promise<StoredEvent[]>;

  /** The stream's last event, null when it does not exist: what an append needs to know of a stream, read alone. */
  readLastEvent(streamId: string): Promise<StoredEvent | null>;

  /** The global log in batches; never holds the whole log in memory. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;

  /** Catches up from `after`, then follows new appends live until closed. */
  subscribeToAll(after?: number): Subscription;

  /** Position of the last stored event (0 when empty). */
  headPosition(): Promise<number>;

  /**
   * The last position recorded at or before an instant (ISO-8601), 0 when none: turns "as known at
   * 15/01/2024" into a log position. Assumes recording times grow with positions, as one clock stamps them.
   */
  positionAt(recordedAt: string): Promise<number>;

  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
