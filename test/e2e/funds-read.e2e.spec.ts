import { registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const BOOK = '/federations/hoan-kiem';
const READ = '/read/federations/hoan-kiem/funds';

/** Every number anywhere in a response body. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/**
 * Hoàn Kiếm's funds in 2020, from the seeds: 242 Tết gifts × 1,000,000 đ, 60,000,000 đ to frontline units,
 * emergency support to 17 workers × 500,000 đ, 58,000,000 đ raised for the social, gratitude and sea-islands
 * funds, Covid donations over 1 billion đ; then a transfer, and a correction recorded last.
 *   social      01-05 +300,000,000 (city federation)  01-15 −242 × 1,000,000  04-20 −17 × 500,000
 *               05-19 +20,000,000 (unions)            09-01 → 10,000,000 to gratitude
 *   covid       03-20 +1,050,000,000 (organisations)  04-10 −60,000,000 frontline  10-01 contribution adjusted −50,000,000
 *   gratitude   07-20 +30,000,000 (members)           09-01 ← 10,000,000
 *   sea-islands 06-08 +8,000,000 (individuals)
 */
describe('fund read models over HTTP', () => {
  let t: TestApp;
  /** Position of the last command: queries pass it as consistentWith, so no sleeping. */
  let last: number;
  /** The log position just before the correction was recorded. */
  let beforeCorrection: number;

  /** The city's accountant, who records the whole history. */
  const accountant = () =>
    t.jwt({ sub: 'ke-toan-hoan-kiem', roles: ['recorder'], federations: ['ha-noi'] }).authorization;
  const record = async (path: string, body: object) => {
    const res = await t.as(accountant()).post(path).send(body).expect(201);
    last = res.body.position;
    return res.body.position as number;
  };
  const read = (path: string, query: Record<string, string | number> = {}) =>
    t
      .http()
      .get(path)
      .query({ consistentWith: last, ...query });
  const ok = async (path: string, query: Record<string, string | number> = {}) =>
    (await read(path, query).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    last = await registerHanoi(t, ['hoan-kiem'], { authorization: accountant() });
    for (const [id, kind, name] of [
      ['social', 'social', 'Quỹ xã hội'],
      ['covid', 'covid', 'Quỹ ủng hộ phòng, chống Covid-19'],
      ['gratitude', 'gratitude', 'Quỹ đền ơn đáp nghĩa'],
      ['sea-islands', 'sea-islands', 'Quỹ vì biển đảo'],
    ]) {
      await record(`${BOOK}/funds`, { id, kind, name, occurredOn: '2020-01-01' });
    }
    const contribution = (fundId: string, id: string, occurredOn: string, amount: number, sourceKind: string) =>
      record(`${BOOK}/funds/${fundId}/contributions`, { id, amount, sourceKind, occurredOn });
    await contribution('social', 'hk-thu-01', '2020-01-05', 300_000_000, 'federation');
    await record(`${BOOK}/funds/social/payments`, {
      id: 'hk-chi-tet',
      amount: 242_000_000,
      purpose: 'tet-gifts',
      recipientKind: 'member',
      recipientName: 'Đoàn viên có hoàn cảnh khó khăn',
      recipients: 242,
      amountEach: 1_000_000,
      occurredOn: '2020-01-15',
    });
    await contribution('covid', 'hk-thu-covid', '2020-03-20', 1_050_000_000, 'organisation');
    await record(`${BOOK}/funds/covid/payments`, {
      id: 'hk-chi-tuyen-dau',
      amount: 60_000_000,
      purpose: 'frontline',
      recipientKind: 'outside-unit',
      recipientName: 'Các đơn vị tuyến đầu chống dịch',
      occurredOn: '2020-04-10',
    });
    await record(`${BOOK}/funds/social/payments`, {
      id: 'hk-chi-dot-xuat',
      amount: 8_500_000,
      purpose: 'emergency',
      recipientKind: 'workers',
      recipients: 17,
      amountEach: 500_000,
      occurredOn: '2020-04-20',
    });
    await contribution('social', 'hk-thu-02', '2020-05-19', 20_000_000, 'union');
    await contribution('sea-islands', 'hk-thu-03', '2020-06-08', 8_000_000, 'individual');
    await contribution('gratitude', 'hk-thu-04', '2020-07-20', 30_000_000, 'member');
    beforeCorrection = await record(`${BOOK}/fund-transfers`, {
      id: 'hk-chuyen-01',
      fromFundId: 'social',
      toFundId: 'gratitude',
      amount: 10_000_000,
      occurredOn: '2020-09-01',
    });
    await record(`${BOOK}/fund-entries/hk-thu-covid/corrections`, {
      id: 'hk-dieu-chinh-01',
      kind: 'adjustment',
      amountDelta: -50_000_000,
      reason: 'Ghi nhầm số tiền, chứng từ số 15/PT',
      occurredOn: '2020-10-01',
    });
  });
  afterAll(() => t.close());

  it('documents the fund read routes in the OpenAPI document', async () => {
    const { paths, components } = (await t.http().get('/docs/json').expect(200)).body;
    for (const path of [
      '/read/federations/{federationId}/funds',
      '/read/federations/{federationId}/funds/{fundId}',
      '/read/federations/{federationId}/funds/{fundId}/flows',
      '/read/federations/{federationId}/funds/{fundId}/ledger',
    ]) {
      expect(paths[path].get.tags).toEqual(['read models']);
      expect(paths[path].get.summary).toEqual(expect.any(String));
      expect(paths[path].get.responses['200'].content['application/json'].schema.$ref).toMatch(/Dto$/);
    }
    const parameters = paths['/read/federations/{federationId}/funds/{fundId}/ledger'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(parameters).toEqual(
      expect.arrayContaining(['asOf', 'knownAt', 'consistentWith', 'from', 'to', 'limit', 'after']),
    );
    expect(components.schemas.LedgerLineDto.properties.amount.type).toBe('integer');
  });

  describe('a fund’s figures', () => {
    it('today: balance and cumulative flows by source and purpose, with recipients counted', async () => {
      expect(await ok(`${READ}/social`)).toEqual({
        federationId: 'hoan-kiem',
        fundId: 'social',
        name: 'Quỹ xã hội',
        kind: 'social',
        openedOn: '2020-01-01',
        balance: 59_500_000,
        inflow: 320_000_000,
        outflow: 260_500_000,
        supportPaid: 250_500_000,
        recipients: 259,
        transfersIn: 0,
        transfersOut: 10_000_000,
        inflowBySource: { federation: 300_000_000, union: 20_000_000 },
        outflowByPurpose: { 'tet-gifts': 242_000_000, emergency: 8_500_000, transfer: 10_000_000 },
        asOf: null,
        knownAt: null,
      });
    });

    it('as of a date mid-year', async () => {
      expect(await ok(`${READ}/social`, { asOf: '2020-06-30' })).toMatchObject({
        balance: 69_500_000,
        transfersOut: 0,
        asOf: '2020-06-30',
      });
      expect(await ok(`${READ}/covid`, { asOf: '2020-04-09' })).toMatchObject({
        balance: 1_050_000_000,
        supportPaid: 0,
      });
      expect(await ok(`${READ}/covid`, { asOf: '2020-04-10' })).toMatchObject({
        balance: 990_000_000,
        supportPaid: 60_000_000,
        recipients: 1,
        outflowByPurpose: { frontline: 60_000_000 },
      });
    });

    it('as known before the correction, and after it from its own date on', async () => {
      expect(await ok(`${READ}/covid`, { knownAt: beforeCorrection })).toMatchObject({
        balance: 990_000_000,
        inflowBySource: { organisation: 1_050_000_000 },
        knownAt: beforeCorrection,
      });
      expect(await ok(`${READ}/covid`)).toMatchObject({
        balance: 940_000_000,
        inflow: 1_000_000_000,
        inflowBySource: { organisation: 1_000_000_000 },
      });
      expect((await ok(`${READ}/covid`, { asOf: '2020-09-30' })).balance).toBe(990_000_000);
    });

    it('answers 404 for an unknown fund, or a fund not yet open on the date asked', async () => {
      const unknown = await read(`${READ}/poverty`).expect(404);
      expect(unknown.body.message).toContain("no fund 'poverty'");
      const early = await read(`${READ}/social`, { asOf: '2019-12-31' }).expect(404);
      expect(early.body.message).toContain('on 2019-12-31');
      await read('/read/federations/ba-vi/funds/social').expect(404);
    });

    it('answers 400 for malformed parameters', async () => {
      for (const query of [{ asOf: '2020-02-30' }, { knownAt: 'yesterday' }, { consistentWith: -1 }, { year: 2020 }]) {
        const res = await t.http().get(`${READ}/social`).query(query).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(/asOf|knownAt|consistentWith|year/);
      }
      await t.http().get(`${READ}/Quy_Xa_Hoi`).expect(400);
    });
  });

  describe('a federation’s funds', () => {
    it('totals over every fund, transfers between them cancelling out, and each fund beside them', async () => {
      const body = await ok(READ);
      expect(body.totals).toEqual({
        balance: 1_047_500_000,
        inflow: 1_358_000_000,
        outflow: 310_500_000,
        supportPaid: 310_500_000,
        recipients: 260,
        inflowBySource: {
          federation: 300_000_000,
          organisation: 1_000_000_000,
          union: 20_000_000,
          individual: 8_000_000,
          member: 30_000_000,
        },
        outflowByPurpose: { 'tet-gifts': 242_000_000, frontline: 60_000_000, emergency: 8_500_000 },
      });
      expect(body.funds.map((f: { fundId: string; balance: number }) => [f.fundId, f.balance])).toEqual([
        ['covid', 940_000_000],
        ['gratitude', 40_000_000],
        ['sea-islands', 8_000_000],
        ['social', 59_500_000],
      ]);
      const sum = body.funds.reduce((total: number, f: { balance: number }) => total + f.balance, 0);
      expect(sum).toBe(body.totals.balance);
      for (const n of numbersIn(body)) expect(Number.isInteger(n)).toBe(true);
    });

    it('as of a date mid-year, and as known before the correction', async () => {
      expect((await ok(READ, { asOf: '2020-06-30' })).totals.balance).toBe(1_067_500_000);
      const known = await ok(READ, { knownAt: beforeCorrection });
      expect(known.totals).toMatchObject({ balance: 1_097_500_000, inflow: 1_408_000_000 });
      expect(known.knownAt).toBe(beforeCorrection);
    });

    it('has zero totals and no funds before the first fund was opened', async () => {
      expect(await ok(READ, { asOf: '2019-12-31' })).toMatchObject({
        totals: { balance: 0, inflow: 0, outflow: 0, inflowBySource: {} },
        funds: [],
      });
    });
  });

  describe('flows over a period', () => {
    it('in by source, out by purpose, recipients reached, opening and closing balances', async () => {
      expect(await ok(`${READ}/social/flows`, { from: '2020-01-01', to: '2020-06-30' })).toEqual({
        federationId: 'hoan-kiem',
        fundId: 'social',
        from: '2020-01-01',
        to: '2020-06-30',
        knownAt: null,
        openingBalance: 0,
        closingBalance: 69_500_000,
        inflow: 320_000_000,
        outflow: 250_500_000,
        supportPaid: 250_500_000,
        recipients: 259,
        transfersIn: 0,
        transfersOut: 0,
        inflowBySource: { federation: 300_000_000, union: 20_000_000 },
        outflowByPurpose: { 'tet-gifts': 242_000_000, emergency: 8_500_000 },
      });
      expect(await ok(`${READ}/social/flows`, { from: '2020-07-01', to: '2020-12-31' })).toMatchObject({
        openingBalance: 69_500_000,
        closingBalance: 59_500_000,
        inflow: 0,
        outflow: 10_000_000,
        recipients: 0,
        transfersOut: 10_000_000,
        outflowByPurpose: { transfer: 10_000_000 },
      });
      // The period's last day may be given as asOf.
      expect(await ok(`${READ}/social/flows`, { from: '2020-04-20', asOf: '2020-04-20' })).toMatchObject({
        to: '2020-04-20',
        recipients: 17,
        supportPaid: 8_500_000,
      });
    });

    it('count a correction in its own period, and not as known before it', async () => {
      const october = { from: '2020-10-01', to: '2020-10-31' };
      expect(await ok(`${READ}/covid/flows`, october)).toMatchObject({
        inflow: -50_000_000,
        inflowBySource: { organisation: -50_000_000 },
        closingBalance: 940_000_000,
      });
      const before = await ok(`${READ}/covid/flows`, { ...october, knownAt: beforeCorrection });
      expect(before).toMatchObject({ inflow: 0, closingBalance: 990_000_000, knownAt: beforeCorrection });
      expect(before.inflowBySource).toEqual({});
    });

    it('answers 400 for a period that ends before it starts or has no end, and 404 for an unknown fund', async () => {
      const backwards = await read(`${READ}/social/flows`, { from: '2020-06-30', to: '2020-01-01' }).expect(400);
      expect(backwards.body.message).toContain('must not be after');
      await read(`${READ}/social/flows`, { from: '2020-01-01' }).expect(400);
      await read(`${READ}/social/flows`, { to: '2020-01-01' }).expect(400);
      await read(`${READ}/social/flows`, { from: '2020-01-01', to: '2020-13-01' }).expect(400);
      await read(`${READ}/social/flows`, { from: '2020-01-01', to: '2020-06-30', asOf: '2020-05-31' }).expect(400);
      await read(`${READ}/poverty/flows`, { from: '2020-01-01', to: '2020-06-30' }).expect(404);
      await read(`${READ}/social/flows`, { from: '2019-01-01', to: '2019-12-31' }).expect(404);
    });
  });

  describe('the ledger', () => {
    it('pages through a fund’s lines in date order', async () => {
      const pages: { entryId: string; amount: number }[][] = [];
      let after: string | null = null;
      do {
        const body = await ok(`${READ}/social/ledger`, { limit: 2, ...(after ? { after } : {}) });
        pages.push(body.lines);
        after = body.next;
      } while (after);
      expect(pages.map((page) => page.map((line) => [line.entryId, line.amount]))).toEqual([
        [
          ['hk-thu-01', 300_000_000],
          ['hk-chi-tet', -242_000_000],
        ],
        [
          ['hk-chi-dot-xuat', -8_500_000],
          ['hk-thu-02', 20_000_000],
        ],
        [['hk-chuyen-01', -10_000_000]],
      ]);
      const sum = pages.flat().reduce((total, line) => total + line.amount, 0);
      expect(sum).toBe((await ok(`${READ}/social`)).balance);
    });

    it('filters to a period and says who recorded each line', async () => {
      const body = await ok(`${READ}/social/ledger`, { from: '2020-04-01', to: '2020-06-30' });
      expect(body).toMatchObject({ from: '2020-04-01', to: '2020-06-30', next: null });
      expect(body.lines).toEqual([
        expect.objectContaining({
          entryId: 'hk-chi-dot-xuat',
          occurredOn: '2020-04-20',
          line: 'payment',
          amount: -8_500_000,
          category: 'emergency',
          recipients: 17,
          amountEach: 500_000,
          counterparty: { kind: 'workers', id: null, name: null },
          recordedBy: 'user:ke-toan-hoan-kiem',
          recordedAt: expect.any(String),
        }),
        expect.objectContaining({ entryId: 'hk-thu-02', line: 'contribution', category: 'union' }),
      ]);
    });

    it('shows the correction as its own line, naming the entry it corrects and why', async () => {
      const { lines } = await ok(`${READ}/covid/ledger`);
      expect(lines.map((l: { entryId: string }) => l.entryId)).toEqual([
        'hk-thu-covid',
        'hk-chi-tuyen-dau',
        'hk-dieu-chinh-01',
      ]);
      expect(lines[2]).toMatchObject({
        occurredOn: '2020-10-01',
        line: 'correction',
        amount: -50_000_000,
        correction: 'adjustment',
        correctsEntryId: 'hk-thu-covid',
        reason: 'Ghi nhầm số tiền, chứng từ số 15/PT',
        recordedBy: 'user:ke-toan-hoan-kiem',
      });
      const before = await ok(`${READ}/covid/ledger`, { knownAt: beforeCorrection });
      expect(before.lines.map((l: { entryId: string }) => l.entryId)).toEqual(['hk-thu-covid', 'hk-chi-tuyen-dau']);
    });

    it('shows a transfer in both funds', async () => {
      const { lines } = await ok(`${READ}/gratitude/ledger`, { from: '2020-09-01' });
      expect(lines).toEqual([
        expect.objectContaining({ entryId: 'hk-chuyen-01', line: 'transfer-in', amount: 10_000_000 }),
      ]);
    });

    it('answers 400 for a bad page size, cursor or period, and 404 for an unknown fund', async () => {
      for (const limit of [0, 501, 'ten', 1.5]) {
        const res = await read(`${READ}/social/ledger`, { limit }).expect(400);
        expect(JSON.stringify(res.body.message)).toContain('limit');
      }
      await read(`${READ}/social/ledger`, { after: 'not a cursor' }).expect(400);
      const foreign = await read(`${READ}/social/ledger`, { after: 'hoan-kiem:covid:2020-03-20:hk-thu-covid' }).expect(
        400,
      );
      expect(foreign.body.message).toContain('not a position in the ledger');
      await read(`${READ}/social/ledger`, { from: '2020-06-30', to: '2020-01-01' }).expect(400);
      for (const query of [{ from: '2020-13-01' }, { to: 'June' }, { asOf: '2020-02-30' }] as Record<
        string,
        string
      >[]) {
        const res = await read(`${READ}/social/ledger`, query).expect(400);
        expect(JSON.stringify(res.body.message)).toMatch(/from|to|asOf/);
      }
      await read(`${READ}/poverty/ledger`).expect(404);
    });
  });
});
