import { MAX_AMOUNT_DONG } from '../../src/core/money';
import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BOOK = '/federations/hoan-kiem';

/** Amounts that are not whole đồng from 1 to the cap, and what the 400 answer says about each. */
const BAD_AMOUNTS: [unknown, string][] = [
  [1e300, 'must not be greater than 1000000000000'],
  [MAX_AMOUNT_DONG + 1, 'must not be greater than 1000000000000'],
  [1.5, 'must be a whole number of đồng'],
  ['100', 'must be a whole number of đồng'],
  [-5, 'must not be less than 1'],
  [0, 'must not be less than 1'],
  [null, 'must be a whole number of đồng'],
];

describe('funds over HTTP', () => {
  let t: TestApp;
  const created = (path: string, body: object) => t.http().post(path).send(body).expect(201);
  /** The events of Hoàn Kiếm's fund book, as auditors read them. */
  const history = async () => (await t.http().get('/history/funds/hoan-kiem').expect(200)).body.events;
  const lastEvent = async () => (await history()).at(-1);

  beforeAll(async () => {
    t = await createTestApp();
    await registerHanoi(t, ['hoan-kiem', 'ba-vi']);
    // The member a payment names is on record: an entry naming a member or union needs one that existed then.
    await created('/unions', {
      id: 'hk-cd-001',
      federationId: 'hoan-kiem',
      name: 'CĐCS Công ty Điện lực Hoàn Kiếm',
      sector: 'state-enterprise',
      occurredOn: '2000-01-01',
    });
    await created('/members', {
      id: 'hk-dv-000123',
      unionId: 'hk-cd-001',
      fullName: 'Trần Thị Hoa',
      gender: 'female',
      birthDate: '1980-05-01',
      occurredOn: '2005-01-01',
    });
    await created('/federations/ba-vi/funds', {
      id: 'ba-vi-social',
      kind: 'social',
      name: 'Quỹ xã hội Ba Vì',
      occurredOn: '2020-01-01',
    });
  });
  afterAll(() => t.close());

  /** Asserts a refusal of a POST: status, message, rule id, and that nothing was recorded. */
  const refused = (path: string, body: object, status: number, message: string, rule?: string) =>
    expectRefused(t, () => t.http().post(path).send(body), status, message, rule);

  it('documents every funds route in the OpenAPI document', async () => {
    const { paths, components } = (await t.http().get('/docs/json').expect(200)).body;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/federations/{federationId}/funds',
        '/federations/{federationId}/funds/{fundId}/contributions',
        '/federations/{federationId}/funds/{fundId}/payments',
        '/federations/{federationId}/fund-transfers',
        '/federations/{federationId}/fund-entries/{entryId}/corrections',
      ]),
    );
    expect(components.schemas.CorrectEntryDto.required).toEqual(expect.arrayContaining(['kind', 'reason']));
    expect(components.schemas.PaySupportDto.properties.amount.example).toBe(242_000_000);
  });

  describe('opening funds', () => {
    it('opens funds in the federation’s fund book, generating an id when none is given', async () => {
      const res = await t
        .http()
        .post(`${BOOK}/funds`)
        .set(
          'Authorization',
          t.jwt({ sub: 'ke-toan-hoan-kiem', roles: ['recorder'], federations: ['hoan-kiem'] }).authorization,
        )
        .send({ id: 'social', kind: 'social', name: 'Quỹ xã hội', occurredOn: '2020-01-01' })
        .expect(201);
      expect(res.body).toMatchObject({
        id: 'social',
        streamId: 'fundbook-hoan-kiem',
        revision: 0,
        events: [{ type: 'FundOpened' }],
        replayed: false,
      });
      expect(await lastEvent()).toMatchObject({
        type: 'FundOpened',
        data: {
          occurredOn: '2020-01-01',
          federationId: 'hoan-kiem',
          fundId: 'social',
          kind: 'social',
          name: 'Quỹ xã hội',
        },
        metadata: { actor: 'user:ke-toan-hoan-kiem' },
      });

      const generated = await created(`${BOOK}/funds`, {
        kind: 'sea-islands',
        name: 'Quỹ vì biển đảo',
        occurredOn: '2020-01-01',
      });
      expect(generated.body.id).toMatch(UUID);
      expect(generated.body.streamId).toBe('fundbook-hoan-kiem');

      await created(`${BOOK}/funds`, {
        id: 'gratitude',
        kind: 'gratitude',
        name: 'Quỹ đền ơn đáp nghĩa',
        occurredOn: '2020-01-01',
      });
      await created(`${BOOK}/funds`, {
        id: 'housing',
        kind: 'housing',
        name: 'Quỹ Mái ấm Công đoàn',
        occurredOn: '2023-01-01',
      });
    });

    it('answers 400 for an unknown kind, a missing name or an unknown field', async () => {
      const before = await t.logLength();
      const res = await t
        .http()
        .post(`${BOOK}/funds`)
        .send({ id: 'x', kind: 'pension', occurredOn: '2020-01-01', balance: 5 })
        .expect(400);
      const message = JSON.stringify(res.body.message);
      expect(message).toContain('kind must be one of the following values');
      expect(message).toContain('name must be');
      expect(message).toContain('property balance should not exist');
      expect(await t.logLength()).toBe(before);
      await refused(
        '/federations/Hoan_Kiem/funds',
        { kind: 'social', name: 'X', occurredOn: '2020-01-01' },
        400,
        "id 'Hoan_Kiem' must be",
      );
    });

    it('answers 404 for an unknown federation', async () => {
      await refused(
        '/federations/nowhere/funds',
        { kind: 'social', name: 'X', occurredOn: '2020-01-01' },
        404,
        "federation 'nowhere' does not exist",
      );
    });

    it('answers 409 for a fund id already opened, a federation not yet registered, or a future date', async () => {
      await refused(
        `${BOOK}/funds`,
        { id: 'social', kind: 'social', name: 'Again', occurredOn: '2021-01-01' },
        409,
        "fund 'social' was already opened",
        'fund.already-opened',
      );
      await refused(
        `${BOOK}/funds`,
        { id: 'old', kind: 'social', name: 'Old', occurredOn: '1980-01-01' },
        409,
        'was registered only on 1991-01-01',
        'federation.not-active',
      );
      await refused(
        `${BOOK}/funds`,
        { id: 'later', kind: 'social', name: 'Later', occurredOn: '2026-07-01' },
        409,
        'is after today',
        'date.in-future',
      );
    });
  });

  describe('contributions', () => {
    const contribution = {
      id: 'thu-2020-001',
      amount: 58_000_000,
      sourceKind: 'organisation',
      sourceName: 'Các CĐCS quận Hoàn Kiếm',
      occurredOn: '2020-06-01',
      reason: 'Phiếu thu số 12/PT',
    };

    it('records money received into a fund, with its source', async () => {
      const res = await created(`${BOOK}/funds/social/contributions`, contribution);
      expect(res.body).toMatchObject({
        id: 'thu-2020-001',
        streamId: 'fundbook-hoan-kiem',
        events: [{ type: 'ContributionReceived' }],
      });
      expect(await lastEvent()).toMatchObject({
        type: 'ContributionReceived',
        data: {
          occurredOn: '2020-06-01',
          federationId: 'hoan-kiem',
          entryId: 'thu-2020-001',
          fundId: 'social',
          amount: 58_000_000,
          source: { kind: 'organisation', id: null, name: 'Các CĐCS quận Hoàn Kiếm' },
        },
        metadata: { reason: 'Phiếu thu số 12/PT' },
      });

      const generated = await created(`${BOOK}/funds/gratitude/contributions`, {
        amount: 20_000_000,
        sourceKind: 'federation',
        sourceId: 'ha-noi',
        occurredOn: '2020-06-01',
      });
      expect(generated.body.id).toMatch(UUID);
      expect((await lastEvent()).data.source).toEqual({ kind: 'federation', id: 'ha-noi', name: null });
    });

    it.each(BAD_AMOUNTS)('answers 400 for an amount of %p', async (amount, message) => {
      await refused(
        `${BOOK}/funds/social/contributions`,
        { ...contribution, id: 'bad', amount },
        400,
        `amount ${message}`,
      );
    });

    it('answers 400 for an unknown source kind or a malformed source id', async () => {
      const before = await t.logLength();
      const res = await t
        .http()
        .post(`${BOOK}/funds/social/contributions`)
        .send({ ...contribution, id: 'bad', sourceKind: 'bank', sourceId: 'Not An Id' })
        .expect(400);
      const message = JSON.stringify(res.body.message);
      expect(message).toContain('sourceKind must be one of the following values');
      expect(message).toContain('sourceId must be');
      expect(await t.logLength()).toBe(before);
    });

    it('answers 404 for an unknown fund, or a fund of another federation', async () => {
      await refused(
        `${BOOK}/funds/nope/contributions`,
        { ...contribution, id: 'x' },
        404,
        "fund 'nope' does not exist",
      );
      await refused(
        `${BOOK}/funds/ba-vi-social/contributions`,
        { ...contribution, id: 'x' },
        404,
        "fund 'ba-vi-social' does not exist",
      );
    });

    it('answers 409 for a fund not yet open, or an entry id already used', async () => {
      await refused(
        `${BOOK}/funds/housing/contributions`,
        { ...contribution, id: 'x' },
        409,
        "fund 'housing' was opened only on 2023-01-01",
        'fund.not-yet-open',
      );
      await refused(
        `${BOOK}/funds/social/contributions`,
        contribution,
        409,
        "entry 'thu-2020-001' is already in this fund book",
        'fund.entry-id-taken',
      );
    });

    it('records a retry under the same Idempotency-Key once, with the same generated id', async () => {
      const send = () =>
        t
          .http()
          .post(`${BOOK}/funds/gratitude/contributions`)
          .set('Idempotency-Key', 'thu-2020-bien-dao')
          .send({ amount: 1_000_000, sourceKind: 'individual', sourceName: 'Nguyễn Văn An', occurredOn: '2020-06-02' })
          .expect(201);
      const first = await send();
      const before = await t.logLength();
      const retry = await send();
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(await t.logLength()).toBe(before);
    });
  });

  describe('payments', () => {
    const payment = {
      amount: 500_000,
      purpose: 'hardship',
      recipientKind: 'member',
      recipientId: 'hk-dv-000123',
      recipientName: 'Trần Thị Hoa',
      occurredOn: '2020-07-01',
    };

    it('pays one recipient from a fund', async () => {
      const res = await created(`${BOOK}/funds/social/payments`, { ...payment, id: 'chi-2020-001' });
      expect(res.body).toMatchObject({ id: 'chi-2020-001', events: [{ type: 'SupportPaid' }] });
      expect(await lastEvent()).toMatchObject({
        type: 'SupportPaid',
        data: {
          occurredOn: '2020-07-01',
          federationId: 'hoan-kiem',
          entryId: 'chi-2020-001',
          fundId: 'social',
          amount: 500_000,
          purpose: 'hardship',
          recipient: { kind: 'member', id: 'hk-dv-000123', name: 'Trần Thị Hoa' },
          recipients: 1,
          amountEach: null,
        },
      });
    });

    it('pays 242 gifts × 1,000,000 đ in one entry', async () => {
      await created(`${BOOK}/funds/social/contributions`, {
        id: 'thu-tet',
        amount: 300_000_000,
        sourceKind: 'organisation',
        occurredOn: '2021-01-05',
      });
      const res = await created(`${BOOK}/funds/social/payments`, {
        id: 'qua-tet-2021',
        amount: 242_000_000,
        purpose: 'tet-gifts',
        recipientKind: 'workers',
        recipientName: 'Đoàn viên, người lao động có hoàn cảnh khó khăn',
        recipients: 242,
        amountEach: 1_000_000,
        occurredOn: '2021-02-01',
      });
      expect(res.body.id).toBe('qua-tet-2021');
      expect((await lastEvent()).data).toMatchObject({
        amount: 242_000_000,
        purpose: 'tet-gifts',
        recipient: { kind: 'workers', id: null },
        recipients: 242,
        amountEach: 1_000_000,
      });
    });

    it.each(BAD_AMOUNTS)('answers 400 for an amount of %p', async (amount, message) => {
      await refused(`${BOOK}/funds/social/payments`, { ...payment, id: 'bad', amount }, 400, `amount ${message}`);
    });

    // null means absent for an optional field.
    it.each(BAD_AMOUNTS.filter(([value]) => value !== null))(
      'answers 400 for an amount each of %p',
      async (amountEach, message) => {
        await refused(
          `${BOOK}/funds/social/payments`,
          { ...payment, id: 'bad', recipients: 2, amountEach },
          400,
          `amountEach ${message}`,
        );
      },
    );

    it('answers 400 for an unknown purpose, recipient kind or recipient count', async () => {
      const before = await t.logLength();
      const res = await t
        .http()
        .post(`${BOOK}/funds/social/payments`)
        .send({ ...payment, purpose: 'party', recipientKind: 'stranger', recipients: 0 })
        .expect(400);
      const message = JSON.stringify(res.body.message);
      expect(message).toContain('purpose must be one of the following values');
      expect(message).toContain('recipientKind must be one of the following values');
      expect(message).toContain('recipients must not be less than 1');
      expect(await t.logLength()).toBe(before);
    });

    it('answers 404 for an unknown fund', async () => {
      await refused(`${BOOK}/funds/nope/payments`, payment, 404, "fund 'nope' does not exist");
    });

    it('answers 409 when recipients × amountEach is not the amount, or several recipients lack amountEach', async () => {
      await refused(
        `${BOOK}/funds/social/payments`,
        { ...payment, amount: 8_500_001, recipients: 17, amountEach: 500_000 },
        409,
        '17 recipients × 500,000 đ is 8,500,000 đ, not the amount 8,500,001 đ',
        'fund.recipients-times-amount-each',
      );
      await refused(
        `${BOOK}/funds/social/payments`,
        { ...payment, amount: 8_500_000, recipients: 17 },
        409,
        'needs amountEach',
        'fund.amount-each-required',
      );
    });

    it('answers 409 for a payment the fund cannot cover on its date, even when the money came later', async () => {
      // The sea-islands fund got nothing yet; the gratitude fund got 20M on 2020-06-01 and 1M on 2020-06-02.
      await refused(
        `${BOOK}/funds/gratitude/payments`,
        { ...payment, amount: 21_000_001, occurredOn: '2020-07-01' },
        409,
        'would leave fund',
        'fund.overdrawn',
      );
      await refused(
        `${BOOK}/funds/gratitude/payments`,
        { ...payment, amount: 21_000_000, occurredOn: '2020-06-01' },
        409,
        "would leave fund 'gratitude' (Quỹ đền ơn đáp nghĩa) at -1,000,000 đ on 2020-06-01",
        'fund.overdrawn',
      );
      await created(`${BOOK}/funds/gratitude/payments`, {
        ...payment,
        id: 'chi-tri-an',
        amount: 21_000_000,
        occurredOn: '2020-06-02',
      });
    });
  });

  describe('transfers between funds', () => {
    const move = {
      id: 'chuyen-2023-001',
      fromFundId: 'social',
      toFundId: 'housing',
      amount: 50_000_000,
      occurredOn: '2023-03-01',
    };

    it('moves money between two funds of the book in one event', async () => {
      const before = await t.logLength();
      const res = await created(`${BOOK}/fund-transfers`, move);
      expect(res.body).toMatchObject({
        id: 'chuyen-2023-001',
        streamId: 'fundbook-hoan-kiem',
        events: [{ type: 'FundTransferred' }],
      });
      expect(await t.logLength()).toBe(before + 1);
      expect(await lastEvent()).toMatchObject({
        type: 'FundTransferred',
        data: {
          occurredOn: '2023-03-01',
          federationId: 'hoan-kiem',
          entryId: 'chuyen-2023-001',
          fromFundId: 'social',
          toFundId: 'housing',
          amount: 50_000_000,
        },
      });
    });

    it.each(BAD_AMOUNTS)('answers 400 for an amount of %p', async (amount, message) => {
      await refused(`${BOOK}/fund-transfers`, { ...move, id: 'bad', amount }, 400, `amount ${message}`);
    });

    it('answers 400 for a missing or malformed fund id', async () => {
      const { fromFundId: _from, ...noSource } = move;
      await refused(`${BOOK}/fund-transfers`, { ...noSource, id: 'bad' }, 400, 'fromFundId must be');
      await refused(`${BOOK}/fund-transfers`, { ...move, id: 'bad', toFundId: 'Housing!' }, 400, 'toFundId must be');
    });

    it('answers 404 for a fund outside this book', async () => {
      await refused(
        `${BOOK}/fund-transfers`,
        { ...move, id: 'x', toFundId: 'ba-vi-social' },
        404,
        "fund 'ba-vi-social' does not exist",
      );
      await refused(
        '/federations/nowhere/fund-transfers',
        { ...move, id: 'x' },
        404,
        "federation 'nowhere' does not exist",
      );
    });

    it('answers 409 for the same fund twice, a fund not yet open, or more than the source holds', async () => {
      await refused(
        `${BOOK}/fund-transfers`,
        { ...move, id: 'x', toFundId: 'social' },
        409,
        'two different funds',
        'fund.transfer-same-fund',
      );
      await refused(
        `${BOOK}/fund-transfers`,
        { ...move, id: 'x', occurredOn: '2022-12-31' },
        409,
        "fund 'housing' was opened only on 2023-01-01",
        'fund.not-yet-open',
      );
      // Social holds 58M − 0.5M + 300M − 242M − 50M = 65.5M.
      await refused(
        `${BOOK}/fund-transfers`,
        { ...move, id: 'x', amount: 65_500_001 },
        409,
        'at -1 đ on 2023-03-01',
        'fund.overdrawn',
      );
    });
  });

  describe('corrections', () => {
    const path = (entryId: string) => `${BOOK}/fund-entries/${entryId}/corrections`;

    it('adjusts an entry’s amount with a signed delta, keeping the reason in the event and its metadata', async () => {
      const res = await created(path('chi-2020-001'), {
        id: 'dc-2020-001',
        kind: 'adjustment',
        amountDelta: -100_000,
        occurredOn: '2020-07-15',
        reason: 'Ghi nhầm số tiền, phiếu chi 15/PC',
      });
      expect(res.body).toMatchObject({ id: 'dc-2020-001', events: [{ type: 'EntryCorrected' }] });
      expect(await lastEvent()).toMatchObject({
        type: 'EntryCorrected',
        data: {
          occurredOn: '2020-07-15',
          federationId: 'hoan-kiem',
          entryId: 'dc-2020-001',
          correctsEntryId: 'chi-2020-001',
          kind: 'adjustment',
          fundId: 'social',
          amountDelta: -100_000,
          reason: 'Ghi nhầm số tiền, phiếu chi 15/PC',
        },
        metadata: { reason: 'Ghi nhầm số tiền, phiếu chi 15/PC' },
      });
    });

    it('reverses an entry: the delta is minus what remained of it', async () => {
      const res = await created(path('chi-2020-001'), {
        kind: 'reversal',
        occurredOn: '2020-08-01',
        reason: 'Chi trùng',
      });
      expect(res.body.id).toMatch(UUID);
      expect((await lastEvent()).data).toMatchObject({
        entryId: res.body.id,
        kind: 'reversal',
        amountDelta: -400_000,
        fundId: 'social',
      });
    });

    it('answers 400 without a reason, or an adjustment without a whole non-zero delta', async () => {
      await refused(path('qua-tet-2021'), { kind: 'reversal', occurredOn: '2021-03-01' }, 400, 'reason is required');
      await refused(
        path('qua-tet-2021'),
        { kind: 'reversal', occurredOn: '2021-03-01', reason: '' },
        400,
        'reason is required',
      );
      await refused(
        path('thu-tet'),
        { kind: 'adjustment', occurredOn: '2021-03-01', reason: 'x' },
        400,
        'amountDelta must be a whole number',
      );
      await refused(
        path('thu-tet'),
        { kind: 'adjustment', amountDelta: 0, occurredOn: '2021-03-01', reason: 'x' },
        400,
        'amountDelta must not be 0',
      );
      await refused(
        path('thu-tet'),
        { kind: 'adjustment', amountDelta: 1.5, occurredOn: '2021-03-01', reason: 'x' },
        400,
        'amountDelta must be a whole number',
      );
      await refused(
        path('thu-tet'),
        { kind: 'adjustment', amountDelta: -1e300, occurredOn: '2021-03-01', reason: 'x' },
        400,
        'amountDelta must not be less than',
      );
      await refused(
        path('thu-tet'),
        { kind: 'undo', occurredOn: '2021-03-01', reason: 'x' },
        400,
        'kind must be one of the following values',
      );
      await refused(
        path('Bad Id'),
        { kind: 'reversal', occurredOn: '2021-03-01', reason: 'x' },
        400,
        "id 'Bad Id' must be",
      );
    });

    it('answers 404 for an unknown entry', async () => {
      await refused(
        path('nope'),
        { kind: 'reversal', occurredOn: '2021-03-01', reason: 'x' },
        404,
        "fund entry 'nope' does not exist",
      );
    });

    it('answers 409 for an entry already reversed, a date before the entry, or a delta on a reversal', async () => {
      await refused(
        path('chi-2020-001'),
        { kind: 'reversal', occurredOn: '2021-03-01', reason: 'x' },
        409,
        'already been reversed',
        'fund.entry-reversed',
      );
      await refused(
        path('qua-tet-2021'),
        { kind: 'reversal', occurredOn: '2021-01-31', reason: 'x' },
        409,
        'occurredOn 2021-01-31 is before',
        'date.before-existence',
      );
      await refused(
        path('qua-tet-2021'),
        { kind: 'reversal', amountDelta: -1, occurredOn: '2021-03-01', reason: 'x' },
        409,
        'takes no amountDelta',
        'fund.reversal-takes-no-delta',
      );
      await refused(
        path('qua-tet-2021'),
        { kind: 'adjustment', amountDelta: -1_000_000, occurredOn: '2021-03-01', reason: 'x' },
        409,
        'reverse it and record the payment again',
        'fund.adjustment-of-itemised-payment',
      );
    });

    it('answers 409 for an adjustment to zero, and for reversing money already spent', async () => {
      await refused(
        path('thu-tet'),
        { kind: 'adjustment', amountDelta: -300_000_000, occurredOn: '2021-03-01', reason: 'x' },
        409,
        'to cancel an entry, reverse it',
        'fund.adjustment-to-zero',
      );
      // 242M of the 300M received at Tết 2021 was paid out as gifts.
      await refused(
        path('thu-tet'),
        { kind: 'reversal', occurredOn: '2021-03-01', reason: 'x' },
        409,
        "would leave fund 'social'",
        'fund.overdrawn',
      );
    });

    it('leaves a book whose events reconcile to the đồng', async () => {
      const events = await history();
      const balances = new Map<string, number>();
      const add = (fundId: string, amount: number) => balances.set(fundId, (balances.get(fundId) ?? 0) + amount);
      const sides = new Map<string, { from: string | null; to: string | null }>();
      for (const { type, data } of events) {
        if (type === 'ContributionReceived') sides.set(data.entryId, { from: null, to: data.fundId });
        if (type === 'SupportPaid') sides.set(data.entryId, { from: data.fundId, to: null });
        if (type === 'FundTransferred') sides.set(data.entryId, { from: data.fromFundId, to: data.toFundId });
        const delta = type === 'EntryCorrected' ? data.amountDelta : data.amount;
        const side = sides.get(type === 'EntryCorrected' ? data.correctsEntryId : data.entryId);
        if (!side) continue;
        if (side.from) add(side.from, -delta);
        if (side.to) add(side.to, delta);
      }
      expect(Object.fromEntries(balances)).toEqual({
        social: 58_000_000 + 300_000_000 - 242_000_000 - 50_000_000,
        gratitude: 0,
        housing: 50_000_000,
      });
    });
  });
});
