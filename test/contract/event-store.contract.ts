import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  type StoredEvent,
  WrongExpectedRevisionError,
} from '../../src/core/event-store.port';

export interface EventStoreContractOptions {
  /** Positions are dense (1, 2, 3…) in the embedded stores; KurrentDB's commit positions only grow. */
  densePositions?: boolean;
  /** Metadata fields the store adds to every event (the hash chain's `hash`, `previousHash`); the rest is kept exactly. */
  stampedMetadata?: string[];
  /**
   * The store is a shared server that cannot be emptied (KurrentDB): the log already holds other tests' events.
   * Assertions on the global log are then made relative to the head read at the start of each test, on this
   * test's own streams. Without it (the default) each test gets a fresh, empty store and the log must hold
   * exactly the test's events.
   */
  sharedLog?: boolean;
  /**
   * An id stored in one stream is refused in another (false for KurrentDB, which has no index of event ids
   * across streams; reuse within a stream is still refused).
   */
  eventIdsUniqueAcrossStreams?: boolean;
}

function event(type = 'TestHappened', data: Record<string, unknown> = {}): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: { occurredOn: '2024-01-15', ...data },
    metadata: {
      occurredOn: '2024-01-15',
      recordedAt: '2024-01-16T02:00:00.000Z',
      actor: 'contract-test',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

async function collect(
  iterable: AsyncIterable<StoredEvent>,
  max = Infinity,
  keep: (e: StoredEvent) => boolean = () => true,
): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of iterable) {
    if (!keep(e)) continue;
    out.push(e);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The one suite every event store adapter must pass. Each adapter's spec calls it with a factory
 * that returns a fresh, empty store (or, with `sharedLog`, a store on a shared server).
 */
export function eventStoreContract(
  adapter: string,
  makeStore: () => Promise<EventStore>,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${adapter}`, () => {
    const { sharedLog = false, eventIdsUniqueAcrossStreams = true } = options;
    let store: EventStore;
    /** The head before the test: 0 for a fresh store, whatever other tests left on a shared one. */
    let start: number;
    beforeEach(async () => {
      store = await makeStore();
      start = await store.headPosition();
      if (!sharedLog) expect(start).toBe(0);
    });
    afterEach(() => store.close());

    const stream = () => `test-${randomUUID()}`;
    /** On a shared log, only the events of these streams; on a fresh store, every event must be the test's. */
    const onlyIn =
      (...streamIds: string[]) =>
      (e: StoredEvent) =>
        !sharedLog || streamIds.includes(e.streamId);

    it('appends to a new stream with no_stream and reads it back with revisions from 0', async () => {
      const id = stream();
      const first = event('A', { n: 1 });
      const second = event('B', { n: 2 });
      const result = await store.append(id, [first, second], 'no_stream');
      expect(result).toMatchObject({ streamId: id, firstRevision: 0, lastRevision: 1 });

      const read = await store.readStream(id);
      expect(read.map((e) => [e.id, e.type, e.revision, e.data.n])).toEqual([
        [first.id, 'A', 0, 1],
        [second.id, 'B', 1, 2],
      ]);
      expect(read[1].position).toBe(result.position);
      const { stampedMetadata = [] } = options;
      const kept = Object.fromEntries(
        Object.entries(read[0].metadata).filter(([key]) => !stampedMetadata.includes(key)),
      );
      expect(kept).toEqual(first.metadata);
      for (const key of stampedMetadata) expect(read[0].metadata).toHaveProperty(key);
    });

    it('reads a missing stream as empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads a stream forwards from a revision', async () => {
      const id = stream();
      await store.append(id, [event(), event(), event()], 'no_stream');
      expect((await store.readStream(id, 1)).map((e) => e.revision)).toEqual([1, 2]);
    });

    it('appends with the exact expected revision', async () => {
      const id = stream();
      await store.append(id, [event()], 'no_stream');
      const result = await store.append(id, [event()], 0);
      expect(result.lastRevision).toBe(1);
    });

    it('refuses a wrong expected revision and appends nothing', async () => {
      const id = stream();
      await store.append(id, [event()], 'no_stream');
      const head = await store.headPosition();
      await expect(store.append(id, [event()], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(id, [event()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append(stream(), [event()], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it("appends with 'any' whatever the stream's state", async () => {
      const id = stream();
      await store.append(id, [event()], 'any');
      await store.append(id, [event()], 'any');
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('lets exactly one of two concurrent writers with the same expected revision win', async () => {
      const id = stream();
      await store.append(id, [event()], 'no_stream');
      const results = await Promise.allSettled([store.append(id, [event('X')], 0), store.append(id, [event('Y')], 0)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('treats re-appending the same event ids as a no-op returning the original result', async () => {
      const id = stream();
      const events = [event(), event()];
      const original = await store.append(id, events, 'no_stream');
      const head = await store.headPosition();
      const again = await store.append(id, events, 'no_stream');
      expect(again).toEqual(original);
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('refuses an append that reuses a stored id in a different append, appending nothing', async () => {
      const id = stream();
      const stored = event();
      await store.append(id, [stored], 'no_stream');
      const head = await store.headPosition();
      await expect(store.append(id, [event(), stored], 0)).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append(id, [stored, event()], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      if (eventIdsUniqueAcrossStreams) {
        await expect(store.append(stream(), [stored, event()], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      }
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('gives every event a global position that only grows, across streams', async () => {
      const a = stream();
      const b = stream();
      await store.append(a, [event()], 'no_stream');
      await store.append(b, [event(), event()], 'no_stream');
      await store.append(a, [event()], 0);
      // A fresh store is read with the defaults (from the start).
      const all = await collect(store.readAll(sharedLog ? { after: start } : undefined), Infinity, onlyIn(a, b));
      const positions = all.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions[0]).toBeGreaterThan(start);
      expect(all.map((e) => e.streamId)).toEqual([a, b, b, a]);
      expect(await store.headPosition()).toBe(positions[positions.length - 1]);
      if (options.densePositions) expect(positions).toEqual([start + 1, start + 2, start + 3, start + 4]);
    });

    it('reads the global log after a position, in batches, with a limit', async () => {
      const id = stream();
      await store.append(
        id,
        Array.from({ length: 7 }, () => event()),
        'no_stream',
      );
      const all = await collect(store.readAll({ after: start, batchSize: 3 }), Infinity, onlyIn(id));
      expect(all.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const rest = await collect(store.readAll({ after: all[2].position, batchSize: 2 }), Infinity, onlyIn(id));
      expect(rest.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
      const page = await collect(store.readAll({ after: all[0].position, limit: 3, batchSize: 2 }));
      expect(page.map((e) => e.revision)).toEqual([1, 2, 3]);
    });

    it('follows the log live: catches up, then delivers new appends', async () => {
      const id = stream();
      const other = stream();
      const mine = onlyIn(id, other);
      await store.append(id, [event('Before')], 'no_stream');
      const subscription = store.subscribeToAll(start);
      const received: StoredEvent[] = [];
      const done = (async () => {
        for await (const e of subscription) {
          if (!mine(e)) continue;
          received.push(e);
          if (received.length === 3) subscription.close();
        }
      })();
      await store.append(id, [event('After1')], 0);
      await store.append(other, [event('After2')], 'no_stream');
      await done;
      expect(received.map((e) => e.type)).toEqual(['Before', 'After1', 'After2']);
    });

    it('resumes a subscription after a position without gaps or repeats', async () => {
      const id = stream();
      await store.append(id, [event('One'), event('Two'), event('Three')], 'no_stream');
      const all = await collect(store.readAll({ after: start }), Infinity, onlyIn(id));
      expect(all[0].type).toBe('One');
      const subscription = store.subscribeToAll(all[0].position);
      const resumed = await collect(subscription, 2, onlyIn(id));
      subscription.close();
      expect(resumed.map((e) => e.type)).toEqual(['Two', 'Three']);
    });

    it('finds the last position recorded at or before an instant', async () => {
      const id = stream();
      const at = (recordedAt: string) => ({ ...event(), metadata: { ...event().metadata, recordedAt } });
      await store.append(id, [at('2024-01-10T01:00:00.000Z')], 'no_stream');
      await store.append(id, [at('2024-01-15T01:00:00.000Z')], 0);
      await store.append(id, [at('2024-01-20T01:00:00.000Z')], 1);
      const [first, second] = await store.readStream(id);
      // Nothing of this test was recorded that early (on a shared log, older tests' events may have been).
      if (sharedLog) expect(await store.positionAt('2024-01-01T00:00:00.000Z')).toBeLessThanOrEqual(start);
      else expect(await store.positionAt('2024-01-01T00:00:00.000Z')).toBe(0);
      expect(await store.positionAt('2024-01-10T01:00:00.000Z')).toBe(first.position);
      expect(await store.positionAt('2024-01-19T00:00:00.000Z')).toBe(second.position);
    });

    it('keeps unicode data and metadata exactly', async () => {
      const id = stream();
      const e = event('SupportPaid', {
        purpose: 'Tết',
        recipient: 'Công đoàn cơ sở Trường THCS Tản Lĩnh',
        amount: 8_500_000,
      });
      await store.append(id, [e], 'no_stream');
      const [read] = await store.readStream(id);
      expect(read.data).toEqual(e.data);
    });
  });
}
