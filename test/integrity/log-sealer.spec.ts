import { randomUUID } from 'node:crypto';
import type { EventStore, StoredEvent } from '../../src/core/event-store.port';
import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';
import { chainOf, fingerprintOf, GENESIS_HASH } from '../../src/integrity/event-hash';
import { HashChainedEventStore } from '../../src/integrity/hash-chained-event-store';
import { sealScheduleFrom } from '../../src/integrity/integrity-settings';
import { SEAL_STREAM } from '../../src/integrity/integrity.events';
import { LogSealer } from '../../src/integrity/log-sealer';
import { merkleRoot } from '../../src/integrity/merkle';
import { verifyLog } from '../../src/integrity/verify-log';

function event() {
  return {
    id: randomUUID(),
    type: 'MemberJoined',
    data: { occurredOn: '2023-03-01' },
    metadata: {
      occurredOn: '2023-03-01',
      recordedAt: '2023-03-02T02:00:00.000Z',
      actor: 'clerk',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

async function record(store: EventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.append(`member-${randomUUID()}`, [event()], 'no_stream');
}

async function all(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
}

describe('sealing the log', () => {
  let store: EventStore;
  let now: Date;
  const clock = () => now;

  beforeEach(() => {
    store = new HashChainedEventStore(new InMemoryEventStore());
    now = new Date('2026-06-30T03:00:00Z');
  });

  it('seals what was recorded since the last seal: range, count, Merkle root, fingerprints, chained to the one before', async () => {
    const sealer = new LogSealer(store, clock);
    await record(store, 3);
    const [first] = await sealer.seal('admin');
    await record(store, 2);
    const [second] = await sealer.seal('admin');

    const events = await all(store);
    const hashes = events.map((e) => chainOf(e)!.hash);
    expect(first).toMatchObject({
      fromPosition: 0,
      toPosition: 3,
      count: 3,
      position: 4,
      merkleRoot: merkleRoot(hashes.slice(0, 3)),
    });
    // The second seal covers the first one too.
    expect(second).toMatchObject({
      fromPosition: 3,
      toPosition: 6,
      count: 3,
      position: 7,
      merkleRoot: merkleRoot(hashes.slice(3, 6)),
    });
    const seals = await store.readStream(SEAL_STREAM);
    expect(seals.map((s) => s.data.previousSealHash)).toEqual([GENESIS_HASH, first.hash]);
    expect(seals[1].data.leafFingerprints).toBe(hashes.slice(3, 6).map(fingerprintOf).join(''));
    expect(seals[0]).toMatchObject({ type: 'LogSealed', metadata: { actor: 'admin', occurredOn: '2026-06-30' } });
    expect(seals[0].data.occurredOn).toBe('2026-06-30');
    expect(await verifyLog(store.readAll(), { densePositions: true })).toMatchObject({
      ok: true,
      seals: 2,
      sealedThrough: 6,
    });
  });

  it('makes no seal when nothing but seals was recorded since the last one', async () => {
    const sealer = new LogSealer(store, clock);
    expect(await sealer.seal()).toEqual([]);
    await record(store, 2);
    expect(await sealer.seal()).toHaveLength(1);
    expect(await sealer.seal()).toEqual([]);
    expect(await store.headPosition()).toBe(3);
  });

  it('seals a long backlog in several seals of bounded size', async () => {
    await record(store, 25);
    const seals = await new LogSealer(store, clock, 10).seal();
    expect(seals.map((s) => [s.fromPosition, s.toPosition, s.count])).toEqual([
      [0, 10, 10],
      [10, 20, 10],
      // The first two seals (positions 26 and 27) were recorded meanwhile: the last one covers them too.
      [20, 27, 7],
    ]);
    expect(await verifyLog(store.readAll(), { densePositions: true })).toMatchObject({ ok: true, seals: 3 });
  });

  it('lets two sealers on one log race without sealing anything twice or breaking the chain', async () => {
    await record(store, 5);
    const a = new LogSealer(store, clock);
    const b = new LogSealer(store, clock);
    const made = (await Promise.all([a.seal(), b.seal()])).flat();
    // Both answer with the one seal: the second append collapsed into the first (same id, same content).
    expect(new Set(made.map((s) => s.position)).size).toBe(1);
    await record(store, 1);
    await b.seal();
    await a.seal();
    expect((await store.readStream(SEAL_STREAM)).length).toBe(2);
    expect(await verifyLog(store.readAll(), { densePositions: true })).toMatchObject({ ok: true, seals: 2 });
  });

  describe('on a schedule', () => {
    it('seals once enough events wait, and not before', async () => {
      const sealer = new LogSealer(store, clock);
      const schedule = { everyEvents: 4, everySeconds: 0 };
      await record(store, 3);
      expect(await sealer.sealIfDue(schedule)).toEqual([]);
      await record(store, 1);
      expect(await sealer.sealIfDue(schedule)).toHaveLength(1);
      expect(await sealer.sealIfDue(schedule)).toEqual([]);
    });

    it('seals what waits once enough time has passed on the service clock', async () => {
      const sealer = new LogSealer(store, clock);
      const schedule = { everyEvents: 0, everySeconds: 600 };
      await record(store, 1);
      now = new Date(now.getTime() + 599_000);
      expect(await sealer.sealIfDue(schedule)).toEqual([]);
      now = new Date(now.getTime() + 1_000);
      expect(await sealer.sealIfDue(schedule)).toHaveLength(1);
      now = new Date(now.getTime() + 3_600_000);
      // Only the seal itself since: nothing to seal.
      expect(await sealer.sealIfDue(schedule)).toEqual([]);
    });

    it('never seals on its own when both triggers are off', async () => {
      const sealer = new LogSealer(store, clock);
      await record(store, 50);
      now = new Date(now.getTime() + 86_400_000);
      expect(await sealer.sealIfDue({ everyEvents: 0, everySeconds: 0 })).toEqual([]);
    });

    it('reads its schedule from the environment, refusing what is not a whole number', () => {
      expect(sealScheduleFrom({})).toEqual({ everyEvents: 0, everySeconds: 600 });
      expect(sealScheduleFrom({ INTEGRITY_SEAL_EVERY_EVENTS: '10000', INTEGRITY_SEAL_EVERY_SECONDS: '0' })).toEqual({
        everyEvents: 10_000,
        everySeconds: 0,
      });
      expect(() => sealScheduleFrom({ INTEGRITY_SEAL_EVERY_SECONDS: 'soon' })).toThrow(
        /INTEGRITY_SEAL_EVERY_SECONDS=soon/,
      );
      expect(() => sealScheduleFrom({ INTEGRITY_SEAL_EVERY_EVENTS: '-1' })).toThrow(/whole number/);
    });
  });
});
