import type Database from 'better-sqlite3';
import { fundsProjection } from '../../projections/funds/funds.projection';
import type { StoredEvent } from '../../src/core/event-store.port';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { READ_STORE, type ReadStore } from '../../src/core/read-store.port';
import { SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const BOOK = '/federations/hoan-kiem';

/**
 * Hoàn Kiếm's 2023 fund book, closed through 30 June, corrected after, reopened once:
 *   social   01-05 +300,000,000 c1 (organisation)   01-15 −242 × 1,000,000 p1 (Tết gifts)
 *            02-10 +20,000,000 c2 (unions)           03-01 −17 × 500,000 p2 (emergency)
 *            04-01 → 10,000,000 t1 to housing        07-12 c2 adjusted −2,000,000 (x2)
 *            06-15 +1,000,000 c4, recorded after the June period was reopened
 *   housing  04-01 ← 10,000,000 t1                   05-01 +5,000,000 c3, reversed on 07-10 (x1)
 * At the end: social 58,500,000 đ, housing 10,000,000 đ.
 */
describe('fund periods and independent fund verification over HTTP', () => {
  let t: TestApp;
  let last = 0;
  const positions: Record<string, number> = {};

  const post = (path: string, body: object) => t.http().post(path).send(body);
  async function record(name: string, path: string, body: object) {
    const res = await post(path, body).expect(201);
    positions[name] = res.body.position;
    last = res.body.position;
    return res.body;
  }
  /** Asserts a refusal of a POST: status, message, rule id, and that nothing was recorded. */
  const refused = (path: string, body: object, status: number, message: string, rule?: string) =>
    expectRefused(t, () => post(path, body), status, message, rule);
  const bookEvents = async () => (await t.http().get('/history/funds/hoan-kiem').expect(200)).body.events;
  const verify = async (query: Record<string, string> = {}) =>
    (
      await t
        .http()
        .get('/verification/funds')
        .query({ federationId: 'hoan-kiem', ...query })
        .expect(200)
    ).body;
  const caughtUp = async () =>
    expect(await t.app.get(ProjectionRunner).waitFor('funds', await t.store.headPosition(), 10_000)).toBe(true);

  const contribution = (id: string, amount: number, sourceKind: string, occurredOn: string) => ({
    id,
    amount,
    sourceKind,
    occurredOn,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await registerHanoi(t, ['hoan-kiem']);
    for (const [id, kind, name] of [
      ['social', 'social', 'Quỹ xã hội'],
      ['housing', 'housing', 'Quỹ Mái ấm Công đoàn'],
    ]) {
      await record(id, `${BOOK}/funds`, { id, kind, name, occurredOn: '2023-01-01' });
    }
    await record(
      'c1',
      `${BOOK}/funds/social/contributions`,
      contribution('c1', 300_000_000, 'organisation', '2023-01-05'),
    );
    await record('p1', `${BOOK}/funds/social/payments`, {
      id: 'p1',
      amount: 242_000_000,
      purpose: 'tet-gifts',
      recipientKind: 'workers',
      recipients: 242,
      amountEach: 1_000_000,
      occurredOn: '2023-01-15',
    });
    await record('c2', `${BOOK}/funds/social/contributions`, contribution('c2', 20_000_000, 'union', '2023-02-10'));
    await record('p2', `${BOOK}/funds/social/payments`, {
      id: 'p2',
      amount: 8_500_000,
      purpose: 'emergency',
      recipientKind: 'workers',
      recipients: 17,
      amountEach: 500_000,
      occurredOn: '2023-03-01',
    });
    await record('t1', `${BOOK}/fund-transfers`, {
      id: 't1',
      fromFundId: 'social',
      toFundId: 'housing',
      amount: 10_000_000,
      occurredOn: '2023-04-01',
    });
    await record(
      'c3',
      `${BOOK}/funds/housing/contributions`,
      contribution('c3', 5_000_000, 'individual', '2023-05-01'),
    );
  });
  afterAll(() => t.close());

  describe('closing a period', () => {
    it('closes the book through a date, and says so in its history', async () => {
      const body = await record('close', `${BOOK}/fund-periods/close`, {
        closedThrough: '2023-06-30',
        occurredOn: '2023-07-05',
        reason: 'Kết sổ 6 tháng đầu năm 2023',
      });
      expect(body).toMatchObject({
        id: 'hoan-kiem',
        streamId: 'fundbook-hoan-kiem',
        events: [{ type: 'PeriodClosed' }],
      });
      expect((await bookEvents()).at(-1)).toMatchObject({
        type: 'PeriodClosed',
        data: { federationId: 'hoan-kiem', closedThrough: '2023-06-30', occurredOn: '2023-07-05' },
        metadata: { actor: t.adminActor, reason: 'Kết sổ 6 tháng đầu năm 2023' },
      });
    });

    it('refuses any entry dated in the closed period, and records nothing', async () => {
      await refused(
        `${BOOK}/funds/social/contributions`,
        contribution('late', 1_000_000, 'union', '2023-06-15'),
        409,
        'closed through 2023-06-30',
        'fund.period-closed',
      );
      await refused(
        `${BOOK}/funds/social/payments`,
        { amount: 1_000_000, purpose: 'hardship', recipientKind: 'member', occurredOn: '2023-06-30' },
        409,
        'reopen the period with a reason',
        'fund.period-closed',
      );
      await refused(
        `${BOOK}/fund-entries/c3/corrections`,
        { kind: 'reversal', reason: 'Ghi trùng', occurredOn: '2023-06-01' },
        409,
        'date a correction after 2023-06-30',
        'fund.period-closed',
      );
    });

    it('accepts a correction of a closed-period entry dated in the open period', async () => {
      await record('x1', `${BOOK}/fund-entries/c3/corrections`, {
        id: 'x1',
        kind: 'reversal',
        reason: 'Ghi trùng chứng từ số 12/PT',
        occurredOn: '2023-07-10',
      });
      await record('x2', `${BOOK}/fund-entries/c2/corrections`, {
        id: 'x2',
        kind: 'adjustment',
        amountDelta: -2_000_000,
        reason: 'Sai số tiền trên chứng từ số 15/PT',
        occurredOn: '2023-07-12',
      });
    });

    it('refuses a closing before the period has ended, or one that closes nothing new', async () => {
      await refused(
        `${BOOK}/fund-periods/close`,
        { closedThrough: '2023-08-31', occurredOn: '2023-08-01' },
        409,
        'only once it has ended',
        'fund.period-not-ended',
      );
      await refused(
        `${BOOK}/fund-periods/close`,
        { closedThrough: '2023-06-30', occurredOn: '2023-08-01' },
        409,
        'already closed through 2023-06-30',
        'fund.period-already-closed',
      );
    });

    it('refuses a malformed date (400) and an unknown federation (404)', async () => {
      await refused(
        `${BOOK}/fund-periods/close`,
        { closedThrough: '2023-06-31', occurredOn: '2023-07-05' },
        400,
        'closedThrough must be a calendar date',
      );
      await refused(`${BOOK}/fund-periods/close`, { occurredOn: '2023-07-05' }, 400, 'closedThrough');
      await refused(
        `${BOOK}/fund-periods/close`,
        { closedThrough: '2023-06-30', occurredOn: '2023-07-05', extra: 1 },
        400,
        'property extra should not exist',
      );
      await refused(
        '/federations/nowhere/fund-periods/close',
        { closedThrough: '2023-06-30', occurredOn: '2023-07-05' },
        404,
        "federation 'nowhere'",
      );
    });

    it('lets only recorders of the federation (or admins) close or reopen', async () => {
      const reader = await t.apiKey({ roles: ['reader'] });
      const before = await t.logLength();
      await t
        .as(reader.authorization)
        .post(`${BOOK}/fund-periods/reopen`)
        .send({ reopenedFrom: '2023-06-01', occurredOn: '2023-07-15', reason: 'thử' })
        .expect(403);
      expect(await t.logLength()).toBe(before);
    });
  });

  describe('reopening a period', () => {
    it('refuses a reopening without a reason or with a blank one (400), or of dates not closed (409)', async () => {
      await refused(
        `${BOOK}/fund-periods/reopen`,
        { reopenedFrom: '2023-06-01', occurredOn: '2023-07-15' },
        400,
        'reason is required',
      );
      await refused(
        `${BOOK}/fund-periods/reopen`,
        { reopenedFrom: '2023-06-01', occurredOn: '2023-07-15', reason: '   ' },
        400,
        'reason',
      );
      await refused(
        `${BOOK}/fund-periods/reopen`,
        { reopenedFrom: '2023-07-01', occurredOn: '2023-07-15', reason: 'Bổ sung chứng từ' },
        409,
        'not in the closed period',
        'fund.period-not-closed',
      );
      await refused(
        '/federations/nowhere/fund-periods/reopen',
        { reopenedFrom: '2023-06-01', occurredOn: '2023-07-15', reason: 'Bổ sung chứng từ' },
        404,
        "federation 'nowhere'",
      );
    });

    it('reopens with a reason; an entry dated in the reopened dates is then accepted, and the book closes again', async () => {
      const reason = 'Bổ sung chứng từ thu tháng 6 theo kết luận kiểm tra số 05/KL-UBKT';
      await record('reopen', `${BOOK}/fund-periods/reopen`, {
        reopenedFrom: '2023-06-01',
        occurredOn: '2023-07-15',
        reason,
      });
      expect((await bookEvents()).at(-1)).toMatchObject({
        type: 'PeriodReopened',
        data: { federationId: 'hoan-kiem', reopenedFrom: '2023-06-01', reason, occurredOn: '2023-07-15' },
        metadata: { actor: t.adminActor },
      });
      // May is still closed.
      await refused(
        `${BOOK}/funds/social/contributions`,
        contribution('may', 1_000_000, 'union', '2023-05-31'),
        409,
        'closed through 2023-05-31',
        'fund.period-closed',
      );
      await record('c4', `${BOOK}/funds/social/contributions`, contribution('c4', 1_000_000, 'union', '2023-06-15'));
      await record('close-again', `${BOOK}/fund-periods/close`, {
        closedThrough: '2023-06-30',
        occurredOn: '2023-07-20',
      });
      await refused(
        `${BOOK}/funds/social/contributions`,
        contribution('june', 1_000_000, 'union', '2023-06-16'),
        409,
        'closed through 2023-06-30',
        'fund.period-closed',
      );
    });
  });

  describe('verifying the funds', () => {
    it('recomputes every figure from the events as double entries and reconciles them with the read model', async () => {
      await caughtUp();
      const body = await verify();
      expect(body).toMatchObject({ reconciled: true, sound: true, differences: [], findings: [], knownAt: last });
      const [book] = body.books;
      expect(book).toMatchObject({
        federationId: 'hoan-kiem',
        closedThrough: '2023-06-30',
        totals: { closingBalance: 68_500_000, contributions: 319_000_000, supportPaid: 250_500_000, recipients: 259 },
        conservation: { fundBalances: 68_500_000, contributions: 319_000_000, supportPaid: 250_500_000, holds: true },
      });
      expect(book.funds).toEqual([
        expect.objectContaining({
          fundId: 'housing',
          closingBalance: 10_000_000,
          contributions: 0,
          bySource: {},
          transfersIn: 10_000_000,
        }),
        expect.objectContaining({
          fundId: 'social',
          closingBalance: 58_500_000,
          contributions: 319_000_000,
          bySource: { organisation: 300_000_000, union: 19_000_000 },
          supportPaid: 250_500_000,
          byPurpose: { 'tet-gifts': 242_000_000, emergency: 8_500_000 },
          recipients: 259,
          transfersOut: 10_000_000,
        }),
      ]);
      // Debits equal credits: the funds hold what the sources gave less what the purposes received.
      expect(book.trialBalance).toEqual({
        federationId: 'hoan-kiem',
        asOf: '9999-12-31',
        accounts: [
          { account: 'fund:housing', balance: 10_000_000 },
          { account: 'fund:social', balance: 58_500_000 },
          { account: 'purpose:emergency', balance: 8_500_000 },
          { account: 'purpose:tet-gifts', balance: 242_000_000 },
          // Given, then given back: the reversed duplicate leaves the account at zero.
          { account: 'source:individual', balance: 0 },
          { account: 'source:organisation', balance: -300_000_000 },
          { account: 'source:union', balance: -19_000_000 },
        ],
        totalDebit: 319_000_000,
        totalCredit: 319_000_000,
        total: 0,
      });
    });

    it('reconciles for a past date and over a period', async () => {
      const body = await verify({ asOf: '2023-06-30', from: '2023-04-01', to: '2023-06-30' });
      expect(body).toMatchObject({ reconciled: true, asOf: '2023-06-30', from: '2023-04-01', to: '2023-06-30' });
      const [book] = body.books;
      expect(book.totals.closingBalance).toBe(75_500_000);
      expect(book.period.funds).toEqual([
        expect.objectContaining({
          fundId: 'housing',
          openingBalance: 0,
          closingBalance: 15_000_000,
          transfersIn: 10_000_000,
        }),
        expect.objectContaining({
          fundId: 'social',
          openingBalance: 69_500_000,
          closingBalance: 60_500_000,
          transfersOut: 10_000_000,
        }),
      ]);
      expect(book.trialBalance.total).toBe(0);
    });

    it('reports a wrong balance planted in the read model’s table, to the đồng, with the events behind it', async () => {
      const db = t.app.get<Database.Database>(SQLITE_DATABASE);
      const namespace = await t.app.get<ReadStore>(READ_STORE).liveNamespace('funds');
      const plant = (amount: number) =>
        db
          .prepare(
            `UPDATE "rm_${namespace}" SET doc = json_set(doc, '$.balance', json_extract(doc, '$.balance') + ?)
              WHERE collection = 'funds' AND id = 'hoan-kiem:social' AND known_until IS NULL`,
          )
          .run(amount);
      expect(plant(1_000_000).changes).toBeGreaterThan(0);
      try {
        const body = await verify();
        expect(body.reconciled).toBe(false);
        expect(body.differences).toEqual([
          expect.objectContaining({
            federationId: 'hoan-kiem',
            fundId: 'social',
            scope: 'as-of',
            figure: 'balance',
            verified: 58_500_000,
            readModel: 59_500_000,
            difference: 1_000_000,
            eventsBehind: 7,
          }),
        ]);
        const behind = body.differences[0].events as { entryId: string; position: number; amount: number }[];
        expect(behind.map((e) => e.entryId)).toEqual(['c1', 'p1', 'c2', 'p2', 't1', 'x2', 'c4']);
        expect(behind.find((e) => e.entryId === 'x2')).toMatchObject({ position: positions.x2, amount: -2_000_000 });
        expect(behind.reduce((sum, e) => sum + e.amount, 0)).toBe(58_500_000);
      } finally {
        plant(-1_000_000);
      }
      expect((await verify()).reconciled).toBe(true);
    });

    it('answers 400 for malformed or inconsistent dates, and 404 for a federation without a fund book', async () => {
      for (const [query, message] of [
        [{ asOf: '2023-02-30' }, 'asOf must be a calendar date'],
        [{ from: '2023-07-01', to: '2023-06-30' }, 'after its last day'],
        [{ to: '2023-06-30' }, 'to needs from'],
        [{ federationId: 'Hoàn Kiếm' }, 'federationId must be'],
        [{ year: '2023' }, 'property year should not exist'],
      ] as const) {
        const res = await t.http().get('/verification/funds').query(query).expect(400);
        expect(JSON.stringify(res.body.message)).toContain(message);
      }
      const res = await t.http().get('/verification/funds').query({ federationId: 'nowhere' }).expect(404);
      expect(res.body.message).toContain("'nowhere'");
    });

    it('is open to finance inspectors and auditors, not to readers', async () => {
      const inspector = await t.apiKey({ roles: ['finance-inspector'] });
      const reader = await t.apiKey({ roles: ['reader'] });
      await t.as(inspector.authorization).get('/verification/funds').expect(200);
      await t.as(inspector.authorization).get('/verification/funds/hoan-kiem/entries/c2').expect(200);
      await t.as(reader.authorization).get('/verification/funds').expect(403);
      await t.anonymous().get('/verification/funds').expect(401);
    });

    it('is documented in the OpenAPI document, with the period routes', async () => {
      const { paths } = (await t.http().get('/docs/json').expect(200)).body;
      expect(Object.keys(paths)).toEqual(
        expect.arrayContaining([
          '/verification/funds',
          '/verification/funds/{federationId}/entries/{entryId}',
          '/federations/{federationId}/fund-periods/close',
          '/federations/{federationId}/fund-periods/reopen',
        ]),
      );
    });
  });

  describe('following a correction', () => {
    it('shows the original entry, each correction, who recorded it, when, why, and the amount after each', async () => {
      const { body } = await t.http().get('/verification/funds/hoan-kiem/entries/c2').expect(200);
      expect(body).toMatchObject({
        federationId: 'hoan-kiem',
        entryId: 'c2',
        requested: 'c2',
        kind: 'contribution',
        toFundId: 'social',
        category: 'union',
        original: {
          entryId: 'c2',
          kind: 'contribution',
          occurredOn: '2023-02-10',
          amount: 20_000_000,
          amountAfter: 20_000_000,
          recordedBy: t.adminActor,
          position: positions.c2,
        },
        corrections: [
          {
            entryId: 'x2',
            kind: 'adjustment',
            occurredOn: '2023-07-12',
            amount: -2_000_000,
            amountAfter: 18_000_000,
            reason: 'Sai số tiền trên chứng từ số 15/PT',
            recordedBy: t.adminActor,
            recordedAt: expect.any(String),
            position: positions.x2,
            knownBefore: positions.x2 - 1,
          },
        ],
        amountNow: 18_000_000,
        reversed: false,
      });
    });

    it('finds the trail from a correction’s id too, and shows a reversal bringing the amount to zero', async () => {
      const { body } = await t.http().get('/verification/funds/hoan-kiem/entries/x1').expect(200);
      expect(body).toMatchObject({
        entryId: 'c3',
        requested: 'x1',
        original: { amount: 5_000_000 },
        corrections: [
          {
            entryId: 'x1',
            kind: 'reversal',
            amount: -5_000_000,
            amountAfter: 0,
            reason: 'Ghi trùng chứng từ số 12/PT',
          },
        ],
        amountNow: 0,
        reversed: true,
      });
    });

    it('reads the figures as they stood before a correction with knownAt, and after it without', async () => {
      const { body } = await t.http().get('/verification/funds/hoan-kiem/entries/c2').expect(200);
      const fund = '/read/federations/hoan-kiem/funds/social';
      const before = (await t.http().get(fund).query({ knownAt: body.corrections[0].knownBefore }).expect(200)).body;
      const after = (await t.http().get(fund).query({ knownAt: body.corrections[0].position }).expect(200)).body;
      expect(before.inflowBySource.union).toBe(20_000_000);
      expect(after.inflowBySource.union).toBe(18_000_000);
      expect(before.balance - after.balance).toBe(2_000_000);
    });

    it('answers 404 for an unknown entry or fund book, 400 for a malformed id', async () => {
      await t.http().get('/verification/funds/hoan-kiem/entries/nope').expect(404);
      await t.http().get('/verification/funds/nowhere/entries/c2').expect(404);
      await t.http().get('/verification/funds/hoan-kiem/entries/Not_An_Id').expect(400);
    });
  });

  // Last: it leaves the read model holding an event the log does not have.
  it('reports an event applied to the read model only, down to the ledger line it added', async () => {
    await caughtUp();
    const readStore = t.app.get<ReadStore>(READ_STORE);
    const namespace = (await readStore.liveNamespace('funds'))!;
    const position = (await t.store.headPosition()) + 1;
    const ghost: StoredEvent = {
      id: 'ghost-event',
      streamId: 'fundbook-hoan-kiem',
      revision: 999,
      position,
      type: 'ContributionReceived',
      data: {
        occurredOn: '2023-08-01',
        federationId: 'hoan-kiem',
        entryId: 'ghost-1',
        fundId: 'social',
        amount: 7_000_000,
        source: { kind: 'organisation', id: null, name: 'Không có chứng từ' },
      },
      metadata: {
        occurredOn: '2023-08-01',
        recordedAt: '2026-06-30T03:00:00.000Z',
        actor: 'nobody',
        correlationId: 'ghost',
        causationId: null,
      },
    };
    await readStore.applyBatch(namespace, fundsProjection, [ghost]);
    // The log's event at that position is another one altogether.
    await record('ba-vi', '/federations', {
      id: 'ba-vi',
      name: 'LĐLĐ huyện Ba Vì',
      level: 'district',
      parentId: 'ha-noi',
      occurredOn: '1991-01-01',
    });
    expect(positions['ba-vi']).toBe(position);

    const body = await verify();
    expect(body.reconciled).toBe(false);
    expect(body.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fundId: 'social', scope: 'as-of', figure: 'balance', difference: 7_000_000 }),
        expect.objectContaining({
          fundId: 'social',
          scope: 'as-of',
          figure: 'inflowBySource.organisation',
          difference: 7_000_000,
        }),
        expect.objectContaining({ fundId: null, scope: 'federation-totals', figure: 'balance', difference: 7_000_000 }),
        expect.objectContaining({
          fundId: 'social',
          scope: 'ledger-line',
          figure: '2023-08-01:ghost-1',
          verified: null,
          readModel: 7_000_000,
          difference: 7_000_000,
          note: expect.stringContaining('no event of this fund holds'),
        }),
      ]),
    );
    // Before that date, the books still agree.
    expect((await verify({ asOf: '2023-07-31' })).reconciled).toBe(true);
  });
});
