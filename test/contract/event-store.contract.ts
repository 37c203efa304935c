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
    const { sharedLog = false } = options;
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

    it('reads at most maxCount events of a stream, and its last event alone', async () => {
      const id = stream();
      const events = [event(), event(), event()];
      await store.append(id, events, 'no_stream');
      expect((await store.readStream(id, 1, 1)).map((e) => e.revision)).toEqual([1]);
      expect((await store.readStream(id, 0, 2)).map((e) => e.revision)).toEqual([0, 1]);
      const last = await store.readLastEvent(id);
      expect([last?.id, last?.revision]).toEqual([events[2].id, 2]);
      expect(await store.readLastEvent(stream())).toBeNull();
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
      await expect(store.append(stream(), [stored, event()], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append(stream(), [stored], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
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

    describe('appendToStreams', () => {
      it('appends to several streams at once, each from its own revision', async () => {
        const a = stream();
        const b = stream();
        await store.append(a, [event('A0')], 'no_stream');
        const result = await store.appendToStreams([
          { streamId: a, expectedRevision: 0, events: [event('A1'), event('A2')] },
          { streamId: b, expectedRevision: 'no_stream', events: [event('B0')] },
        ]);
        expect(result.streams).toMatchObject([
          { streamId: a, firstRevision: 1, lastRevision: 2 },
          { streamId: b, firstRevision: 0, lastRevision: 0 },
        ]);
        const [readA, readB] = [await store.readStream(a), await store.readStream(b)];
        expect(readA.map((e) => e.type)).toEqual(['A0', 'A1', 'A2']);
        expect(readB.map((e) => e.type)).toEqual(['B0']);
        expect(result.streams[0].position).toBe(readA[2].position);
        expect(result.streams[1].position).toBe(readB[0].position);
        expect(result.position).toBe(Math.max(readA[2].position, readB[0].position));
        expect(await store.headPosition()).toBe(result.position);
      });

      it('stores nothing in any stream when one condition fails, and names the first stream that failed', async () => {
        const a = stream();
        const b = stream();
        const c = stream();
        await store.append(b, [event()], 'no_stream');
        await store.append(c, [event()], 'no_stream');
        const head = await store.headPosition();
        const failed = store.appendToStreams([
          { streamId: a, expectedRevision: 'no_stream', events: [event()] },
          { streamId: b, expectedRevision: 3, events: [event()] },
          { streamId: c, expectedRevision: 'no_stream', events: [] },
        ]);
        await expect(failed).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(failed).rejects.toMatchObject({ streamId: b, expected: 3, actual: 0 });
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.readStream(b)).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('checks a stream given without events, and reports its revision', async () => {
        const guard = stream();
        const absent = stream();
        const target = stream();
        await store.append(guard, [event(), event()], 'no_stream');
        const result = await store.appendToStreams([
          { streamId: guard, expectedRevision: 1, events: [] },
          { streamId: absent, expectedRevision: 'no_stream', events: [] },
          { streamId: target, expectedRevision: 'no_stream', events: [event('T')] },
        ]);
        expect(result.streams).toEqual([
          { streamId: guard, firstRevision: 1, lastRevision: 1, position: result.position },
          { streamId: absent, firstRevision: -1, lastRevision: -1, position: result.position },
          expect.objectContaining({ streamId: target, firstRevision: 0, lastRevision: 0, position: result.position }),
        ]);
        expect(await store.readStream(guard)).toHaveLength(2);
        expect(await store.readStream(absent)).toEqual([]);

        // The guard moved: its condition fails and the target gets nothing.
        await store.append(guard, [event()], 1);
        const head = await store.headPosition();
        await expect(
          store.appendToStreams([
            { streamId: guard, expectedRevision: 1, events: [] },
            { streamId: target, expectedRevision: 0, events: [event('T2')] },
          ]),
        ).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: guard, actual: 2 });
        expect(await store.readStream(target)).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });

      it('only checks when no stream has events: the head is the position, nothing is stored', async () => {
        const guard = stream();
        await store.append(guard, [event()], 'no_stream');
        const head = await store.headPosition();
        const result = await store.appendToStreams([{ streamId: guard, expectedRevision: 0, events: [] }]);
        expect(result).toEqual({
          position: head,
          streams: [{ streamId: guard, firstRevision: 0, lastRevision: 0, position: head }],
        });
        await expect(
          store.appendToStreams([{ streamId: guard, expectedRevision: 'no_stream', events: [] }]),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.headPosition()).toBe(head);
      });

      it('lets exactly one of two racing multi-appends on an overlapping stream win', async () => {
        const shared = stream();
        const left = stream();
        const right = stream();
        await store.append(shared, [event()], 'no_stream');
        const results = await Promise.allSettled([
          store.appendToStreams([
            { streamId: shared, expectedRevision: 0, events: [event('L')] },
            { streamId: left, expectedRevision: 'no_stream', events: [event('L')] },
          ]),
          store.appendToStreams([
            { streamId: right, expectedRevision: 'no_stream', events: [event('R')] },
            { streamId: shared, expectedRevision: 0, events: [event('R')] },
          ]),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(rejected.reason.streamId).toBe(shared);
        const stored = [(await store.readStream(left)).length, (await store.readStream(right)).length];
        expect(stored.sort()).toEqual([0, 1]);
        const winner = results[0].status === 'fulfilled' ? 'L' : 'R';
        expect((await store.readStream(shared)).map((e) => e.type).slice(1)).toEqual([winner]);
      });

      it('treats an identical re-append as a no-op returning the original result', async () => {
        const a = stream();
        const b = stream();
        const guard = stream();
        await store.append(guard, [event()], 'no_stream');
        const appends = [
          { streamId: a, expectedRevision: 'no_stream' as const, events: [event(), event()] },
          { streamId: guard, expectedRevision: 0, events: [] },
          { streamId: b, expectedRevision: 'no_stream' as const, events: [event()] },
        ];
        const original = await store.appendToStreams(appends);
        // The guard moves on afterwards: the re-append still answers as the original did.
        await store.append(guard, [event()], 0);
        const head = await store.headPosition();
        expect(await store.appendToStreams(appends)).toEqual(original);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(a)).toHaveLength(2);
        expect(await store.readStream(b)).toHaveLength(1);
        // Its single-stream part alone is that same append too.
        expect(await store.append(a, appends[0].events, 'no_stream')).toEqual(original.streams[0]);
      });

      it('refuses an id stored in another stream or another append, storing nothing', async () => {
        const a = stream();
        const b = stream();
        const stored = event();
        await store.append(a, [stored], 'no_stream');
        const head = await store.headPosition();
        await expect(
          store.appendToStreams([
            { streamId: b, expectedRevision: 'no_stream', events: [event()] },
            { streamId: stream(), expectedRevision: 'no_stream', events: [stored] },
          ]),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(
          store.appendToStreams([
            { streamId: a, expectedRevision: 'no_stream', events: [stored] },
            { streamId: b, expectedRevision: 'no_stream', events: [event()] },
          ]),
        ).rejects.toMatchObject({ name: 'DuplicateEventIdError', eventId: stored.id });
        const twice = event();
        await expect(
          store.appendToStreams([
            { streamId: b, expectedRevision: 'no_stream', events: [twice] },
            { streamId: stream(), expectedRevision: 'no_stream', events: [twice] },
          ]),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(b)).toEqual([]);
        expect(await store.headPosition()).toBe(head);
      });

      it('refuses a stream named twice', async () => {
        const a = stream();
        await expect(
          store.appendToStreams([
            { streamId: a, expectedRevision: 'any', events: [event()] },
            { streamId: a, expectedRevision: 'any', events: [event()] },
          ]),
        ).rejects.toThrow(/twice/);
        expect(await store.readStream(a)).toEqual([]);
      });
    });

    it("keeps an event's schema version in its metadata", async () => {
      const id = stream();
      const versioned = event('ShapeChanged', { n: 1 });
      versioned.metadata.schemaVersion = 3;
      await store.append(id, [versioned], 'no_stream');
      const [read] = await store.readStream(id);
      expect(read.metadata.schemaVersion).toBe(3);
      const [inLog] = await collect(store.readAll({ after: start }), 1, onlyIn(id));
      expect(inLog.metadata.schemaVersion).toBe(3);
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
