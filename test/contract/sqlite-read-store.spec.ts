import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';
import { readStoreContract } from './read-store.contract';

const folder = mkdtempSync(join(tmpdir(), 'union-ledger-read-contract-'));
const databases: Database.Database[] = [];
afterAll(() => {
  for (const db of databases) db.close();
  rmSync(folder, { recursive: true, force: true });
});
let n = 0;

function openDatabase(): Database.Database {
  const db = openSqliteDatabase({ path: join(folder, `read-${n++}.sqlite`), synchronous: 'NORMAL' });
  databases.push(db);
  return db;
}

readStoreContract('SQLite (file, WAL)', async () => new SqliteReadStore(openDatabase()));

describe('SqliteReadStore beyond the contract', () => {
  const unions: Projection<{ federationId: string }> = {
    name: 'unions',
    version: 1,
    eventTypes: ['UnionFounded'],
    collections: { unions: { indexes: [['federationId']] } },
    documentsOf: (event) => [{ collection: 'unions', id: String(event.data.unionId) }],
    evolve: (_doc, event) => ({ federationId: String(event.data.federationId) }),
  };

  function founded(position: number, unionId: string, federationId: string, occurredOn: string): StoredEvent {
    return {
      id: `e${position}`,
      streamId: `union-${unionId}`,
      revision: 0,
      position,
      type: 'UnionFounded',
      data: { occurredOn, unionId, federationId },
      metadata: {
        occurredOn,
        recordedAt: '2024-06-01T00:00:00.000Z',
        actor: 'test',
        correlationId: 'c',
        causationId: null,
      },
    };
  }

  it('defers the indexes only readers use until the namespace is built, then builds them', async () => {
    const db = openDatabase();
    const store = new SqliteReadStore(db);
    const indexes = () =>
      db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rm_unions_v2'",
        )
        .all()
        .map((row) => row.name.replace(/_[0-9a-f]{16}$/, ''))
        .sort();
    await store.prepare('unions_v2', unions, { deferIndexes: true });
    await store.applyBatch('unions_v2', unions, [founded(1, 'u1', 'f1', '2024-01-10')]);
    expect(indexes()).toEqual(['rm_unions_v2_current']);
    await store.completeIndexes('unions_v2', unions);
    expect(indexes()).toEqual([
      'rm_unions_v2_current',
      'rm_unions_v2_ix',
      'rm_unions_v2_superseded',
      'rm_unions_v2_sx',
    ]);
    expect(await store.list('unions_v2', 'unions', { where: { federationId: 'f1' } })).toEqual([
      { id: 'u1', doc: { federationId: 'f1' } },
    ]);
  });

  it('runs every read and write on an index, never a scan of the table', async () => {
    const db = openDatabase();
    // Record each statement the store runs on namespace tables, with its arguments.
    const runs: [sql: string, args: unknown[]][] = [];
    const prepare = db.prepare.bind(db);
    jest.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
      const statement = prepare(sql);
      if (!sql.includes('"rm_')) return statement;
      for (const method of ['all', 'get', 'run'] as const) {
        const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
        Object.assign(statement, {
          [method]: (...args: unknown[]) => {
            runs.push([sql, args]);
            return original(...args);
          },
        });
      }
      return statement;
    }) as typeof db.prepare);
    const store = new SqliteReadStore(db);
    await store.prepare('unions_v1', unions);
    await store.applyBatch('unions_v1', unions, [
      founded(1, 'u1', 'f1', '2024-01-10'),
      founded(2, 'u2', 'f1', '2024-01-10'),
      founded(3, 'u1', 'f2', '2024-03-01'),
      founded(4, 'u1', 'f3', '2024-02-01'),
    ]);
    // A later batch closes rows already written (those of one batch are written closed): an UPDATE.
    await store.applyBatch('unions_v1', unions, [founded(5, 'u1', 'f4', '2024-02-01')]);
    await store.get('unions_v1', 'unions', 'u1', { asOf: '2024-02-15' });
    await store.get('unions_v1', 'unions', 'u1', { asOf: '2024-02-15', knownAt: 2 });
    await store.list('unions_v1', 'unions', { idPrefix: 'u', after: 'u1', limit: 10 });
    await store.list('unions_v1', 'unions', { where: { federationId: 'f1' } });
    await store.list('unions_v1', 'unions', { where: { federationId: 'f1' }, idPrefix: 'u', at: { knownAt: 3 } });

    const kinds = new Set(runs.map(([sql]) => sql.trim().split(/\s+/)[0]));
    expect(kinds).toEqual(new Set(['SELECT', 'UPDATE', 'INSERT', 'WITH']));
    for (const [sql, args] of runs) {
      if (sql.trim().startsWith('INSERT')) continue;
      const plan = prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...args)
        .map((row) => (row as { detail: string }).detail);
      // `SCAN <table or alias>` without an index is a full table scan; scans of subquery results are fine.
      expect({ sql, scans: plan.filter((line) => /^SCAN (rm_\w+|v|l)$/.test(line)) }).toEqual({ sql, scans: [] });
      expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX rm_unions_v1_(current|superseded|ix_)/);
    }
    // A filter on a declared field reads today's versions through that field's index.
    const filtered = runs.find(([sql]) => sql.includes('json_extract') && !sql.startsWith('WITH'));
    expect(filtered).toBeDefined();
    const [sql, args] = filtered!;
    expect(prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args)).toContainEqual(
      expect.objectContaining({
        detail: expect.stringMatching(/^SEARCH v USING INDEX rm_unions_v1_ix_\w+ \(collection=\? AND <expr>=\?\)/),
      }),
    );
  });

  it('shares the database file with the event store, and keeps its own tables apart', async () => {
    const db = openDatabase();
    const events = new SqliteEventStore(db);
    const store = new SqliteReadStore(db);
    await store.prepare('unions_v1', unions);
    const appended = await events.append(
      'union-u1',
      [
        {
          id: 'e1',
          type: 'UnionFounded',
          data: { occurredOn: '2024-01-10', unionId: 'u1', federationId: 'f1' },
          metadata: {
            occurredOn: '2024-01-10',
            recordedAt: '2024-01-10T02:00:00.000Z',
            actor: 'test',
            correlationId: 'c',
            causationId: null,
          },
        },
      ],
      'no_stream',
    );
    const log: StoredEvent[] = [];
    for await (const event of events.readAll()) log.push(event);
    await store.applyBatch('unions_v1', unions, log);
    expect(await store.checkpoint('unions_v1')).toBe(appended.position);
    expect(await store.list('unions_v1', 'unions', { where: { federationId: 'f1' } })).toEqual([
      { id: 'u1', doc: { federationId: 'f1' } },
    ]);
    await store.drop('unions_v1');
    expect(await events.headPosition()).toBe(appended.position);
  });
});
