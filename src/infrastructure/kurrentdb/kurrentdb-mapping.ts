import {
  ANY,
  type AppendStreamState,
  type EventData,
  jsonEvent,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  type AppendResult,
  DuplicateEventIdError,
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
  const actual = error.actualState;
  // The client reports a missing stream as 'no_stream' (and a deleted one as a negative revision).
  const current = typeof actual === 'bigint' && actual >= 0n ? toSafeNumber(actual, 'revision') : 'no_stream';
  return new WrongExpectedRevisionError(streamId, expected, current);
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
  if (!recorded || isSystemEvent(recorded)) return null;
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
    metadata: recorded.metadata as unknown as EventMetadata,
  };
}

/** Our event as the client's JSON event, keeping our id (KurrentDB requires it to be a UUID). */
export function toEventData(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as Record<string, unknown>,
  });
}

/**
 * Decides an append from what the stream holds: null when none of its ids is stored (write it); the
 * original result when all of them are stored as this same append (same order, consecutive revisions);
 * otherwise `DuplicateEventIdError`. KurrentDB ids are UUIDs, which it returns lower-cased.
 */
export function earlierAppend(streamId: string, events: EventToAppend[], stream: StoredEvent[]): AppendResult | null {
  const byId = new Map(stream.map((stored) => [stored.id.toLowerCase(), stored]));
  const stored = events.map((event) => byId.get(event.id.toLowerCase()));
  if (stored.every((found) => found === undefined)) return null;
  const first = stored[0];
  const sameAppend =
    first !== undefined &&
    stored.every(
      (found, i) => found !== undefined && found.streamId === streamId && found.revision === first.revision + i,
    );
  if (!sameAppend) throw new DuplicateEventIdError(events[stored.findIndex((found) => found !== undefined)].id);
  const last = stored[stored.length - 1]!;
  return { streamId, firstRevision: first.revision, lastRevision: last.revision, position: last.position };
}

const TRANSIENT_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'not-leader', 'unknown']);
/** gRPC status codes of a dropped or refused connection: CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, INTERNAL, UNAVAILABLE. */
const TRANSIENT_GRPC_CODES = new Set([1, 2, 4, 13, 14]);

/**
 * Errors worth resubscribing after: the connection dropped or the node is away. The client turns a broken
 * subscription stream into a CommandError whose `type` says so (e.g. `unavailable`); some calls surface the
 * raw gRPC error with its numeric `code` instead.
 */
export function isTransientError(error: unknown): boolean {
  if (!isObject(error)) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  // A CommandError's type decides (a refusal can carry a generic gRPC code); a raw gRPC error has only its code.
  if (typeof type === 'string') return TRANSIENT_TYPES.has(type);
  return typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code);
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
