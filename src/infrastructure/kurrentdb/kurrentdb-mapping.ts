import {
  ANY,
  AppendConsistencyViolationError,
  type AppendRecordInput,
  AppendRecordSizeExceededError,
  type AppendStreamState,
  type ConsistencyCheck,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  STREAM_STATE,
  TransactionMaxSizeExceededError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import {
  AppendTooLargeError,
  EventStoreUnavailableError,
  type EventMetadata,
  type EventToAppend,
  type ExpectedRevision,
  type StoredEvent,
  WrongExpectedRevisionError,
} from '../../core/event-store.port';

/**
 * Pure translation between the EventStore port and the KurrentDB client's shapes, kept apart from the
 * adapter so it is tested without a server. Facts about KurrentDB relied on here:
 * - Revisions are 0-based per stream, as the port counts them (client `revision: bigint`).
 * - Events appended through gRPC are "committed prepares": in `$all` each event's commit position equals
 *   its own prepare position (its log position), so every event has its own position and positions grow
 *   with the log (KurrentDB `AllReader` builds `TFPos(logPosition, logPosition)` for them). Positions are
 *   byte offsets in the transaction log: they grow but are not dense.
 */

/** The fields of a client `RecordedEvent` this adapter reads (a structural subset, so tests can build them). */
export interface KurrentRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata?: unknown;
  position?: Position;
}

export interface KurrentResolvedEvent {
  event?: KurrentRecordedEvent;
  commitPosition?: bigint;
}

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(`expected revision must be 'no_stream', 'any' or a revision (0 or more), not ${expected}`);
  }
  return BigInt(expected);
}

/** The client's wrong-expected-version as the port's error; anything else unchanged. */
export function toPortError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (!(error instanceof WrongExpectedVersionError)) return error;
  return new WrongExpectedRevisionError(streamId, expected, toActual(error.actualState));
}

/** The client reports a missing stream as 'no_stream', a deleted one as a negative revision. */
function toActual(actual: unknown): number | 'no_stream' {
  return typeof actual === 'bigint' && actual >= 0n ? toSafeNumber(actual, 'revision') : 'no_stream';
}

/**
 * The first failed condition of an `appendRecords` request as the port's error: the violation with the lowest
 * check index among `streamChecks` (indexes into the request's checks, in the order the port was given them).
 */
export function toWrongExpectedRevision(
  error: AppendConsistencyViolationError,
  streamChecks: Map<number, { streamId: string; expected: ExpectedRevision }>,
): WrongExpectedRevisionError | null {
  const first = [...error.violations]
    .filter((violation) => streamChecks.has(violation.checkIndex))
    .sort((a, b) => a.checkIndex - b.checkIndex)[0];
  if (!first) return null;
  const { streamId, expected } = streamChecks.get(first.checkIndex)!;
  return new WrongExpectedRevisionError(streamId, expected, toActual(first.actualState));
}

/** KurrentDB's refusals of a request too large (v1 `MaxAppendSize`, v2 transaction and record sizes), as the port's. */
export function toAppendTooLarge(error: unknown, streamIds: string[], bytes: number): AppendTooLargeError | null {
  if (error instanceof MaxAppendSizeExceededError)
    return new AppendTooLargeError(streamIds, bytes, error.maxAppendSize);
  if (error instanceof TransactionMaxSizeExceededError)
    return new AppendTooLargeError(streamIds, error.size, error.maxSize);
  if (error instanceof AppendRecordSizeExceededError)
    return new AppendTooLargeError([error.stream], error.size, error.maxSize);
  return null;
}

/** A commit position as the port's number; refuses what a JS number cannot hold exactly. */
export function toPortPosition(commit: bigint): number {
  return toSafeNumber(commit, 'commit position');
}

/** Where a forward (or backward) `$all` read starts for a port position: 0 is the start of the log. */
export function toReadPosition(position: number): ReadPosition {
  if (position === 0) return START;
  // For committed prepares commit and prepare positions are equal (see above).
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** System events (`$`-prefixed type or stream: stats, metadata, projections' links) are not the ledger's. */
export function isSystemEvent(event: Pick<KurrentRecordedEvent, 'type' | 'streamId'>): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * Event-id claims: KurrentDB has no index of event ids across streams, so every append also writes, in the same
 * atomic request, one claim per event to a stream named after the id, on the condition that the stream does not
 * exist yet. A second append of an id anywhere then fails that condition. Claims are not the ledger's: they are
 * left out of stream and `$all` reads, subscriptions, the head and the integrity checks (which read `$all`).
 * Their stream names cannot start with `$` (KurrentDB refuses records to system streams in `appendRecords`).
 */
export const CLAIM_STREAM_PREFIX = 'ledger-event-id-';
export const CLAIM_TYPE = 'EventIdClaimed';

/** What a claim records: where the event went (its revision when the append knew it in advance). */
export interface EventIdClaim {
  streamId: string;
  revision?: number;
}

export function claimStream(eventId: string): string {
  return `${CLAIM_STREAM_PREFIX}${eventId.toLowerCase()}`;
}

export function isClaim(event: Pick<KurrentRecordedEvent, 'type' | 'streamId'>): boolean {
  return event.type === CLAIM_TYPE && event.streamId.startsWith(CLAIM_STREAM_PREFIX);
}

/** A claim's record: the condition that its stream is new goes in the request's checks. */
export function claimRecord(eventId: string, claim: EventIdClaim): AppendRecordInput {
  return {
    streamName: claimStream(eventId),
    record: jsonEvent({ id: randomUUID(), type: CLAIM_TYPE, data: { ...claim } }),
  };
}

export function toClaim(recorded: Pick<KurrentRecordedEvent, 'data'> | undefined): EventIdClaim | undefined {
  const data = recorded?.data;
  if (!isObject(data) || typeof data.streamId !== 'string') return undefined;
  return { streamId: data.streamId, revision: typeof data.revision === 'number' ? data.revision : undefined };
}

/**
 * The property our metadata travels in. `appendRecords` takes metadata only as string properties (and KurrentDB
 * returns them as the event's JSON metadata, with its own `$schema.*` keys added), so the port's metadata —
 * which holds nulls and may hold anything JSON — is sent as one JSON string and read back from it.
 */
export const METADATA_PROPERTY = 'ledger-metadata';

/** One of our events as a record of `appendRecords`. */
export function toAppendRecord(streamId: string, event: EventToAppend): AppendRecordInput {
  return {
    streamName: streamId,
    record: jsonEvent({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: { [METADATA_PROPERTY]: JSON.stringify(event.metadata) },
    }),
  };
}

/** The request's check for an expected revision; none for `any`. */
export function toCheck(streamId: string, expected: ExpectedRevision): ConsistencyCheck | null {
  if (expected === 'any') return null;
  return { type: STREAM_STATE, streamName: streamId, expectedState: toStreamState(expected) };
}

/** Metadata as written: decoded from its property (`appendRecords`), or as is (events written by `appendToStream`). */
export function fromStoredMetadata(metadata: Record<string, unknown>): EventMetadata {
  const encoded = metadata[METADATA_PROPERTY];
  return (typeof encoded === 'string' ? JSON.parse(encoded) : metadata) as EventMetadata;
}

/** The `$all` position of a read or delivered event. */
export function positionOf(resolved: KurrentResolvedEvent): number {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) {
    throw new Error(
      `KurrentDB sent event ${resolved.event?.id ?? '(none)'} without its $all position; ` +
        'positions on stream reads need KurrentDB (EventStoreDB) 22.10 or later',
    );
  }
  return toPortPosition(commit);
}

/** A resolved event as the port's StoredEvent; null for system events (and unresolved links). */
export function toStoredEvent(resolved: KurrentResolvedEvent): StoredEvent | null {
  const recorded = resolved.event;
  if (!recorded || isSystemEvent(recorded) || isClaim(recorded)) return null;
  if (!recorded.isJson || !isObject(recorded.data) || !isObject(recorded.metadata)) {
    throw new Error(`event ${recorded.id} in ${recorded.streamId} is not a JSON event with JSON metadata`);
  }
  return {
    id: recorded.id,
    type: recorded.type,
    streamId: recorded.streamId,
    revision: toSafeNumber(recorded.revision, 'revision'),
    position: positionOf(resolved),
    data: recorded.data,
    metadata: fromStoredMetadata(recorded.metadata),
  };
}

/**
 * The client's error types for a node away or a connection lost: `unavailable` (also INTERNAL and DATA_LOSS, and
 * grpc-js's connect failures reported as UNKNOWN), `deadline-exceeded`, `timeout` (ABORTED), `cancelled` (by the
 * server; the client's own cancellations are not errors), `not-leader` (a leader change in a cluster). `unknown`
 * is not among them: anything else the client could not classify fails the projection, to be seen.
 */
const TRANSIENT_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'not-leader']);
/** Raw gRPC status codes of the same: CANCELLED, DEADLINE_EXCEEDED, ABORTED, INTERNAL, UNAVAILABLE. */
const TRANSIENT_GRPC_CODES = new Set([1, 4, 10, 13, 14]);

/**
 * Errors worth resubscribing after, however long the outage: the connection dropped or the node is away. The
 * client turns a broken subscription stream into a CommandError whose `type` says so (e.g. `unavailable`); some
 * calls surface the raw gRPC error with its numeric `code` instead.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  if (!isObject(error)) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  // A CommandError's type decides (a refusal can carry a generic gRPC code); a raw gRPC error has only its code.
  if (typeof type === 'string') return TRANSIENT_TYPES.has(type);
  return typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code);
}

/** A lost connection or an absent node as the port's error; anything else unchanged. */
export function toUnavailable(error: unknown): unknown {
  if (!isTransientError(error)) return error;
  const { type, code } = error as { type?: unknown; code?: unknown };
  return new EventStoreUnavailableError(typeof type === 'string' ? type : `gRPC status ${String(code)}`);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`KurrentDB ${what} ${value} does not fit in a safe integer (0 to 2^53 - 1)`);
  }
  return Number(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
