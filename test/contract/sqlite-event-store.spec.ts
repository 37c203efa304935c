import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Commits in the database's write-ahead log since it was last reset: frames that end a transaction carry the
 * database's size after it (zero in the others), and the frames of the current log carry its header's salts.
 */
function commitsInWal(path: string): number {
  const wal = readFileSync(`${path}-wal`);
  const pageSize = wal.readUInt32BE(8);
  const [salt1, salt2] = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let commits = 0;
  for (let frame = 32; frame + 24 + pageSize <= wal.length; frame += 24 + pageSize) {
    if (wal.readUInt32BE(frame + 8) !== salt1 || wal.readUInt32BE(frame + 12) !== salt2) break;
    if (wal.readUInt32BE(frame + 4) !== 0) commits += 1;
  }
  return commits;
}

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

  it('shares one synced commit among the appends asked for together, and none among appends made one by one', async () => {
    const path = join(folder, `events-${n++}.sqlite`);
    const store = new SqliteEventStore(openSqliteDatabase({ path }));
    const before = commitsInWal(path);
    for (const id of ['s0', 's1', 's2']) await store.append(id, [event(id)], 'no_stream');
    expect(commitsInWal(path) - before).toBe(3);
    await Promise.all(['t0', 't1', 't2', 't3'].map((id) => store.append(id, [event(id)], 'no_stream')));
    expect(commitsInWal(path) - before).toBe(3 + 1);
    await store.close();
  });

  it('answers every append asked for before close', async () => {
    const store = new SqliteEventStore(openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) }));
    const pending = [store.append('x', [event('x0')], 'no_stream'), store.append('y', [event('y0')], 'no_stream')];
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
  });
});
