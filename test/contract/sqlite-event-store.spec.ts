import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceStoreOver } from '../../src/infrastructure/open-stores';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { WrongExpectedRevisionError } from '../../src/core/event-store.port';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { eventStoreContract } from './event-store.contract';

const folder = mkdtempSync(join(tmpdir(), 'union-ledger-contract-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;

eventStoreContract(
  'SQLite (file, WAL)',
  async () => new SqliteEventStore(openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) })),
  { densePositions: true },
);

eventStoreContract(
  'the service store (hash-chained, read in current shapes) over SQLite',
  async () =>
    serviceStoreOver(new SqliteEventStore(openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) }))),
  { densePositions: true, stampedMetadata: ['hash', 'previousHash', 'schemaVersion'] },
);

describe('SQLite group commit', () => {
  const event = (id: string) => ({
    id,
    type: 'Noted',
    data: { occurredOn: '2024-01-01' },
    metadata: {
      occurredOn: '2024-01-01',
      recordedAt: '2024-01-01T00:00:00.000Z',
      actor: 'test',
      correlationId: id,
      causationId: null,
    },
  });

  it('writes appends asked for together in one transaction, and refuses the one whose revision moved alone', async () => {
    const db = openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) });
    const store = new SqliteEventStore(db);
    await store.append('b', [event('b0')], 'no_stream');
    const results = await Promise.allSettled([
      store.append('a', [event('a0')], 'no_stream'),
      store.append('b', [event('b1')], 5),
      store.append('c', [event('c0'), event('c1')], 'no_stream'),
      store.append('a', [event('a1')], 0),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream('a')).map((e) => e.id)).toEqual(['a0', 'a1']);
    expect((await store.readStream('b')).map((e) => e.id)).toEqual(['b0']);
    expect((await store.readStream('c')).map((e) => e.id)).toEqual(['c0', 'c1']);
    expect(await store.headPosition()).toBe(5);
    await store.close();
  });

  it('answers every append asked for before close', async () => {
    const store = new SqliteEventStore(openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) }));
    const pending = [store.append('x', [event('x0')], 'no_stream'), store.append('y', [event('y0')], 'no_stream')];
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
  });
});
