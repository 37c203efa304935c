import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';
import { ProjectionOwnership } from '../../src/core/projection-ownership';
import { ProjectionRunner, type ProjectionStatus } from '../../src/core/projection-runner';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { SqliteProjectionLeases } from '../../src/infrastructure/sqlite/sqlite-projection-leases';
import { SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';

/** Counts `Happened` events, in one document. */
const counted: Projection<{ events: number }> = {
  name: 'counted',
  version: 1,
  eventTypes: ['Happened'],
  collections: { totals: {} },
  documentsOf: () => [{ collection: 'totals', id: 'all' }],
  evolve: (doc) => ({ events: (doc?.events ?? 0) + 1 }),
};

/** Long enough that no renewal timer fires during a test: lapses happen by moving `time`. */
const TTL = 600_000;

function happened(): EventToAppend {
  return {
    id: randomUUID(),
    type: 'Happened',
    data: { occurredOn: '2024-01-10' },
    metadata: {
      occurredOn: '2024-01-10',
      recordedAt: '2024-06-30T03:00:00.000Z',
      actor: 'lease-test',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe('ProjectionRunner with leases: several instances on one SQLite file', () => {
  let folder: string;
  let path: string;
  let time: number;
  let opened: { db: Database.Database; runner: ProjectionRunner }[];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'union-ledger-leases-runner-'));
    path = join(folder, 'ledger.sqlite');
    time = 1_700_000_000_000;
    opened = [];
  });

  afterEach(async () => {
    for (const { db, runner } of opened) {
      await runner.stop();
      db.close();
    }
    rmSync(folder, { recursive: true, force: true });
  });

  /** An instance named `owner` on the ledger file: its own connection, stores, leases and runner. */
  function instance(owner: string, isGone?: (holder: string) => boolean) {
    const db = openSqliteDatabase({ path, synchronous: 'NORMAL' });
    const events = new SqliteEventStore(db);
    const reads = new SqliteReadStore(db);
    const leases = new SqliteProjectionLeases(db, () => time);
    const logged: string[] = [];
    const runner = new ProjectionRunner({
      eventStore: events,
      readStore: reads,
      projections: [counted],
      ownership: new ProjectionOwnership({ leases, owner, ttlMs: TTL, isGone }),
      logger: { log: (message) => logged.push(message), error: (message) => logged.push(message) },
    });
    opened.push({ db, runner });
    const append = async (count: number) => {
      let position = 0;
      for (let i = 0; i < count; i++) position = (await events.append(`s-${i % 3}`, [happened()], 'any')).position;
      return position;
    };
    const total = async () => (await reads.get<{ events: number }>('counted_v1', 'totals', 'all'))?.events ?? 0;
    const status = async () => (await runner.status())[0] as ProjectionStatus;
    return { db, events, reads, leases, runner, append, total, status, logged };
  }

  it('lets one instance apply each projection; the other reads its progress from the store and names the owner', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.runner.start();
    await b.runner.start();
    const applied = jest.spyOn(b.reads, 'applyBatch');

    const position = await b.append(5);
    expect(await b.runner.waitFor('counted', position, 10_000)).toBe(true);
    expect(await b.total()).toBe(5);
    expect(applied).not.toHaveBeenCalled();
    expect(await b.status()).toMatchObject({
      namespace: 'counted_v1',
      state: 'live',
      checkpoint: position,
      lagEvents: 0,
      lease: { owner: 'a', here: false, token: 1, expiresAt: new Date(time + TTL).toISOString() },
    });
    expect((await a.status()).lease).toMatchObject({ owner: 'a', here: true, token: 1 });
  });

  it('takes over once the owner stops renewing, from its checkpoint; the former owner’s next batch is refused', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.runner.start();
    await b.runner.start();
    expect(await a.runner.waitFor('counted', await a.append(3), 10_000)).toBe(true);

    // `a` is stalled (a long pause, a partition): its lease lapses and `b` takes it.
    time += TTL;
    await b.runner.claimLeases();
    expect((await b.status()).lease).toMatchObject({ owner: 'b', here: true, token: 2 });

    // Both still follow the log; only the new owner's batches are accepted. A query waiting on the former owner
    // is answered from the new owner's progress.
    const position = await a.append(4);
    const waitingOnFormerOwner = a.runner.waitFor('counted', position, 10_000);
    expect(await b.runner.waitFor('counted', position, 10_000)).toBe(true);
    expect(await waitingOnFormerOwner).toBe(true);
    await eventually(() => expect(a.logged.join('\n')).toMatch(/lease lost to another instance; standing by/));
    expect(await b.total()).toBe(7);
    expect(await a.reads.checkpoint('counted_v1')).toBe(position);

    // The former owner now stands by: it reads the new owner's progress and applies nothing.
    const applied = jest.spyOn(a.reads, 'applyBatch');
    const later = await a.append(2);
    expect(await a.runner.waitFor('counted', later, 10_000)).toBe(true);
    expect(applied).not.toHaveBeenCalled();
    expect(await a.total()).toBe(9);
    expect((await a.status()).lease).toMatchObject({ owner: 'b', here: false, token: 2 });
  });

  it('hands the projections over at once when the owner stops cleanly (its leases released)', async () => {
    const a = instance('a');
    const b = instance('b');
    await a.runner.start();
    await b.runner.start();
    await a.append(2);
    await a.runner.stop();

    await b.runner.claimLeases();
    expect((await b.status()).lease).toMatchObject({ owner: 'b', here: true, token: 2 });
    const position = await b.append(3);
    expect(await b.runner.waitFor('counted', position, 10_000)).toBe(true);
    expect(await b.total()).toBe(5);
  });

  it('takes the leases of an owner known to be gone without waiting for them to lapse', async () => {
    const a = instance('a');
    // `a` held the lease when its process died; it never runs again.
    await a.leases.acquire({ projection: 'counted', owner: 'a', ttlMs: TTL });
    await a.append(2);

    const b = instance('b', (holder) => holder === 'a');
    await b.runner.start();
    expect((await b.status()).lease).toMatchObject({ owner: 'b', here: true, token: 2 });
    const position = await b.append(1);
    expect(await b.runner.waitFor('counted', position, 10_000)).toBe(true);
    expect(await b.total()).toBe(3);

    // Without knowing it is gone, a third instance waits for the lease to lapse.
    const c = instance('c');
    await c.runner.start();
    expect((await c.status()).lease).toMatchObject({ owner: 'b', here: false });
  });
});
