import {
  type AllStreamResolvedEvent,
  AppendConsistencyViolationError,
  type AppendRecordInput,
  BACKWARDS,
  type ConsistencyCheck,
  type Direction,
  END,
  ErrorType,
  excludeSystemEvents,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_STATE,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { appendBytes, KURRENTDB_DEFAULT_MAX_APPEND_BYTES } from '../../core/append-size';
import { AppendTooLargeError } from '../../core/event-store.port';
import type * as Port from '../../core/event-store.port';
import {
  AppendsAsMultiAppend,
  assertValidAppends,
  checkExpected,
  conditionResult,
  replayOf,
  type StoredAt,
} from '../../core/multi-append';
import {
  claimRecord,
  claimStream,
  type EventIdClaim,
  isTransientError,
  positionOf,
  toAppendRecord,
  toAppendTooLarge,
  toCheck,
  toClaim,
  toPortError,
  toReadPosition,
  toStoredEvent,
  toUnavailable,
  toWrongExpectedRevision,
} from './kurrentdb-mapping';
import {
  type ResubscribeOptions,
  resubscribingSubscription,
  type SourceSubscription,
} from './resubscribing-subscription';

/** Records read from `$all` per request when scanning it (readAll's default, head, positionAt). */
const SCAN_BATCH = 500;
/** The head is almost always the last record: a small first page. */
const HEAD_BATCH = 50;

export type KurrentDbResubscribeOptions = Omit<ResubscribeOptions, 'open' | 'isTransient'>;

export interface KurrentDbOptions {
  resubscribe?: KurrentDbResubscribeOptions;
  /** The server's `MaxAppendSize`; 1 MiB by default, as KurrentDB's. */
  maxAppendBytes?: number;
}

/** Events read per request when looking backwards through a stream for ids. */
const BACKWARD_BATCH = 100;

/**
 * The EventStore port on KurrentDB (`@kurrent/kurrentdb-client`). Positions are `$all` commit positions:
 * they grow but are not dense (byte offsets in the log), so this store runs with `densePositions: false`.
 * System events (`$`-prefixed types or streams) and our event-id claims are never returned by reads, the head
 * or subscriptions.
 *
 * Needs KurrentDB 26.1 or later: every append is one `appendRecords` request (the client's multi-stream append
 * with consistency checks), which can check a stream it does not write to — the only way to express the port's
 * condition-only streams atomically. (The older `multiStreamAppend` of 25.1 takes an expected revision only
 * for streams it writes to, and would need a marker event to check one.) The compose file runs 26.1.1.
 *
 * Client facts relied on (client 1.3.1 source): reads go through its native bridge and throw
 * `StreamNotFoundError` for a missing stream; `appendRecords` sends metadata only as string properties (checked
 * by the client; the server returns them as JSON metadata with `$schema.*` keys added), throws
 * `AppendConsistencyViolationError` listing each failed check by index with the stream's actual state, and
 * `TransactionMaxSizeExceededError` / `AppendRecordSizeExceededError` for requests over the server's size
 * limits; it resolves each written stream's last revision. A forward `$all` read from a position includes the
 * event at it, a backward one excludes it (both are also guarded against here); a subscription is a Node stream
 * that emits `confirmation` once the server accepts it, throws a CommandError (`type: 'unavailable'`…) from its
 * iterator when the connection drops, and does not reconnect by itself (`resubscribingSubscription` does, for as
 * long as the outage lasts).
 */
export class KurrentDbEventStore extends AppendsAsMultiAppend implements Port.EventStore {
  static connect(connectionString: string, options: KurrentDbOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  private readonly resubscribe: KurrentDbResubscribeOptions;
  private readonly maxAppendBytes: number;

  constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbOptions = {},
  ) {
    super();
    this.resubscribe = options.resubscribe ?? {};
    this.maxAppendBytes = options.maxAppendBytes ?? KURRENTDB_DEFAULT_MAX_APPEND_BYTES;
  }

  /**
   * One `appendRecords` request (KurrentDB 26.1+): every stream's events, one id claim per event (see
   * `claimStream`), and the conditions as the request's consistency checks — the claims' "stream is new" first,
   * then each stream's expected revision in the order given (a stream without events is only a check). The server
   * applies all of it or nothing. Nothing is read before writing (fault 4 of issue #17); afterwards each written
   * stream's last event is read back (one event) to confirm our ids landed where the reply says, and for its
   * position. On a failed claim the ids are looked up (`replay`): the same append stored before returns its
   * original result, anything else is `DuplicateEventIdError`. A request over `maxAppendBytes` (estimated as the
   * migration estimates it) is refused before it is sent, as the server would refuse it.
   */
  async appendToStreams(appends: Port.StreamAppend[]): Promise<Port.MultiAppendResult> {
    assertValidAppends(appends);
    if (appends.every(({ events }) => events.length === 0)) return this.checkOnly(appends);
    const written = appends.filter(({ events }) => events.length > 0).map(({ streamId }) => streamId);
    const bytes = appends.reduce((sum, { streamId, events }) => sum + appendBytes(events, streamId), 0);
    if (bytes > this.maxAppendBytes) throw new AppendTooLargeError(written, bytes, this.maxAppendBytes);

    const records: AppendRecordInput[] = [];
    const checks: ConsistencyCheck[] = [];
    for (const { streamId, events, expectedRevision } of appends) {
      // The revisions are known in advance unless the stream may be anywhere ('any').
      const first =
        expectedRevision === 'no_stream' ? 0 : expectedRevision === 'any' ? undefined : expectedRevision + 1;
      events.forEach((event, i) => {
        const claim = claimRecord(event.id, { streamId, revision: first === undefined ? undefined : first + i });
        records.push(claim);
        checks.push({ type: STREAM_STATE, streamName: claim.streamName, expectedState: NO_STREAM });
      });
    }
    const claimChecks = checks.length;
    const streamChecks = new Map<number, { streamId: string; expected: Port.ExpectedRevision }>();
    for (const { streamId, events, expectedRevision } of appends) {
      const check = toCheck(streamId, expectedRevision);
      if (check) {
        streamChecks.set(checks.length, { streamId, expected: expectedRevision });
        checks.push(check);
      }
      for (const event of events) records.push(toAppendRecord(streamId, event));
    }

    let revisions: Map<string, number>;
    try {
      const reply = await this.client.appendRecords(records, checks);
      revisions = new Map(reply.responses.map((r) => [r.streamName, Number(r.revision)]));
    } catch (error) {
      if (error instanceof AppendConsistencyViolationError) {
        if (error.violations.some((violation) => violation.checkIndex < claimChecks)) return this.replay(appends);
        throw toWrongExpectedRevision(error, streamChecks) ?? error;
      }
      if (error instanceof WrongExpectedVersionError) throw toPortError(error, error.streamName, 'any');
      throw toAppendTooLarge(error, written, bytes) ?? toUnavailable(error);
    }

    const results = await Promise.all(
      appends.map(async ({ streamId, events }): Promise<Port.AppendResult | null> => {
        if (events.length === 0) return null;
        const lastRevision = revisions.get(streamId);
        if (lastRevision === undefined) throw new Error(`KurrentDB did not report the revision of ${streamId}`);
        const [last] = await this.readStream(streamId, lastRevision, 1);
        if (last?.id.toLowerCase() !== events[events.length - 1].id.toLowerCase()) {
          throw new Error(`KurrentDB acknowledged an append to ${streamId} that is not at revision ${lastRevision}`);
        }
        return { streamId, firstRevision: lastRevision - events.length + 1, lastRevision, position: last.position };
      }),
    );
    const position = Math.max(...results.map((result) => result?.position ?? 0));
    return { position, streams: await this.withConditions(appends, results, position) };
  }

  async readStream(
    streamId: string,
    fromRevision = 0,
    maxCount = Number.MAX_SAFE_INTEGER,
  ): Promise<Port.StoredEvent[]> {
    return this.readStreamIn(FORWARDS, streamId, BigInt(fromRevision), maxCount);
  }

  async *readAll({
    after = 0,
    batchSize = SCAN_BATCH,
    limit = Infinity,
  }: Port.ReadAllOptions = {}): AsyncGenerator<Port.StoredEvent> {
    let remaining = limit;
    if (remaining <= 0) return;
    for await (const { event } of this.scan(FORWARDS, after, batchSize)) {
      if (!event) continue;
      yield event;
      if (--remaining <= 0) return;
    }
  }

  subscribeToAll(after = 0): Port.Subscription {
    return resubscribingSubscription(after, {
      ...this.resubscribe,
      isTransient: isTransientError,
      open: (from) => this.openSubscription(from),
    });
  }

  async headPosition(): Promise<number> {
    for await (const { position, event } of this.scan(BACKWARDS, 'end', HEAD_BATCH)) {
      if (event) return position;
    }
    return 0;
  }

  /**
   * KurrentDB has no index on our `recordedAt`, so this reads `$all` backwards from the end, in batches,
   * until the first event recorded at or before the instant. Cost: every record appended after that
   * instant is read once (O(events since then)); cheap for recent instants, a full scan for one before
   * the first event. Compares ISO-8601 strings, as the SQLite store does.
   */
  async positionAt(recordedAt: string): Promise<number> {
    for await (const { position, event } of this.scan(BACKWARDS, 'end', SCAN_BATCH)) {
      if (event && event.metadata.recordedAt <= recordedAt) return position;
    }
    return 0;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * Every record of `$all` strictly after (forwards) or before (backwards) `from`, in batches of `batchSize`
   * fully read before they are yielded (no read stays open while the caller works); `event` is null for
   * system events. Ends when a batch comes back short: the end (or start) of the log.
   */
  private async *scan(
    direction: Direction,
    from: number | 'end',
    batchSize: number,
  ): AsyncGenerator<{ position: number; event: Port.StoredEvent | null }> {
    let cursor = from;
    // One more than asked: a read from a position may include the event at it.
    const maxCount = Math.max(1, batchSize) + 1;
    for (;;) {
      if (direction === BACKWARDS && cursor === 0) return;
      const fromPosition = cursor === 'end' ? END : cursor === 0 ? START : toReadPosition(cursor);
      const batch: AllStreamResolvedEvent[] = [];
      try {
        for await (const resolved of this.client.readAll({ direction, fromPosition, maxCount })) batch.push(resolved);
      } catch (error) {
        throw toUnavailable(error);
      }
      let moved = false;
      for (const resolved of batch) {
        const position = positionOf(resolved);
        if (cursor !== 'end' && (direction === FORWARDS ? position <= cursor : position >= cursor)) continue;
        cursor = position;
        moved = true;
        yield { position, event: toStoredEvent(resolved) };
      }
      if (batch.length < maxCount || !moved) return;
    }
  }

  /** Events of a stream from a revision, either way; empty when the stream does not exist. */
  private async readStreamIn(
    direction: Direction,
    streamId: string,
    fromRevision: bigint | typeof END,
    maxCount: number,
  ): Promise<Port.StoredEvent[]> {
    const events: Port.StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction, fromRevision, maxCount })) {
        const event = toStoredEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) {
        return [];
      }
      throw toUnavailable(error);
    }
    return events;
  }

  /** One event read backwards from the end. */
  async readLastEvent(streamId: string): Promise<Port.StoredEvent | null> {
    const [last] = await this.readStreamIn(BACKWARDS, streamId, END, 1);
    return last ?? null;
  }

  /** The stream's last revision, null when it does not exist. */
  private async lastRevisionOf(streamId: string): Promise<number | null> {
    return (await this.readLastEvent(streamId))?.revision ?? null;
  }

  /**
   * Nothing to write, only conditions: each stream's last revision is read (one event each) and compared. As
   * nothing is written, this is a check at the time of each read, not one atomic snapshot of all of them.
   */
  private async checkOnly(appends: Port.StreamAppend[]): Promise<Port.MultiAppendResult> {
    const currents = await Promise.all(appends.map(({ streamId }) => this.lastRevisionOf(streamId)));
    appends.forEach(({ streamId, expectedRevision }, i) => checkExpected(streamId, expectedRevision, currents[i]));
    const position = await this.headPosition();
    return { position, streams: appends.map(({ streamId }, i) => conditionResult(streamId, currents[i], position)) };
  }

  /**
   * A claim of this request was taken: some id is stored already. Each id's claim says in which stream (and,
   * when the append knew it, at which revision) it went; a stream whose ids all went to it is read once from
   * that revision (or backwards from its end, as far as needed, when the revision was not known). The same
   * append returns its original result; anything else is `DuplicateEventIdError` (from `replayOf`).
   */
  private async replay(appends: Port.StreamAppend[]): Promise<Port.MultiAppendResult> {
    const claims = await Promise.all(
      appends.map(({ events }) => Promise.all(events.map(({ id }) => this.claimOf(id)))),
    );
    const stored = await Promise.all(
      appends.map(async ({ streamId, events }, i): Promise<(StoredAt | undefined)[]> => {
        const own = claims[i];
        if (own.length === 0) return [];
        if (own.some((claim) => claim === undefined || claim.streamId !== streamId)) {
          // Not all here: only which ones are stored elsewhere matters (replayOf refuses it).
          return own.map((claim) => claim && { streamId: claim.streamId, revision: -1, position: 0 });
        }
        const found = await this.findInStream(streamId, events, own[0]!.revision);
        return events.map(({ id }) => found.get(id.toLowerCase()) ?? { streamId: '', revision: -1, position: 0 });
      }),
    );
    const replay = replayOf(appends, stored);
    if (!replay) throw new Error('KurrentDB refused an id claim, but no claim of this append is stored');
    return { position: replay.position, streams: await this.withConditions(appends, replay.streams, replay.position) };
  }

  private async claimOf(eventId: string): Promise<EventIdClaim | undefined> {
    try {
      for await (const resolved of this.client.readStream(claimStream(eventId), { maxCount: 1 })) {
        return toClaim(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) {
        return undefined;
      }
      throw toUnavailable(error);
    }
    return undefined;
  }

  /** Where these events sit in the stream: read from `revision` when known, else backwards from the end until all are seen. */
  private async findInStream(
    streamId: string,
    events: Port.EventToAppend[],
    revision: number | undefined,
  ): Promise<Map<string, StoredAt>> {
    const wanted = new Set(events.map(({ id }) => id.toLowerCase()));
    const found = new Map<string, StoredAt>();
    const keep = (event: Port.StoredEvent) => {
      const id = event.id.toLowerCase();
      if (wanted.has(id)) found.set(id, { streamId, revision: event.revision, position: event.position });
    };
    if (revision !== undefined) {
      (await this.readStream(streamId, revision, events.length)).forEach(keep);
      return found;
    }
    let from: bigint | typeof END = END;
    while (found.size < wanted.size) {
      const page = await this.readStreamIn(BACKWARDS, streamId, from, BACKWARD_BATCH);
      page.forEach(keep);
      const oldest = page[page.length - 1];
      if (page.length < BACKWARD_BATCH || !oldest || oldest.revision === 0) break;
      from = BigInt(oldest.revision - 1);
    }
    return found;
  }

  /** Condition-only streams' results: an exact expectation held, so it is their revision; `any` is read. */
  private async withConditions(
    appends: Port.StreamAppend[],
    results: (Port.AppendResult | null)[],
    position: number,
  ): Promise<Port.AppendResult[]> {
    return Promise.all(
      results.map(async (result, i) => {
        if (result) return result;
        const { streamId, expectedRevision } = appends[i];
        const revision =
          expectedRevision === 'no_stream'
            ? null
            : expectedRevision === 'any'
              ? await this.lastRevisionOf(streamId)
              : expectedRevision;
        return conditionResult(streamId, revision, position);
      }),
    );
  }

  private openSubscription(after: number): SourceSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      filter: excludeSystemEvents(),
    });
    return {
      // The server confirms a subscription before sending anything: proof the connection is back, on a quiet log too.
      confirmed: new Promise<void>((resolve) => subscription.once('confirmation', () => resolve())),
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription) {
          const event = toStoredEvent(resolved);
          if (event) yield event;
        }
      },
      async close() {
        await subscription.unsubscribe().catch(() => undefined);
        // Ends a read still waiting on the stream (its iterator then throws, which the caller ignores once closed).
        subscription.destroy();
      },
    };
  }
}
