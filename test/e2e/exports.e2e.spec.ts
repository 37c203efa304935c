import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { main as inspect } from '../../src/cli/inspect';
import { LEDGER_COLUMNS, ledgerCsv } from '../../src/exports/ledger-csv';
import { MEMBERSHIP_COLUMNS } from '../../src/exports/membership-csv';
import { logSliceOf } from '../../src/exports/evidence-pack';
import { ReadModelAccess } from '../../src/read-models/read-model-access';
import { registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/** A small RFC 4180 reader, written for the test: quoted fields, doubled quotes, CRLF, an optional BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the file does not end with CRLF');
  return rows;
}

/** The rows as objects by the header's column names. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header.length);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

const asText = (res: Response) => res.body as string;

const GIVER = 'LĐLĐ thành phố Hà Nội, "quỹ xã hội"';
const TET = 'Đoàn viên khó khăn, "Tết sum vầy"';
const SONG_HONG = 'CĐCS Công ty "Sông Hồng", chi nhánh Hoàn Kiếm';
const person = { fullName: 'Trần Văn Bình', gender: 'male', birthDate: '1985-03-02' };

describe('exports for people', () => {
  let t: TestApp;
  let last = 0;
  let beforeLateContribution = 0;

  const send = async (path: string, body: object) => {
    const res = await t.http().post(path).send(body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body.position;
    return last;
  };
  /** A file as the text received; with the read models caught up to the last command unless told otherwise. */
  const csv = (
    client: ReturnType<TestApp['http']>,
    path: string,
    query: Record<string, string | number> = {},
    caughtUp = true,
  ) =>
    client
      .get(path)
      .query(caughtUp ? { consistentWith: last, ...query } : query)
      .buffer(true)
      .parse((res, done) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => done(null, data));
      });
  const LEDGER = '/exports/federations/hoan-kiem/funds/social/ledger.csv';
  const MEMBERSHIP = '/exports/federations/hoan-kiem/membership.csv';

  beforeAll(async () => {
    t = await createTestApp();
    last = await registerHanoi(t, ['hoan-kiem']);
    for (const [id, name, sector, occurredOn] of [
      ['truong-a', 'CĐCS Trường THCS Trưng Vương', 'public-service', '2010-01-01'],
      ['song-hong', SONG_HONG, 'state-enterprise', '2015-01-01'],
      ['new-2023', 'CĐCS Công ty TNHH Phố Cổ', 'non-state-enterprise', '2023-03-01'],
    ]) {
      await send('/unions', { id, federationId: 'hoan-kiem', name, sector, occurredOn });
    }
    const join = (id: string, unionId: string, occurredOn: string) =>
      send('/members', { id, unionId, ...person, occurredOn });
    await join('m1', 'song-hong', '2022-05-01');
    await join('m2', 'song-hong', '2023-02-01');
    await join('m3', 'truong-a', '2023-04-01');
    await join('m4', 'new-2023', '2023-05-01');
    await send('/members/m1/leave', { occurredOn: '2023-09-01' });
    await join('m5', 'truong-a', '2024-01-10');

    const book = '/federations/hoan-kiem';
    await send(`${book}/funds`, { id: 'social', kind: 'social', name: 'Quỹ xã hội', occurredOn: '2020-01-01' });
    await send(`${book}/funds/social/contributions`, {
      id: 'hk-thu-01',
      amount: 300_000_000,
      sourceKind: 'federation',
      sourceName: GIVER,
      occurredOn: '2020-01-05',
    });
    await send(`${book}/funds/social/payments`, {
      id: 'hk-chi-tet',
      amount: 242_000_000,
      purpose: 'tet-gifts',
      recipientKind: 'member',
      recipientName: TET,
      recipients: 242,
      amountEach: 1_000_000,
      occurredOn: '2020-01-15',
    });
    await send(`${book}/funds/social/payments`, {
      id: 'hk-chi-dot-xuat',
      amount: 8_500_000,
      purpose: 'emergency',
      recipientKind: 'workers',
      recipientName: '=HYPERLINK("http://example.invalid")',
      recipients: 17,
      amountEach: 500_000,
      occurredOn: '2020-04-20',
    });
    await send(`${book}/funds/social/contributions`, {
      id: 'hk-thu-02',
      amount: 20_000_000,
      sourceKind: 'union',
      occurredOn: '2020-05-19',
    });
    beforeLateContribution = await send(`${book}/fund-entries/hk-thu-02/corrections`, {
      id: 'hk-dieu-chinh-01',
      kind: 'adjustment',
      amountDelta: -2_000_000,
      reason: 'Ghi nhầm số tiền, chứng từ "15/PT"',
      occurredOn: '2020-06-01',
    });
    // Recorded last, dated early: the export orders by business date.
    await send(`${book}/funds/social/contributions`, {
      id: 'hk-thu-03',
      amount: 5_000_000,
      sourceKind: 'individual',
      occurredOn: '2020-03-01',
    });
  });
  afterAll(() => t.close());

  describe('GET ledger.csv', () => {
    it('streams every line in date order, with whole-đồng amounts, the running balance and RFC 4180 quoting', async () => {
      const res = await csv(t.http(), LEDGER).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      // Written as it is read: no Content-Length known up front.
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="hoan-kiem-social-ledger\.csv"$/);
      const text = asText(res);
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text).toContain('"LĐLĐ thành phố Hà Nội, ""quỹ xã hội"""');
      expect(parseCsv(text)[0]).toEqual([...LEDGER_COLUMNS]);
      const rows = records(text);
      expect(rows.map((r) => [r.date, r.entryId, r.line, r.amount, r.balance])).toEqual([
        ['2020-01-05', 'hk-thu-01', 'contribution', '300000000', '300000000'],
        ['2020-01-15', 'hk-chi-tet', 'payment', '-242000000', '58000000'],
        ['2020-03-01', 'hk-thu-03', 'contribution', '5000000', '63000000'],
        ['2020-04-20', 'hk-chi-dot-xuat', 'payment', '-8500000', '54500000'],
        ['2020-05-19', 'hk-thu-02', 'contribution', '20000000', '74500000'],
        ['2020-06-01', 'hk-dieu-chinh-01', 'correction', '-2000000', '72500000'],
      ]);
      expect(rows[0].counterpartyName).toBe(GIVER);
      expect(rows[1]).toMatchObject({ counterpartyName: TET, recipients: '242', amountEach: '1000000' });
      // A name a spreadsheet would run as a formula is written as text.
      expect(rows[3].counterpartyName).toBe(`'=HYPERLINK("http://example.invalid")`);
      expect(rows[5]).toMatchObject({
        correction: 'adjustment',
        correctsEntryId: 'hk-thu-02',
        reason: 'Ghi nhầm số tiền, chứng từ "15/PT"',
      });
      const fund = await t.http().get('/read/federations/hoan-kiem/funds/social').query({ consistentWith: last });
      expect(rows[rows.length - 1].balance).toBe(String(fund.body.balance));
    });

    it('writes the lines of a period from the balance before it, and as known at a position', async () => {
      const period = records(asText(await csv(t.http(), LEDGER, { from: '2020-03-01', to: '2020-05-19' }).expect(200)));
      expect(period.map((r) => [r.entryId, r.balance])).toEqual([
        ['hk-thu-03', '63000000'],
        ['hk-chi-dot-xuat', '54500000'],
        ['hk-thu-02', '74500000'],
      ]);
      const before = records(asText(await csv(t.http(), LEDGER, { knownAt: beforeLateContribution }).expect(200)));
      expect(before.map((r) => r.entryId)).not.toContain('hk-thu-03');
      expect(before[before.length - 1].balance).toBe('67500000');
    });

    it('reads the ledger page by page: with pages of two lines, every row arrives, in order', async () => {
      const reader = t.app.get(ReadModelAccess, { strict: false }).reader('funds');
      const chunks: string[] = [];
      for await (const chunk of ledgerCsv(reader, { federationId: 'hoan-kiem', fundId: 'social', pageSize: 2 })) {
        chunks.push(chunk);
      }
      // The header, then one chunk per page of two lines.
      expect(chunks).toHaveLength(4);
      const paged = records(chunks.join(''));
      const whole = records(asText(await csv(t.http(), LEDGER, { bom: 'false' }).expect(200)));
      expect(paged).toEqual(whole);
      expect(paged.map((r) => r.date)).toEqual([...paged.map((r) => r.date)].sort());
    });

    it('leaves out the byte order mark on request', async () => {
      const text = asText(await csv(t.http(), LEDGER, { bom: 'false' }).expect(200));
      expect(text.startsWith('date,entryId,')).toBe(true);
    });

    it('refuses before writing anything: unknown fund 404, malformed parameter 400, a reader of audit files 403', async () => {
      const missing = await t.http().get('/exports/federations/hoan-kiem/funds/no-such/ledger.csv').expect(404);
      expect(missing.body.message).toContain("no fund 'no-such'");
      await t.http().get(LEDGER).query({ bom: 'yes' }).expect(400);
      await t.http().get(LEDGER).query({ from: '2020-06-01', to: '2020-01-01' }).expect(400);
      for (const query of [{ from: '2020-13-01' }, { to: 'June' }, { asOf: '2020-02-30' }]) {
        const res = await t.http().get(LEDGER).query(query).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(/from|to|asOf/);
      }
      const inspector = await t.apiKey({ roles: ['finance-inspector'] });
      await csv(t.as(inspector.authorization), LEDGER).expect(200);
      await t.anonymous().get(LEDGER).expect(401);
    });
  });

  describe('GET membership.csv', () => {
    it("writes one row per union on the date, the year's joins and departures, and a totals row", async () => {
      const reader = await t.apiKey({ roles: ['reader'] });
      const res = await csv(t.as(reader.authorization), MEMBERSHIP, { year: 2023, asOf: '2023-12-31' }).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const text = asText(res);
      expect(text).toContain('"CĐCS Công ty ""Sông Hồng"", chi nhánh Hoàn Kiếm"');
      expect(parseCsv(text)[0]).toEqual([...MEMBERSHIP_COLUMNS]);
      const rows = records(text);
      expect(rows.map((r) => [r.row, r.unionId, r.name, r.sector, r.status, r.members, r.joined, r.left])).toEqual([
        ['union', 'new-2023', 'CĐCS Công ty TNHH Phố Cổ', 'non-state-enterprise', 'active', '1', '1', '0'],
        ['union', 'song-hong', SONG_HONG, 'state-enterprise', 'active', '1', '1', '1'],
        ['union', 'truong-a', 'CĐCS Trường THCS Trưng Vương', 'public-service', 'active', '1', '1', '0'],
        ['total', '', '3 unions (3 active, 0 dissolved)', '', '', '3', '3', '1'],
      ]);
      const figures = await t
        .http()
        .get('/read/federations/hoan-kiem/membership')
        .query({ asOf: '2023-12-31', consistentWith: last });
      expect(rows[3].members).toBe(String(figures.body.members));
    });

    it('counts the year up to asOf, and defaults to today', async () => {
      const mid = records(asText(await csv(t.http(), MEMBERSHIP, { year: 2023, asOf: '2023-06-30' }).expect(200)));
      expect(mid.find((r) => r.row === 'total')).toMatchObject({ members: '4', joined: '3', left: '0' });
      const before = records(asText(await csv(t.http(), MEMBERSHIP, { asOf: '2023-02-15' }).expect(200)));
      expect(before.map((r) => r.unionId)).toEqual(['song-hong', 'truong-a', '']);
      // The test clock says 2026-06-30: the 2026 figures so far, nobody joined yet.
      const today = records(asText(await csv(t.http(), MEMBERSHIP).expect(200)));
      expect(today.find((r) => r.row === 'total')).toMatchObject({ members: '4', joined: '0', left: '0' });
    });

    it('refuses an unknown federation (404), an asOf outside the year (400), a finance inspector (403)', async () => {
      await t.http().get('/exports/federations/no-such/membership.csv').expect(404);
      await t.http().get(MEMBERSHIP).query({ year: 2023, asOf: '2024-01-01' }).expect(400);
      const future = await t.http().get(MEMBERSHIP).query({ year: 2027 }).expect(400);
      expect(future.body.message).toContain('2027 has not begun');
      const inspector = await t.apiKey({ roles: ['finance-inspector'] });
      await t.as(inspector.authorization).get(MEMBERSHIP).expect(403);
    });
  });

  describe('GET evidence-pack', () => {
    let folder: string;
    beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'evidence-pack-'))));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    const pack = async (query: Record<string, string>) => {
      const auditor = await t.apiKey({ roles: ['auditor'] });
      const res = await csv(t.as(auditor.authorization), '/exports/evidence-pack', query, false).expect(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      return asText(res);
    };

    it.each([
      ['one federation', { federationId: 'hoan-kiem' }],
      ['the whole log', {}],
    ])(
      'for %s: holds the log slice, its digest, the verifications and the projections, and verifies offline',
      async (_, query) => {
        await t.http().post('/integrity/seal').expect(200);
        const text = await pack(query);
        const lines = text.split('\n');
        expect(lines.pop()).toBe('');
        const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown> & { kind: string });
        const kinds = parsed.map((line) => line.kind);
        expect(kinds[0]).toBe('pack');
        expect(kinds).toEqual(expect.arrayContaining(['header', 'event', 'latest-seal', 'digest', 'end']));
        expect(kinds.slice(-3)).toEqual(['pack-verification', 'pack-projections', 'pack-end']);

        const verification = parsed.find((line) => line.kind === 'pack-verification') as unknown as {
          integrity: { ok: boolean; digest: { checkedBy: string; matches: boolean; position: number } };
          funds: { reconciled: boolean; differences: unknown[] };
        };
        expect(verification.integrity.ok).toBe(true);
        const digest = (parsed.find((line) => line.kind === 'digest') as unknown as { digest: { position: number } })
          .digest;
        expect(verification.integrity.digest).toEqual({
          position: digest.position,
          checkedBy: 'merkle-root',
          matches: true,
        });
        expect(verification.funds.reconciled).toBe(true);
        expect(verification.funds.differences).toEqual([]);

        const projections = (
          parsed.find((line) => line.kind === 'pack-projections') as unknown as {
            projections: { name: string; version: number; namespace: string; checkpoint: number }[];
          }
        ).projections;
        expect(projections.map((p) => p.name)).toEqual(expect.arrayContaining(['funds', 'membership']));
        for (const p of projections) {
          expect(p.version).toBeGreaterThanOrEqual(1);
          expect(p.namespace).toEqual(expect.any(String));
          expect(p.checkpoint).toBeGreaterThan(0);
        }

        const end = parsed[parsed.length - 1] as unknown as { lines: number; sha256: string };
        expect(end.lines).toBe(lines.length - 1);
        const body = lines
          .slice(0, -1)
          .map((line) => `${line}\n`)
          .join('');
        expect(end.sha256).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));

        // The inspector's own check: the log slice and the digest, with no service.
        const slice: string[] = [];
        for await (const line of logSliceOf(lines)) slice.push(line);
        writeFileSync(join(folder, 'slice.ndjson'), `${slice.join('\n')}\n`);
        writeFileSync(join(folder, 'digest.json'), JSON.stringify(digest));
        const out: string[] = [];
        const code = await inspect([join(folder, 'slice.ndjson'), '--digest', join(folder, 'digest.json')], {
          out: (line) => out.push(line),
          err: (line) => out.push(line),
        });
        expect(out.join('\n')).toContain('RESULT: verified');
        expect(code).toBe(0);
      },
    );

    it('is for auditors and finance inspectors only, and knows no unknown federation', async () => {
      const reader = await t.apiKey({ roles: ['reader'] });
      await t.as(reader.authorization).get('/exports/evidence-pack').expect(403);
      await t.http().get('/exports/evidence-pack').query({ federationId: 'no-such' }).expect(404);
      await t.http().get('/exports/evidence-pack').query({ federationId: 'Not An Id' }).expect(400);
    });
  });
});
