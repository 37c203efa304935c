import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { main as migrate } from '../../src/cli/migrate-events';
import type { StoredEvent } from '../../src/core/event-store.port';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { ALL_PROJECTIONS } from '../../projections';
import { copyOf, openLedger, type ReadModelFund, recordLedger, type RecordedLedger } from '../integrity/ledger-history';
import { createTestApp } from '../support/test-app';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await migrate(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function eventsIn(path: string): Promise<StoredEvent[]> {
  const store = new SqliteEventStore(openSqliteDatabase({ path }));
  try {
    const events: StoredEvent[] = [];
    for await (const event of store.readAll()) events.push(event);
    return events;
  } finally {
    await store.close();
  }
}

/** The recorded ledger is copied SQLite → SQLite with the same command that moves it to KurrentDB. */
describe('npm run migrate: copying the event log to another store', () => {
  let ledger: RecordedLedger;
  let source: string;
  const target = (name: string) => join(ledger.folder, `${name}.sqlite`);
  const checkpoint = (name: string) => join(ledger.folder, `${name}.checkpoint.json`);
  const args = (name: string, ...more: string[]) => [
    '--from',
    `sqlite:${source}`,
    '--to',
    `sqlite:${target(name)}`,
    '--checkpoint',
    checkpoint(name),
    ...more,
  ];

  beforeAll(async () => {
    ledger = await recordLedger();
    source = copyOf(ledger, 'migration-source');
  }, 120_000);
  afterAll(() => rmSync(ledger.folder, { recursive: true, force: true }));

  it('copies every event with its id, stream, revision, type, data and metadata, in order, and verifies the copy', async () => {
    const result = await run(args('copy'));
    expect(result.err).not.toMatch(/differ/);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`copied ${ledger.events.length} events (0 were already in the target)`);
    expect(result.out).toContain('verified: both logs hold the same events in the same order');

    const copied = await eventsIn(target('copy'));
    expect(copied).toEqual(ledger.events);
    // The hash chains and the seals come along: the copy verifies as the original does.
    const report = await openLedger(target('copy')).integrity.verify();
    expect(report).toMatchObject({ ok: true, checked: ledger.events.length });
    expect(report.seals).toBeGreaterThan(0);
  });

  it('copies nothing when run again on a complete copy, and verifies again', async () => {
    const again = await run(args('copy'));
    expect(again.code).toBe(0);
    expect(again.out).toContain('copied 0 events');
    expect(again.out).toContain('verified');
    expect(await eventsIn(target('copy'))).toHaveLength(ledger.events.length);
  });

  it('resumes an interrupted copy, also when the progress file was lost after events were copied', async () => {
    const first = await run(args('resumed', '--max-events', '7', '--batch-size', '3'));
    expect(first.code).toBe(0);
    expect(first.out).toContain('copied 7 events');
    expect(first.out).toMatch(/stopped at source position \d+ of \d+: run the same command to go on/);
    expect(await eventsIn(target('resumed'))).toHaveLength(7);

    const second = await run(args('resumed', '--max-events', '5'));
    expect(second.out).toContain('copied 5 events (0 were already in the target)');

    // A crash between an append and the saved progress: the next run finds those events already there.
    rmSync(checkpoint('resumed'));
    const last = await run(args('resumed'));
    expect(last.code).toBe(0);
    expect(last.out).toContain(`copied ${ledger.events.length - 12} events (12 were already in the target)`);
    expect(last.out).toContain('verified');
    expect(await eventsIn(target('resumed'))).toEqual(ledger.events);
  });

  it('refuses a target that holds another history, and writes nothing to it', async () => {
    const other = new SqliteEventStore(openSqliteDatabase({ path: target('other') }));
    await other.append(
      'member-someone-else',
      [
        {
          id: randomUUID(),
          type: 'MemberJoined',
          data: { occurredOn: '2024-01-01' },
          metadata: {
            occurredOn: '2024-01-01',
            recordedAt: '2024-01-02T00:00:00.000Z',
            actor: 'test',
            correlationId: randomUUID(),
            causationId: null,
          },
        },
      ],
      'no_stream',
    );
    await other.close();

    const refused = await run(args('other'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /the target log is not a copy of the source: its first event is .*copy into an empty store/,
    );
    expect(await eventsIn(target('other'))).toHaveLength(1);
  });

  it('refuses a missing source, and the same store on both sides', async () => {
    const missing = await run([
      '--from',
      `sqlite:${join(ledger.folder, 'nowhere.sqlite')}`,
      '--to',
      `sqlite:${target('x')}`,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no ledger at .*nowhere\.sqlite/);
    expect(existsSync(target('x'))).toBe(false);

    const same = await run(['--from', `sqlite:${source}`, '--to', `sqlite:${source}`]);
    expect(same.code).toBe(1);
    expect(same.err).toContain('--from and --to name the same store');

    const bad = await run(['--from', `sqlite:${source}`, '--to', 'postgres://somewhere']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--to must be sqlite:<file> or a KurrentDB connection string');
  });

  it('builds the same read models on the target from the copied log', async () => {
    const t = await createTestApp({ sqlitePath: target('copy') });
    try {
      const head = await t.store.headPosition();
      const runner = t.app.get(ProjectionRunner);
      for (const projection of ALL_PROJECTIONS) expect(await runner.waitFor(projection.name, head, 60_000)).toBe(true);
      const funds: ReadModelFund[] = [];
      for (const federationId of ['hoan-kiem', 'ba-vi']) {
        const res = await t.http().get(`/read/federations/${federationId}/funds`).expect(200);
        for (const { fundId, balance, inflow, outflow, supportPaid, recipients } of res.body.funds as ReadModelFund[]) {
          funds.push({ federationId, fundId, balance, inflow, outflow, supportPaid, recipients });
        }
      }
      expect(funds).toEqual(ledger.funds);
    } finally {
      await t.close();
    }
  });
});
