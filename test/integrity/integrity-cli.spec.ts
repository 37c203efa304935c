import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/integrity';
import { copyOf, type RecordedLedger, recordLedger } from './ledger-history';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run integrity', () => {
  let ledger: RecordedLedger;

  beforeAll(async () => {
    ledger = await recordLedger();
  }, 180_000);
  afterAll(() => rmSync(ledger.folder, { recursive: true, force: true }));

  it('verifies a ledger file and says so, exit status 0', async () => {
    const res = await run(['--sqlite-path', copyOf(ledger), 'verify']);
    expect(res.code).toBe(0);
    expect(res.out).toContain(`verified ${ledger.events.length} events`);
    expect(res.out).toContain('OK: nothing was changed, deleted, reordered or inserted');
  });

  it('names the first position changed, exit status 1', async () => {
    const path = copyOf(ledger);
    const payment = ledger.events.find((e) => e.data.entryId === 'hk-chi-1')!;
    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE position = ?').run(payment.position);
    db.close();
    const res = await run(['--sqlite-path', path, 'verify']);
    expect(res.code).toBe(1);
    expect(res.out).toContain(`PROBLEM at position ${payment.position}: missing`);
    const json = await run(['--sqlite-path', path, 'verify', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      ok: false,
      firstProblem: { position: payment.position, kind: 'missing' },
    });
  });

  it('seals, takes a digest, and verifies against it after more seals', async () => {
    const path = copyOf(ledger);
    const digest = join(ledger.folder, 'cli-digest.json');
    const sealed = await run(['--sqlite-path', path, 'digest', '--out', digest]);
    expect(sealed.code).toBe(0);
    expect(sealed.out).toMatch(/sealed positions .* at position/);
    expect(sealed.out).toContain(`written to ${digest}`);
    expect((await run(['--sqlite-path', path, 'seal'])).out).toContain('nothing to seal');
    const res = await run(['--sqlite-path', path, 'verify', '--digest', digest]);
    expect(res).toMatchObject({ code: 0, out: expect.stringContaining('matches (checked by merkle-root)') });
  });

  it('writes digests and exports under ./data/exports when no --out is given', async () => {
    const path = copyOf(ledger);
    const workdir = mkdtempSync(join(tmpdir(), 'union-ledger-exports-'));
    const cwd = process.cwd();
    process.chdir(workdir);
    try {
      const digest = await run(['--sqlite-path', path, 'digest']);
      expect(digest).toMatchObject({
        code: 0,
        out: expect.stringMatching(/written to data\/exports\/digest-\d+\.json/),
      });
      const exported = await run(['--sqlite-path', path, 'export', '--federation', 'hoan-kiem']);
      expect(exported).toMatchObject({
        code: 0,
        out: expect.stringMatching(/to data\/exports\/hoan-kiem-\d{4}-\d\d-\d\d\.ndjson/),
      });
      expect(readdirSync('.')).toEqual(['data']);
      expect(readdirSync(join('data', 'exports'))).toHaveLength(2);
    } finally {
      process.chdir(cwd);
      rmSync(workdir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not there rather than create an empty ledger', async () => {
    const res = await run(['--sqlite-path', join(ledger.folder, 'nowhere.sqlite'), 'verify']);
    expect(res).toMatchObject({ code: 1, err: expect.stringContaining('no ledger at') });
  });
});
