import { EventEmitter } from 'node:events';
import { catchUpSubscription } from '../../core/catch-up-subscription';
import type * as Port from '../../core/event-store.port';
import {
  AppendsAsMultiAppend,
  assertValidAppends,
  checkExpected,
  replayOf,
  withConditionResults,
} from '../../core/multi-append';

/** For fast unit tests; passes the same contract suite as the durable stores. */
export class InMemoryEventStore extends AppendsAsMultiAppend implements Port.EventStore {
  private readonly log: Port.StoredEvent[] = [];
  private readonly streams = new Map<string, Port.StoredEvent[]>();
  private readonly byId = new Map<string, Port.StoredEvent>();
  private readonly appended = new EventEmitter().setMaxListeners(0);

  async appendToStreams(appends: Port.StreamAppend[]): Promise<Port.MultiAppendResult> {
    assertValidAppends(appends);
    const replay = replayOf(
      appends,
      appends.map(({ events }) => events.map((event) => this.byId.get(event.id))),
    );
    if (replay) {
      return withConditionResults(appends, replay.streams, replay.position, (i) =>
        this.revisionAt(appends[i].streamId, replay.position),
      );
    }
    const currents = appends.map(({ streamId }) => this.revisionAt(streamId, Infinity));
    appends.forEach(({ streamId, expectedRevision }, i) => checkExpected(streamId, expectedRevision, currents[i]));
    const written = appends.map(({ streamId, events }): Port.AppendResult | null => {
      if (events.length === 0) return null;
      const stream = this.streams.get(streamId) ?? [];
      for (const event of events) {
        const storedEvent: Port.StoredEvent = {
          ...structuredClone(event),
          streamId,
          revision: stream.length,
          position: this.log.length + 1,
        };
        stream.push(storedEvent);
        this.log.push(storedEvent);
        this.byId.set(event.id, storedEvent);
      }
      this.streams.set(streamId, stream);
      const last = stream[stream.length - 1];
      return {
        streamId,
        firstRevision: last.revision - events.length + 1,
        lastRevision: last.revision,
        position: last.position,
      };
    });
    const position = this.log.length;
    if (written.some((result) => result !== null)) this.appended.emit('append');
    return withConditionResults(appends, written, position, (i) => currents[i]);
  }

  async readStream(
    streamId: string,
    fromRevision = 0,
    maxCount = Number.MAX_SAFE_INTEGER,
  ): Promise<Port.StoredEvent[]> {
    return structuredClone((this.streams.get(streamId) ?? []).slice(fromRevision, fromRevision + maxCount));
  }

  async readLastEvent(streamId: string): Promise<Port.StoredEvent | null> {
    const stream = this.streams.get(streamId) ?? [];
    return stream.length === 0 ? null : structuredClone(stream[stream.length - 1]);
  }

  async *readAll({ after = 0, limit = Infinity }: Port.ReadAllOptions = {}): AsyncGenerator<Port.StoredEvent> {
    // Positions are 1-based and dense here, so position p sits at index p - 1.
    const end = Math.min(this.log.length, after + limit);
    for (let i = after; i < end; i++) yield structuredClone(this.log[i]);
  }

  subscribeToAll(after = 0): Port.Subscription {
    return catchUpSubscription(
      {
        readBatch: async (from, max) => structuredClone(this.log.slice(from, from + max)),
        waitForAppend: () => new Promise<void>((resolve) => this.appended.once('append', () => resolve())),
      },
      after,
    );
  }

  async headPosition(): Promise<number> {
    return this.log.length;
  }

  async positionAt(recordedAt: string): Promise<number> {
    let position = 0;
    for (const event of this.log) if (event.metadata.recordedAt <= recordedAt) position = event.position;
    return position;
  }

  async close(): Promise<void> {}

  /** The stream's last revision at or before a position; null when it had none. */
  private revisionAt(streamId: string, position: number): number | null {
    const stream = this.streams.get(streamId) ?? [];
    if (position >= this.log.length) return stream.length === 0 ? null : stream.length - 1;
    let revision: number | null = null;
    for (const event of stream) if (event.position <= position) revision = event.revision;
    return revision;
  }
}
