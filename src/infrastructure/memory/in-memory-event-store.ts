import { EventEmitter } from 'node:events';
import { catchUpSubscription } from '../../core/catch-up-subscription';
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type StoredEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../../core/event-store.port';

/** For fast unit tests; passes the same contract suite as the durable stores. */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly appended = new EventEmitter().setMaxListeners(0);

  async append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const stored = events.map((e) => this.byId.get(e.id));
    if (stored.some((e) => e !== undefined)) {
      const first = stored[0];
      const same =
        first !== undefined &&
        stored.every((e, i) => e !== undefined && e.streamId === streamId && e.revision === first.revision + i);
      if (!same) throw new DuplicateEventIdError(events[stored.findIndex((e) => e !== undefined)].id);
      const last = stored[stored.length - 1]!;
      return { streamId, firstRevision: first.revision, lastRevision: last.revision, position: last.position };
    }
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? null : stream.length - 1;
    if (expected !== 'any' && (expected === 'no_stream' ? current !== null : current !== expected)) {
      throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
    }
    for (const event of events) {
      const storedEvent: StoredEvent = {
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
    this.appended.emit('append');
    const last = stream[stream.length - 1];
    return {
      streamId,
      firstRevision: last.revision - events.length + 1,
      lastRevision: last.revision,
      position: last.position,
    };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    return structuredClone((this.streams.get(streamId) ?? []).slice(fromRevision));
  }

  async *readAll({ after = 0, limit = Infinity }: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    // Positions are 1-based and dense here, so position p sits at index p - 1.
    const end = Math.min(this.log.length, after + limit);
    for (let i = after; i < end; i++) yield structuredClone(this.log[i]);
  }

  subscribeToAll(after = 0): Subscription {
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
}
