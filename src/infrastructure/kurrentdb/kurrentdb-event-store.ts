import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  type Direction,
  END,
  ErrorType,
  excludeSystemEvents,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  StoredEvent,
  Subscription,
} from '../../core/event-store.port';
import {
  earlierAppend,
  isTransientError,
  positionOf,
  toEventData,
  toPortError,
  toReadPosition,
  toStoredEvent,
  toStreamState,
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

/**
 * The EventStore port on KurrentDB (`@kurrent/kurrentdb-client`). Positions are `$all` commit positions:
 * they grow but are not dense (byte offsets in the log), so this store runs with `densePositions: false`.
 * System events (`$`-prefixed types or streams) are never returned by readAll, head or subscriptions.
 *
 * Client facts relied on (client 1.3 source): reads go through its native bridge and throw
 * `StreamNotFoundError` for a missing stream; `appendToStream` throws `WrongExpectedVersionError`
 * (`throwOnAppendFailure` defaults to true) with `actualState` a bigint revision or `'no_stream'`, and
 * resolves `nextExpectedRevision` (the stream's last revision) and the commit position of the append's
 * last event; a forward `$all` read from a position includes the event at it, a backward one excludes it
 * (both are also guarded against here); a subscription is a Node stream that throws a CommandError
 * (`type: 'unavailable'`…) from its iterator when the connection drops, and does not reconnect by itself.
 */
export class KurrentDbEventStore implements EventStore {
  static connect(connectionString: string, resubscribe: KurrentDbResubscribeOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), resubscribe);
  }

  constructor(
    private readonly client: KurrentDBClient,
    private readonly resubscribe: KurrentDbResubscribeOptions = {},
  ) {}

  /**
   * KurrentDB deduplicates re-sent event ids only best-effort (it compares ids with the events after the
   * expected revision, and answers a partly matching write as a wrong expected version), and it has no
   * index of ids across streams. So the port's id rules are checked here, against the target stream:
   * 1. Before writing, the stream is read: ids all stored as this same append (same order, consecutive
   *    revisions) return the original result; some stored otherwise throw `DuplicateEventIdError`.
   * 2. On a wrong expected version the stream is read again: a racing writer (a retried command with the
   *    same derived ids) may have stored this very append meanwhile, which then returns its result.
   * 3. After a write KurrentDB acknowledged, the events at the revisions it reports are read back and must
   *    carry our ids; their positions are returned. This also returns the original positions when
   *    KurrentDB accepted the write as an idempotent repeat (its reply's position is not reliable then).
   * Not checked: an id stored in another stream (that would need a global id index).
   */
  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const streamState = toStreamState(expectedRevision);
    const replay = earlierAppend(streamId, events, await this.readStream(streamId));
    if (replay) return replay;

    let lastRevision: number;
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), { streamState });
      lastRevision = Number(result.nextExpectedRevision);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const raced = earlierAppend(streamId, events, await this.readStream(streamId));
        if (raced) return raced;
      }
      throw toPortError(error, streamId, expectedRevision);
    }

    const firstRevision = lastRevision - events.length + 1;
    const written = await this.readStream(streamId, firstRevision, events.length);
    const confirmed = earlierAppend(streamId, events, written);
    if (!confirmed || confirmed.firstRevision !== firstRevision) {
      throw new Error(`KurrentDB acknowledged an append to ${streamId} that is not at revisions ${firstRevision}…`);
    }
    return confirmed;
  }

  async readStream(streamId: string, fromRevision = 0, maxCount = Number.MAX_SAFE_INTEGER): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(fromRevision), maxCount })) {
        const event = toStoredEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) {
        return [];
      }
      throw error;
    }
    return events;
  }

  async *readAll({
    after = 0,
    batchSize = SCAN_BATCH,
    limit = Infinity,
  }: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    let remaining = limit;
    if (remaining <= 0) return;
    for await (const { event } of this.scan(FORWARDS, after, batchSize)) {
      if (!event) continue;
      yield event;
      if (--remaining <= 0) return;
    }
  }

  subscribeToAll(after = 0): Subscription {
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
  ): AsyncGenerator<{ position: number; event: StoredEvent | null }> {
    let cursor = from;
    // One more than asked: a read from a position may include the event at it.
    const maxCount = Math.max(1, batchSize) + 1;
    for (;;) {
      if (direction === BACKWARDS && cursor === 0) return;
      const fromPosition = cursor === 'end' ? END : cursor === 0 ? START : toReadPosition(cursor);
      const batch: AllStreamResolvedEvent[] = [];
      for await (const resolved of this.client.readAll({ direction, fromPosition, maxCount })) batch.push(resolved);
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

  private openSubscription(after: number): SourceSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      filter: excludeSystemEvents(),
    });
    return {
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
