import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fundsProjection } from '../../projections/funds/funds.projection';
import { main } from '../../src/cli/verify-funds';
import { fold } from '../../src/core/decider';
import type { EventToAppend } from '../../src/core/event-store.port';
import { namespaceOf } from '../../src/core/projection';
import { type FundBookCommand, fundBookDecider } from '../../src/funds/fund-book';
import type { FundBookEvent } from '../../src/funds/funds.events';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import type { FederationState } from '../../src/organisation/federation';

const federation: FederationState = {
  status: 'active',
  id: 'hoan-kiem',
  name: 'LĐLĐ quận Hoàn Kiếm',
  level: 'district',
  parentId: 'ha-noi',
  registeredOn: '1991-01-01',
  endedOn: null,
  clusters: {},
};

/** Runs the command line in this process and keeps what it printed. */
async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line), logLevels: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the verify-funds command line (run in-process)', () => {
  let folder: string;
  let path: string;

  /** Hoàn Kiếm's social fund: 58,000,000 đ raised, 17 × 500,000 đ paid, a 1,000,000 đ duplicate reversed. */
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'union-ledger-verify-'));
    path = join(folder, 'ledger.sqlite');
    const store = new SqliteEventStore(openSqliteDatabase({ path }));
    const history: FundBookEvent[] = [];
    const commands: [string, FundBookCommand, string?][] = [
      [
        '2020-01-01',
        { type: 'OpenFund', federationId: 'hoan-kiem', fundId: 'social', kind: 'social', name: 'Quỹ xã hội' },
      ],
      [
        '2020-05-19',
        {
          type: 'ReceiveContribution',
          federationId: 'hoan-kiem',
          entryId: 'thu-1',
          fundId: 'social',
          amount: 58_000_000,
          source: { kind: 'union', id: null, name: null },
        },
      ],
      [
        '2020-05-20',
        {
          type: 'ReceiveContribution',
          federationId: 'hoan-kiem',
          entryId: 'thu-2',
          fundId: 'social',
          amount: 1_000_000,
          source: { kind: 'union', id: null, name: null },
        },
      ],
      [
        '2020-06-01',
        {
          type: 'PaySupport',
          federationId: 'hoan-kiem',
          entryId: 'chi-1',
          fundId: 'social',
          amount: 8_500_000,
          purpose: 'emergency',
          recipient: { kind: 'workers', id: null, name: null },
          recipients: 17,
          amountEach: 500_000,
        },
      ],
      [
        '2020-06-10',
        {
          type: 'CorrectEntry',
          federationId: 'hoan-kiem',
          entryId: 'dieu-chinh-1',
          correctsEntryId: 'thu-2',
          kind: 'reversal',
          amountDelta: null,
          reason: 'Ghi trùng chứng từ',
        },
      ],
    ];
    for (const [occurredOn, command] of commands) {
      const events = fundBookDecider.decide(
        command,
        fold(fundBookDecider, history),
        { occurredOn, today: '2026-06-30' },
        { federation },
      );
      history.push(...events);
      const toAppend: EventToAppend[] = events.map((event, i) => ({
        id: `${command.type}-${history.length}-${i}`,
        type: event.type,
        data: event.data,
        metadata: {
          occurredOn,
          recordedAt: `${occurredOn}T03:00:00.000Z`,
          actor: 'ke-toan',
          correlationId: 'c',
          causationId: null,
        },
      }));
      await store.append('fundbook-hoan-kiem', toAppend, 'any');
    }
    await store.close();
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reconciles an untouched ledger: exit status 0', async () => {
    const result = await run('--sqlite-path', path, '--wait', '30');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(
      'hoan-kiem: 1 fund(s), balance 49,500,000 đ; trial balance debits 58,000,000 đ = credits 58,000,000 đ',
    );
    expect(result.out).toContain('RECONCILED');
  });

  it('shows the trail of an entry and its correction', async () => {
    const result = await run('--sqlite-path', path, '--federation', 'hoan-kiem', '--entry', 'thu-2');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Entry thu-2 of hoan-kiem: a contribution (social, union)');
    expect(result.out).toMatch(/2020-06-10 reversal\s+-1,000,000 đ →\s+0 đ\s+by ke-toan .*: Ghi trùng chứng từ/);
    expect(result.out).toContain('Now 0 đ (reversed).');
  });

  it('reports a balance planted in the read model’s table: exit status 1, the fund, the amount, the entries', async () => {
    const db = openSqliteDatabase({ path });
    try {
      db.prepare(
        `UPDATE "rm_${namespaceOf(fundsProjection)}" SET doc = json_set(doc, '$.balance', json_extract(doc, '$.balance') + 500000)
          WHERE collection = 'funds' AND id = 'hoan-kiem:social' AND known_until IS NULL`,
      ).run();
    } finally {
      db.close();
    }
    const text = await run('--sqlite-path', path, '--federation', 'hoan-kiem');
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      'DIFFERENCE hoan-kiem / social balance (as-of): events say 49,500,000 đ, read model 50,000,000 đ (+500,000 đ); ' +
        '4 entries behind it: thu-1@2, thu-2@3, chi-1@4, dieu-chinh-1@5',
    );
    expect(text.out).toContain('NOT RECONCILED: 1 difference(s), 0 finding(s).');

    const json = await run('--sqlite-path', path, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      reconciled: false,
      differences: [
        { fundId: 'social', figure: 'balance', verified: 49_500_000, readModel: 50_000_000, difference: 500_000 },
      ],
    });
  });

  it('refuses a malformed date, an --entry without --federation, and a file that does not exist', async () => {
    const date = await run('--sqlite-path', path, '--as-of', '2020-02-30');
    expect(date.code).not.toBe(0);
    expect(date.err).toContain('YYYY-MM-DD');
    const entry = await run('--sqlite-path', path, '--entry', 'thu-2');
    expect(entry).toMatchObject({ code: 1, err: 'error: --entry needs --federation' });
    const missing = await run('--sqlite-path', join(folder, 'nope.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no ledger at');
  });
});
