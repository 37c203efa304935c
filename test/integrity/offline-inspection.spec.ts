import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { main as inspect } from '../../src/cli/inspect';
import { main as integrity } from '../../src/cli/integrity';
import type { InspectionReport } from '../../src/integrity/inspect-export';
import type { ExportLine } from '../../src/integrity/log-export';
import { copyOf, openLedger, type RecordedLedger, recordLedger, removeDatabase } from './ledger-history';

/** Runs a CLI's main in this process and collects what it prints. */
async function run(main: typeof inspect, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ExportLine & Record<string, unknown>);
const writeLines = (file: string, lines: object[]) =>
  writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));

/** The inspector takes an export file and a digest away, and checks them where neither service nor database is. */
describe('offline inspection of an export', () => {
  let ledger: RecordedLedger;
  let exported: string;
  let digestFile: string;
  let slice: string;

  beforeAll(async () => {
    ledger = await recordLedger();
    const database = copyOf(ledger, 'exported-from');
    digestFile = join(ledger.folder, 'digest.json');
    exported = join(ledger.folder, 'ledger.ndjson');
    slice = join(ledger.folder, 'hoan-kiem.ndjson');
    expect((await run(integrity, ['--sqlite-path', database, 'digest', '--out', digestFile])).code).toBe(0);
    expect((await run(integrity, ['--sqlite-path', database, 'export', '--out', exported])).code).toBe(0);
    const sliced = await run(integrity, [
      '--sqlite-path',
      database,
      'export',
      '--out',
      slice,
      '--federation',
      'hoan-kiem',
    ]);
    expect(sliced).toMatchObject({ code: 0, out: expect.stringContaining('the part of federation hoan-kiem') });
    // The service and its database are gone: only the files remain.
    removeDatabase(database);
    expect(existsSync(database)).toBe(false);
  }, 180_000);
  afterAll(() => rmSync(ledger.folder, { recursive: true, force: true }));

  async function inspected(args: string[]): Promise<{ code: number; report: InspectionReport }> {
    const { code, out, err } = await run(inspect, [...args, '--json']);
    if (code === 2) throw new Error(err);
    return { code, report: JSON.parse(out) };
  }

  it('writes the events with their hashes, the latest seal, a digest and an end line', () => {
    const lines = readLines(exported);
    expect(lines[0]).toMatchObject({
      kind: 'header',
      format: 'union-ledger-export/1',
      scope: { kind: 'log' },
      densePositions: true,
    });
    const events = lines.filter((line) => line.kind === 'event');
    // The digest sealed what was unsealed before writing: one more seal than the recorded history.
    expect(events).toHaveLength(ledger.events.length + 1);
    expect(events[0]).toMatchObject({
      id: ledger.events[0].id,
      metadata: { hash: expect.any(String), previousHash: expect.any(String) },
    });
    expect(lines.map((line) => line.kind).slice(-3)).toEqual(['latest-seal', 'digest', 'end']);
    expect(lines.at(-1)).toEqual({ kind: 'end', events: events.length });
  });

  it('verifies the whole log with no server and no database, against the digest kept', async () => {
    const { code, report } = await inspected([exported, '--digest', digestFile]);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      ok: true,
      digestUsed: 'kept',
      file: { complete: true, events: ledger.events.length + 1 },
      // Only the last seal itself is after the last seal.
      verification: { ok: true, seals: 3, unsealed: 1, digest: { checkedBy: 'merkle-root', matches: true } },
    });
  });

  it('recomputes every fund from the events in the file, to the đồng the read model shows', async () => {
    const { report } = await inspected([exported, '--digest', digestFile]);
    const offline = report.funds.funds.map(
      ({ federationId, fundId, balance, inflow, outflow, supportPaid, recipients }) => ({
        federationId,
        fundId,
        balance,
        inflow,
        outflow,
        supportPaid,
        recipients,
      }),
    );
    expect(offline).toEqual(expect.arrayContaining(ledger.funds));
    expect(offline).toHaveLength(ledger.funds.length);
    expect(report.funds.anomalies).toEqual([]);
    // Hoàn Kiếm's social fund by hand: 58,000,000 + 300,000,000 − 5,000,000 in; 242,000,000 + 20,000,000 out.
    expect(report.funds.funds.find((f) => f.federationId === 'hoan-kiem' && f.fundId === 'social')).toMatchObject({
      inflow: 353_000_000,
      outflow: 262_000_000,
      balance: 91_000_000,
      transfersOut: 20_000_000,
      inflowBySource: { union: 58_000_000, organisation: 295_000_000 },
      outflowByPurpose: { 'tet-gifts': 242_000_000, transfer: 20_000_000 },
    });
  });

  it('gives fund figures as of a business date', async () => {
    const { report } = await inspected([exported, '--as-of', '2020-01-15']);
    expect(report.funds.funds.find((f) => f.federationId === 'hoan-kiem' && f.fundId === 'social')).toMatchObject({
      balance: 358_000_000,
      outflow: 0,
    });
  });

  it('prints a readable report with the fund table', async () => {
    const { code, out } = await run(inspect, [exported, '--digest', digestFile]);
    expect(code).toBe(0);
    expect(out).toContain('OK: nothing was changed, deleted, reordered or inserted');
    expect(out).toMatch(/hoan-kiem\s+social\s+social\s+91,000,000\s+353,000,000\s+262,000,000/);
    expect(out).toContain('RESULT: verified');
  });

  it('verifies one federation’s part on its own, through the seals’ inclusion proofs', async () => {
    const lines = readLines(slice);
    expect(lines[0]).toMatchObject({ scope: { kind: 'federation', federationId: 'hoan-kiem' }, densePositions: false });
    const streams = new Set(lines.filter((l) => l.kind === 'event').map((l) => l.streamId as string));
    expect(streams).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    expect([...streams]).toEqual(
      expect.arrayContaining(['federation-hoan-kiem', 'fundbook-hoan-kiem', 'union-hk-001', 'integrity-seals']),
    );
    expect([...streams]).not.toEqual(expect.arrayContaining(['fundbook-ba-vi']));
    expect([...streams]).not.toEqual(expect.arrayContaining(['union-bv-001']));
    expect(lines.filter((l) => l.kind === 'event' && l.inclusion).length).toBeGreaterThan(5);

    const { code, report } = await inspected([slice, '--digest', digestFile]);
    expect(code).toBe(0);
    expect(report.verification).toMatchObject({ ok: true, digest: { checkedBy: 'seal', matches: true } });
    expect(report.funds.funds.map((f) => `${f.federationId}/${f.fundId}`)).toEqual([
      'hoan-kiem/housing',
      'hoan-kiem/social',
    ]);
    expect(report.funds.funds).toEqual(
      expect.arrayContaining(
        ledger.funds.filter((f) => f.federationId === 'hoan-kiem').map((f) => expect.objectContaining(f)),
      ),
    );
  });

  it('finds an amount changed in the file, at its position', async () => {
    const lines = readLines(exported);
    const target = lines.find((l) => l.kind === 'event' && (l.data as { entryId?: string }).entryId === 'hk-thu-2')!;
    (target.data as { amount: number }).amount = 3_000_000;
    const forged = join(ledger.folder, 'forged.ndjson');
    writeLines(forged, lines);
    const { code, report } = await inspected([forged, '--digest', digestFile]);
    expect(code).toBe(1);
    expect(report.verification.firstProblem).toMatchObject({ position: target.position, kind: 'altered' });
  });

  it('finds an event of a federation’s part rewritten with a consistent chain, from its inclusion proof', async () => {
    const lines = readLines(slice);
    const book = lines.filter((l) => l.kind === 'event' && l.streamId === 'fundbook-hoan-kiem');
    const target = book.find((l) => (l.data as { entryId?: string }).entryId === 'hk-thu-2')!;
    (target.data as { amount: number }).amount = 3_000_000;
    // Re-hash the fund book's chain from the forged event on, as an intruder with the code would.
    const { eventHash } = await import('../../src/integrity/event-hash');
    let previous = (target.metadata as { previousHash: string }).previousHash;
    for (const line of book.filter((l) => (l.revision as number) >= (target.revision as number))) {
      const metadata = line.metadata as unknown as Record<string, string>;
      delete metadata.hash;
      metadata.previousHash = previous;
      metadata.hash = eventHash(line as never);
      previous = metadata.hash;
    }
    const forged = join(ledger.folder, 'forged-slice.ndjson');
    writeLines(forged, lines);
    const { code, report } = await inspected([forged, '--digest', digestFile]);
    expect(code).toBe(1);
    expect(report.verification.firstProblem).toMatchObject({ position: target.position, kind: 'not-as-sealed' });
  });

  it('says a file cut short is incomplete', async () => {
    const lines = readLines(exported);
    const cut = join(ledger.folder, 'cut.ndjson');
    writeLines(cut, lines.slice(0, 20));
    const { code, report } = await inspected([cut]);
    expect(code).toBe(1);
    expect(report.file.complete).toBe(false);
    expect(report.notes.join(' ')).toContain('cut short');
  });

  it('checks a later export against a digest kept earlier', async () => {
    const database = copyOf(ledger, 'later');
    const earlier = join(ledger.folder, 'earlier-digest.json');
    expect((await run(integrity, ['--sqlite-path', database, 'digest', '--no-seal', '--out', earlier])).code).toBe(0);
    const { store } = openLedger(database);
    const [last] = ledger.events.slice(-1);
    await store.append(
      'fundbook-ba-vi',
      [
        {
          ...last,
          id: '6f1c2b9e-7a1d-4c3e-9f2a-0b1c2d3e4f50',
          type: 'FundOpened',
          data: {
            federationId: 'ba-vi',
            fundId: 'gratitude',
            kind: 'gratitude',
            name: 'Quỹ đền ơn đáp nghĩa',
            occurredOn: '2020-08-01',
          },
        },
      ],
      'any',
    );
    await store.close();
    const later = join(ledger.folder, 'later.ndjson');
    expect((await run(integrity, ['--sqlite-path', database, 'export', '--out', later])).code).toBe(0);
    const { code, report } = await inspected([later, '--digest', earlier]);
    expect(code).toBe(0);
    expect(report.verification.digest).toEqual({
      position: ledger.events.length,
      checkedBy: 'merkle-root',
      matches: true,
    });
    expect(report.funds.funds.map((f) => f.fundId)).toContain('gratitude');
  });

  it('answers 2 for a file that is not an export, or a digest that is not one', async () => {
    const notAnExport = join(ledger.folder, 'not-an-export.ndjson');
    writeFileSync(notAnExport, '{"hello":"world"}\n');
    expect((await run(inspect, [notAnExport])).code).toBe(2);
    const badDigest = join(ledger.folder, 'bad-digest.json');
    writeFileSync(badDigest, '{"format":"something else"}');
    const res = await run(inspect, [exported, '--digest', badDigest]);
    expect(res).toMatchObject({ code: 2, err: expect.stringContaining('not a union-ledger digest') });
  });

  it('needs nothing of the service: the inspect CLI imports no framework, database driver or infrastructure', () => {
    const forbidden = /^(@nestjs\/|better-sqlite3$|express$|@kurrent\/)|\/infrastructure\//;
    const seen = new Set<string>();
    const offending: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, spec] of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
        if (forbidden.test(spec)) offending.push(`${file}: ${spec}`);
        if (spec.startsWith('.')) visit(resolve(dirname(file), `${spec}.ts`));
      }
    };
    visit(resolve(__dirname, '../../src/cli/inspect.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect(offending).toEqual([]);
  });
});
