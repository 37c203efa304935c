import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';
import {
  type ProjectionRunnerOptions,
  ProjectionRunner,
  type ProjectionStatus,
  RebuildInProgress,
  type RebuildProgress,
  UnknownProjection,
} from '../../src/core/projection-runner';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';

interface Counter {
  events: number;
}

/** Events whose label is listed here make `perStream` throw: a fault the test can "fix". */
const faults = new Set<string>();

/** Counts `Happened` events per stream, by business date. */
const perStream: Projection<Counter> = {
  name: 'per_stream',
  version: 1,
  eventTypes: ['Happened'],
  collections: { streams: {} },
  documentsOf: (event) => [{ collection: 'streams', id: event.streamId }],
  evolve(doc, event) {
    if (faults.has(String(event.data.label))) throw new Error(`cannot apply '${String(event.data.label)}'`);
    return { events: (doc?.events ?? 0) + 1 };
  },
};

/** Counts every `Happened` and `Noted` event, in one document. */
const everything: Projection<Counter> = {
  name: 'everything',
  version: 1,
  eventTypes: ['Happened', 'Noted'],
  collections: { totals: {} },
  documentsOf: () => [{ collection: 'totals', id: 'all' }],
  evolve: (doc) => ({ events: (doc?.events ?? 0) + 1 }),
};

const NOW = new Date('2024-06-30T03:00:00.000Z');

function event(type: string, occurredOn: string, label = ''): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: { occurredOn, label },
    metadata: {
      occurredOn,
      recordedAt: NOW.toISOString(),
      actor: 'runner-test',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

/** Polls until `check` stops throwing; fails with its last error after `timeoutMs`. */
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

describe('ProjectionRunner (SQLite event store and read store)', () => {
  let folder: string;
  let path: string;
  let opened: { db: Database.Database; runner?: ProjectionRunner }[];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'union-ledger-runner-'));
    path = join(folder, 'ledger.sqlite');
    opened = [];
    faults.clear();
  });

  afterEach(async () => {
    for (const { db, runner } of opened) {
      await runner?.stop();
      db.close();
    }
    rmSync(folder, { recursive: true, force: true });
  });

  /** A process on the ledger file: its own connection, stores and runner. */
  function open(options: Partial<ProjectionRunnerOptions> = {}) {
    const db = openSqliteDatabase({ path, synchronous: 'NORMAL' });
    const events = new SqliteEventStore(db);
    const reads = new SqliteReadStore(db);
    const runner = new ProjectionRunner({
      eventStore: events,
      readStore: reads,
      projections: [perStream, everything],
      now: () => NOW,
      ...options,
    });
    const handle = { db, runner };
    opened.push(handle);
    const append = async (streamId: string, ...toAppend: EventToAppend[]) =>
      (await events.append(streamId, toAppend, 'any')).position;
    const happened = (streamId: string, count = 1, occurredOn = '2024-01-10') =>
      append(streamId, ...Array.from({ length: count }, () => event('Happened', occurredOn)));
    const live = async (name = 'per_stream') => (await reads.liveNamespace(name))!;
    const count = async (collection: string, id: string, name = 'per_stream') =>
      (await reads.get<Counter>(await live(name), collection, id))?.events ?? 0;
    const status = async (name = 'per_stream') =>
      (await runner.status()).find((s) => s.name === name) as ProjectionStatus;
    return { db, events, reads, runner, append, happened, live, count, status };
  }

  it('catches up with the log, then follows new events live', async () => {
    const { runner, events, append, happened, count, status } = open();
    await happened('member-a', 3);
    await happened('member-b', 2);
    await append('other', event('Ignored', '2024-01-10'));
    await runner.start();

    expect(await runner.waitFor('per_stream', await events.headPosition(), 10_000)).toBe(true);
    expect(await count('streams', 'member-a')).toBe(3);
    expect(await count('streams', 'member-b')).toBe(2);
    expect(await status()).toMatchObject({
      name: 'per_stream',
      version: 1,
      namespace: 'per_stream_v1',
      state: 'live',
      checkpoint: 6,
      head: 6,
      lagEvents: 0,
      lagSeconds: 0,
      failure: null,
    });

    const position = await happened('member-a', 2);
    expect(await runner.waitFor('per_stream', position, 10_000)).toBe(true);
    expect(await count('streams', 'member-a')).toBe(5);
    expect(await runner.waitFor('everything', position, 10_000)).toBe(true);
    expect(await count('totals', 'all', 'everything')).toBe(7);
  });

  it('resumes after a stop in the middle of catching up without counting any event twice', async () => {
    const first = open({ batchSize: 3 });
    for (let i = 0; i < 20; i++) await first.happened(`member-${i % 4}`, 5);
    // Stop the process as soon as a batch past position 10 is committed: in the middle of catching up.
    const applyBatch = first.reads.applyBatch.bind(first.reads);
    let stopping: Promise<void> | undefined;
    first.reads.applyBatch = async (...args) => {
      const checkpoint = await applyBatch(...args);
      if (checkpoint >= 10) stopping ??= first.runner.stop();
      return checkpoint;
    };
    await first.runner.start();
    await eventually(() => expect(stopping).toBeDefined());
    await stopping;
    const stoppedAt = (await first.status()).checkpoint;
    expect(stoppedAt).toBeGreaterThanOrEqual(10);
    expect(stoppedAt).toBeLessThan(100);
    await first.happened('member-0', 5);

    const second = open({ batchSize: 3 });
    await second.runner.start();
    const head = await second.events.headPosition();
    expect(await second.runner.waitFor('per_stream', head, 10_000)).toBe(true);
    expect(await second.runner.waitFor('everything', head, 10_000)).toBe(true);
    expect(await second.count('streams', 'member-0')).toBe(30);
    for (const member of ['member-1', 'member-2', 'member-3']) expect(await second.count('streams', member)).toBe(25);
    expect(await second.count('totals', 'all', 'everything')).toBe(105);
  });

  it('stops a projection that fails on an event, keeps the others live, and resumes it once fixed', async () => {
    const { runner, events, append, happened, count, status } = open();
    await happened('member-a', 2);
    faults.add('bad');
    const bad = await append('member-a', event('Happened', '2024-01-11', 'bad'));
    await happened('member-b', 2);
    await runner.start();

    const failed = await eventually(async () => {
      const current = await status();
      expect(current.state).toBe('failed');
      return current;
    });
    expect(failed.failure).toMatchObject({
      position: bad,
      eventType: 'Happened',
      message: expect.stringContaining("cannot apply 'bad'"),
    });
    expect(failed.checkpoint).toBeLessThan(bad);
    expect(failed.lagEvents).toBe((await events.headPosition()) - failed.checkpoint);
    expect(await runner.waitFor('per_stream', bad, 10_000)).toBe(false);

    // The other projection is unaffected and keeps following.
    const later = await append('member-c', event('Noted', '2024-01-12'));
    expect(await runner.waitFor('everything', later, 10_000)).toBe(true);
    expect(await status('everything')).toMatchObject({ state: 'live', failure: null, checkpoint: later });
    expect(await count('totals', 'all', 'everything')).toBe(6);

    faults.clear();
    await runner.restart('per_stream');
    expect(await runner.waitFor('per_stream', later, 10_000)).toBe(true);
    expect(await count('streams', 'member-a')).toBe(3);
    expect(await count('streams', 'member-b')).toBe(2);
    expect((await status()).failure).toBeNull();
  });

  it('waitFor resolves once the position is applied, and answers false after its timeout', async () => {
    const { runner, events, happened } = open();
    await happened('member-a');
    await runner.start();
    const head = await events.headPosition();
    expect(await runner.waitFor('per_stream', head, 10_000)).toBe(true);

    expect(await runner.waitFor('per_stream', head + 1, 50)).toBe(false);
    const waiting = runner.waitFor('per_stream', head + 1, 10_000);
    await happened('member-b');
    expect(await waiting).toBe(true);

    // An event no projection handles moves every checkpoint too, so waiting on it ends.
    const { append } = open();
    const ignored = await append('other', event('Ignored', '2024-01-10'));
    expect(await runner.waitFor('per_stream', ignored, 10_000)).toBe(true);
    await expect(runner.waitFor('nothing', 1, 10)).rejects.toBeInstanceOf(UnknownProjection);
  });

  it('starts only the projections named, and leaves one already following as it is', async () => {
    const { runner, events, happened, count } = open();
    await happened('member-a', 2);
    await runner.start(['per_stream']);
    const head = await events.headPosition();
    expect(await runner.waitFor('per_stream', head, 10_000)).toBe(true);
    expect(await count('streams', 'member-a')).toBe(2);
    expect(await runner.waitFor('everything', head, 50)).toBe(false);

    // Starting every projection adds the others; the one already following is not followed twice.
    await runner.start();
    const position = await happened('member-a');
    expect(await runner.waitFor('per_stream', position, 10_000)).toBe(true);
    expect(await runner.waitFor('everything', position, 10_000)).toBe(true);
    expect(await count('streams', 'member-a')).toBe(3);
    expect(await count('totals', 'all', 'everything')).toBe(3);
    await expect(runner.start(['nothing'])).rejects.toBeInstanceOf(UnknownProjection);
  });

  it('rebuilds into a new namespace with identical documents, switches readers over, and keeps following', async () => {
    const { runner, reads, events, happened, live, count } = open();
    await happened('member-a', 3, '2024-03-01');
    await happened('member-b', 2, '2024-01-10');
    // Back-dated: recorded after, dated before.
    await happened('member-a', 2, '2024-02-01');
    await runner.start();
    expect(await runner.waitFor('per_stream', await events.headPosition(), 10_000)).toBe(true);

    const snapshot = async () => {
      const namespace = await live();
      return {
        latest: await reads.list(namespace, 'streams'),
        asOf: await reads.list(namespace, 'streams', { at: { asOf: '2024-02-15' } }),
        knownAt: await reads.list(namespace, 'streams', { at: { knownAt: 5 } }),
        knownAtAsOf: await reads.list(namespace, 'streams', { at: { knownAt: 6, asOf: '2024-03-01' } }),
      };
    };
    const before = await snapshot();
    expect(before.latest).toEqual([
      { id: 'member-a', doc: { events: 5 } },
      { id: 'member-b', doc: { events: 2 } },
    ]);
    expect(before.asOf[0]).toEqual({ id: 'member-a', doc: { events: 2 } });

    const progress: RebuildProgress[] = [];
    const first = await runner.rebuild('per_stream', { onProgress: (p) => progress.push(p) });
    expect(first).toEqual({ namespace: 'per_stream_v1_r2', checkpoint: 7, live: true });
    expect(await live()).toBe('per_stream_v1_r2');
    expect(await snapshot()).toEqual(before);
    expect(progress.at(-1)).toMatchObject({ namespace: 'per_stream_v1_r2', processed: 7, total: 7 });
    expect(progress.every((p) => p.eventsPerSecond >= 0)).toBe(true);
    expect((await reads.namespaces()).map((n) => n.namespace)).toEqual(['everything_v1', 'per_stream_v1_r2']);

    // Events appended while the next rebuild runs are neither lost nor counted twice.
    let appendedDuring: Promise<number> | undefined;
    const second = await runner.rebuild('per_stream', {
      onProgress: () => (appendedDuring ??= happened('member-b', 1, '2024-01-10')),
    });
    expect(second).toMatchObject({ namespace: 'per_stream_v1_r3', live: true });
    const position = await appendedDuring!;
    expect(await runner.waitFor('per_stream', position, 10_000)).toBe(true);
    expect(await count('streams', 'member-b')).toBe(3);
    expect(await count('streams', 'member-a')).toBe(5);
    expect((await reads.namespaces()).map((n) => n.namespace)).toEqual(['everything_v1', 'per_stream_v1_r3']);

    const after = await happened('member-a', 1, '2024-03-05');
    expect(await runner.waitFor('per_stream', after, 10_000)).toBe(true);
    expect(await count('streams', 'member-a')).toBe(6);
    expect((await runner.status()).find((s) => s.name === 'per_stream')).toMatchObject({
      namespace: 'per_stream_v1_r3',
      building: null,
      state: 'live',
    });
  });

  it('rebuilds up to a position into an audit namespace, leaving the live one untouched', async () => {
    const { runner, reads, events, happened, live } = open();
    await happened('member-a', 2, '2024-01-10');
    const until = await happened('member-b', 1, '2024-01-10');
    await happened('member-a', 3, '2023-12-01');
    await happened('member-c', 1, '2024-02-01');
    await runner.start();
    expect(await runner.waitFor('per_stream', await events.headPosition(), 10_000)).toBe(true);
    const liveBefore = await reads.list('per_stream_v1', 'streams');

    const result = await runner.rebuild('per_stream', { until });
    expect(result).toEqual({ namespace: `per_stream_v1_at${until}`, checkpoint: until, live: false });
    expect(await live()).toBe('per_stream_v1');
    expect(await reads.list('per_stream_v1', 'streams')).toEqual(liveBefore);
    expect(await reads.checkpoint(result.namespace)).toBe(until);

    // The audit namespace is the live projection as known at that position.
    const audit = await reads.list(result.namespace, 'streams');
    expect(audit).toEqual([
      { id: 'member-a', doc: { events: 2 } },
      { id: 'member-b', doc: { events: 1 } },
    ]);
    expect(await reads.list('per_stream_v1', 'streams', { at: { knownAt: until } })).toEqual(audit);

    // The live projection keeps following.
    const next = await happened('member-c');
    expect(await runner.waitFor('per_stream', next, 10_000)).toBe(true);
    expect(await reads.checkpoint(result.namespace)).toBe(until);
  });

  it('refuses a second rebuild of the same projection while one runs', async () => {
    const { runner, events, happened, status } = open();
    await happened('member-a', 50);
    await runner.start();
    expect(await runner.waitFor('per_stream', await events.headPosition(), 10_000)).toBe(true);

    const first = runner.rebuild('per_stream');
    expect((await status()).state).toBe('rebuilding');
    await expect(runner.rebuild('per_stream')).rejects.toBeInstanceOf(RebuildInProgress);
    await expect(runner.rebuild('per_stream', { until: 3 })).rejects.toMatchObject({
      rule: 'projection.rebuild-in-progress',
    });
    // Another projection may rebuild meanwhile.
    const other = runner.rebuild('everything');
    await expect(first).resolves.toMatchObject({ live: true });
    await expect(other).resolves.toMatchObject({ live: true });

    // Once done, rebuilding is allowed again.
    await expect(runner.rebuild('per_stream', { until: 3 })).resolves.toMatchObject({ checkpoint: 3 });
    await expect(runner.rebuild('nothing')).rejects.toBeInstanceOf(UnknownProjection);
  });

  it('builds a new version beside the old one and switches readers over when it has caught up', async () => {
    const first = open();
    await first.happened('member-a', 2);
    await first.runner.start();
    expect(await first.runner.waitFor('per_stream', await first.events.headPosition(), 10_000)).toBe(true);
    await first.runner.stop();

    const doubled: Projection<Counter> = {
      ...perStream,
      version: 2,
      evolve: (doc) => ({ events: (doc?.events ?? 0) + 2 }),
    };
    const second = open({ projections: [doubled, everything] });
    await second.runner.start();
    await eventually(async () => expect(await second.live()).toBe('per_stream_v2'));
    expect(await second.count('streams', 'member-a')).toBe(4);
    expect((await second.reads.namespaces()).map((n) => n.namespace)).toEqual(['everything_v1', 'per_stream_v2']);

    const position = await second.happened('member-a');
    expect(await second.runner.waitFor('per_stream', position, 10_000)).toBe(true);
    expect(await second.count('streams', 'member-a')).toBe(6);
  });

  it('reports how far behind a stopped projection is, in events and in seconds', async () => {
    const { runner, happened, status } = open({ now: () => new Date(NOW.getTime() + 90_000) });
    await happened('member-a', 4);
    // Registered but never started: nothing applied yet.
    expect(await status()).toMatchObject({
      state: 'catching-up',
      checkpoint: 0,
      head: 4,
      lagEvents: 4,
      lagSeconds: 90,
    });
    await runner.start();
    expect(await runner.waitFor('per_stream', 4, 10_000)).toBe(true);
    expect(await status()).toMatchObject({ state: 'live', lagEvents: 0, lagSeconds: 0 });
  });
});
