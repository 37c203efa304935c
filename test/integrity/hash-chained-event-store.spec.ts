import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, EventToAppend, StoredEvent } from '../../src/core/event-store.port';
import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { chainOf, eventHash, GENESIS_HASH } from '../../src/integrity/event-hash';
import { HashChainedEventStore } from '../../src/integrity/hash-chained-event-store';
import { verifyLog } from '../../src/integrity/verify-log';
import { eventStoreContract } from '../contract/event-store.contract';

const folder = mkdtempSync(join(tmpdir(), 'union-ledger-chained-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const sqlite = () => new SqliteEventStore(openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) }));

// The decorated store is still an event store: the one contract, with the two metadata fields it adds.
const stamped = { densePositions: true, stampedMetadata: ['hash', 'previousHash'] };
eventStoreContract('hash-chained over SQLite', async () => new HashChainedEventStore(sqlite()), stamped);
eventStoreContract('hash-chained in memory', async () => new HashChainedEventStore(new InMemoryEventStore()), stamped);

function event(type = 'ContributionReceived', amount = 58_000_000): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: { occurredOn: '2020-01-10', fundId: 'social', amount },
    metadata: {
      occurredOn: '2020-01-10',
      recordedAt: '2020-01-11T02:00:00.000Z',
      actor: 'ke-toan-hoan-kiem',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

async function all(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
}

describe('hash-chained event store', () => {
  let store: EventStore;
  beforeEach(() => {
    store = new HashChainedEventStore(sqlite());
  });
  afterEach(() => store.close());

  it('stamps an append at the revision just read without reading the stream again, and the chain holds', async () => {
    const inner = new InMemoryEventStore();
    const reads: string[] = [];
    const readStream = inner.readStream.bind(inner);
    inner.readStream = (streamId, from, max) => {
      reads.push(`${streamId}@${from ?? 0}`);
      return readStream(streamId, from, max);
    };
    const chained = new HashChainedEventStore(inner);
    await chained.append('fundbook-hoan-kiem', [event(), event()], 'no_stream');
    const read = await chained.readStream('fundbook-hoan-kiem');
    reads.length = 0;
    await chained.append('fundbook-hoan-kiem', [event('SupportPaid', 242_000_000)], read[read.length - 1].revision);
    expect(reads).toEqual([]);
    // Not read since: the link at revision 2 is not known, so it is read.
    await chained.append('fundbook-hoan-kiem', [event()], 2);
    expect(reads).toEqual(['fundbook-hoan-kiem@2']);
    const book = await inner.readStream('fundbook-hoan-kiem');
    expect(book.map((e) => chainOf(e)?.previousHash)).toEqual([
      GENESIS_HASH,
      ...book.slice(0, -1).map((e) => chainOf(e)!.hash),
    ]);
    expect((await verifyLog(inner.readAll())).ok).toBe(true);
  });

  it('links every event of a stream to the one before it, from the genesis hash', async () => {
    await store.append('fundbook-hoan-kiem', [event(), event()], 'no_stream');
    await store.append('fundbook-ba-vi', [event()], 'no_stream');
    await store.append('fundbook-hoan-kiem', [event('SupportPaid', 242_000_000)], 1);

    const book = await store.readStream('fundbook-hoan-kiem');
    expect(book.map((e) => chainOf(e)?.previousHash)).toEqual([
      GENESIS_HASH,
      chainOf(book[0])!.hash,
      chainOf(book[1])!.hash,
    ]);
    for (const e of await all(store)) expect(chainOf(e)!.hash).toBe(eventHash(e));
    expect(chainOf((await store.readStream('fundbook-ba-vi'))[0])!.previousHash).toBe(GENESIS_HASH);
    expect(await verifyLog(store.readAll(), { densePositions: true })).toMatchObject({
      ok: true,
      checked: 4,
      streams: 2,
    });
  });

  it('hashes what identifies the event: its id, stream, revision, type, data and metadata', async () => {
    await store.append('fundbook-hoan-kiem', [event()], 'no_stream');
    const [stored] = await store.readStream('fundbook-hoan-kiem');
    const hash = chainOf(stored)!.hash;
    expect(eventHash({ ...stored, id: randomUUID() })).not.toBe(hash);
    expect(eventHash({ ...stored, streamId: 'fundbook-ba-vi' })).not.toBe(hash);
    expect(eventHash({ ...stored, revision: 1 })).not.toBe(hash);
    expect(eventHash({ ...stored, type: 'SupportPaid' })).not.toBe(hash);
    expect(eventHash({ ...stored, data: { ...stored.data, amount: 58_000_001 } })).not.toBe(hash);
    expect(eventHash({ ...stored, metadata: { ...stored.metadata, actor: 'someone-else' } })).not.toBe(hash);
    expect(eventHash({ ...stored, metadata: { ...stored.metadata, previousHash: 'f'.repeat(64) } })).not.toBe(hash);
    // …but not where it landed in the global log: KurrentDB decides that only after the append.
    const moved: StoredEvent = { ...stored, position: 999 };
    expect(eventHash(moved)).toBe(hash);
  });

  it('ignores hashes a caller tries to supply', async () => {
    const forged = event();
    (forged.metadata as unknown as Record<string, string>).hash = 'a'.repeat(64);
    (forged.metadata as unknown as Record<string, string>).previousHash = 'b'.repeat(64);
    await store.append('fundbook-hoan-kiem', [forged], 'no_stream');
    const [stored] = await store.readStream('fundbook-hoan-kiem');
    expect(chainOf(stored)).toEqual({ hash: eventHash(stored), previousHash: GENESIS_HASH });
  });

  it("chains 'any' appends that race each other, re-reading the head when another got there first", async () => {
    await store.append('integrity-test', [event()], 'no_stream');
    await Promise.all(Array.from({ length: 8 }, () => store.append('integrity-test', [event()], 'any')));
    const stream = await store.readStream('integrity-test');
    expect(stream.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await verifyLog(store.readAll(), { densePositions: true })).toMatchObject({ ok: true, checked: 9 });
  });

  it('answers a re-append with the original result even after the stream moved on, storing nothing', async () => {
    const first = [event(), event()];
    const original = await store.append('fundbook-hoan-kiem', first, 'no_stream');
    await store.append('fundbook-hoan-kiem', [event()], 1);
    const head = await store.headPosition();
    expect(await store.append('fundbook-hoan-kiem', first, 'no_stream')).toEqual(original);
    expect(await store.append('fundbook-hoan-kiem', first, 'any')).toEqual(original);
    expect(await store.headPosition()).toBe(head);
    expect(await verifyLog(store.readAll(), { densePositions: true })).toMatchObject({ ok: true, checked: 3 });
  });

  it('continues the chain of a stream written by another process on the same file', async () => {
    const path = join(folder, `shared-${n++}.sqlite`);
    const server = new HashChainedEventStore(new SqliteEventStore(openSqliteDatabase({ path })));
    const cli = new HashChainedEventStore(new SqliteEventStore(openSqliteDatabase({ path })));
    await server.append('fundbook-hoan-kiem', [event()], 'no_stream');
    await cli.append('fundbook-hoan-kiem', [event()], 0);
    await server.append('fundbook-hoan-kiem', [event()], 'any');
    expect(await verifyLog(server.readAll(), { densePositions: true })).toMatchObject({ ok: true, checked: 3 });
    await cli.close();
    await server.close();
  });
});
