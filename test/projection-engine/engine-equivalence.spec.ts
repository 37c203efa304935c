import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { writeHistory } from '../../bench/history-generator';
import { ALL_PROJECTIONS } from '../../projections';
import type { EventStore } from '../../src/core/event-store.port';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { openEventStore } from '../../src/infrastructure/open-stores';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';

/**
 * The engine's fast paths change how read models are written, never what is written. A rebuild (large
 * transactions, versions kept between events and batches, rows written several at a time, the readers'
 * indexes built at the end, the log's pages shared by the projections rebuilt together) must leave exactly
 * the rows, in the same order, with the same bytes, as following the log one event per transaction with
 * nothing kept between them, where every first read of a document goes to the table.
 *
 * The digest pins the result itself: it was taken with the engine as it stood before the fast paths (commit 82eeda0,
 * the same as d836b36's), on the same generated history. It changes only when a projection or the generator does on
 * purpose; then take the new one from this test's failure message.
 */
const EVENTS = 20_000;
const DIGEST_BEFORE_FAST_PATHS = 'ca41b5fb3e8a9843ccfbe3482e91f0a0720b3731a959d46a5257334157da6579';

describe('rebuilt read models are byte-identical to those built event by event', () => {
  let log: Database.Database;
  let eventStore: EventStore;

  beforeAll(async () => {
    log = openSqliteDatabase({ path: ':memory:', synchronous: 'OFF' });
    eventStore = openEventStore(log);
    await writeHistory(eventStore, { events: EVENTS, seed: 'engine-equivalence' });
  }, 120_000);

  afterAll(() => log.close());

  it('row for row, rowid, positions and document bytes included', async () => {
    const rebuilt = await readModels(async (runner) => {
      await Promise.all(ALL_PROJECTIONS.map((projection) => runner.rebuild(projection.name)));
    });
    const followed = await readModels(
      async (runner) => {
        await runner.start();
        const head = await eventStore.headPosition();
        for (const { name } of ALL_PROJECTIONS) expect(await runner.waitFor(name, head, 60_000)).toBe(true);
      },
      { batchSize: 1, keptJson: 0 },
    );

    expect(Object.keys(rebuilt).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
    for (const name of Object.keys(rebuilt)) {
      expect(rebuilt[name].rows).toBeGreaterThan(0);
      expect({ name, rows: rebuilt[name].rows, digest: rebuilt[name].digest }).toEqual({
        name,
        rows: followed[name].rows,
        digest: followed[name].digest,
      });
    }
    const all = digestOf(
      Object.keys(rebuilt)
        .sort()
        .map((name) => `${name}:${rebuilt[name].digest}`),
    );
    expect(all).toBe(DIGEST_BEFORE_FAST_PATHS);
  }, 180_000);

  /** Builds every read model in a fresh read store, then digests each projection's table. */
  async function readModels(
    build: (runner: ProjectionRunner) => Promise<void>,
    { batchSize, keptJson }: { batchSize?: number; keptJson?: number } = {},
  ): Promise<Record<string, { rows: number; digest: string }>> {
    const db = openSqliteDatabase({ path: ':memory:', synchronous: 'OFF' });
    try {
      const readStore = new SqliteReadStore(db, { keptJson });
      const runner = new ProjectionRunner({ eventStore, readStore, projections: ALL_PROJECTIONS, batchSize });
      try {
        await build(runner);
      } finally {
        await runner.stop();
      }
      const models: Record<string, { rows: number; digest: string }> = {};
      for (const { namespace, projection } of await readStore.namespaces()) {
        const rows = db
          .prepare(
            `SELECT rowid, collection, id, valid_from, known_from, known_until, doc FROM "rm_${namespace}" ORDER BY rowid`,
          )
          .raw()
          .all()
          .map((row) => JSON.stringify(row));
        models[projection] = { rows: rows.length, digest: digestOf(rows) };
      }
      return models;
    } finally {
      db.close();
    }
  }
});

function digestOf(lines: readonly string[]): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
}
