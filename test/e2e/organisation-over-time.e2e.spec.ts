import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The organisation over time, end to end over HTTP: a city with three districts, a union transferred between
 * two of them, then the 2025 reorganisation — one district split between two new communes and dissolved,
 * another merged whole into one of them. Every level is read before and after 1 July 2025, as known now and
 * as known before the reorganisation was recorded.
 */
describe('the organisation over time', () => {
  let t: TestApp;
  let beforeReorganisation: number;

  const ok = (path: string, body: object, status = 201) => t.http().post(path).send(body).expect(status);
  const membership = async (id: string, query: Record<string, string | number> = {}) =>
    (
      await t
        .http()
        .get(`/read/federations/${id}/membership`)
        .query({ consistentWith: await t.store.headPosition(), ...query })
        .expect(200)
    ).body;
  const union = (id: string, federationId: string, occurredOn = '2010-01-01') =>
    ok('/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn });
  const join = (id: string, unionId: string, occurredOn: string) =>
    ok('/members', { id, unionId, fullName: `Đoàn viên ${id}`, gender: 'female', birthDate: '1990-01-01', occurredOn });

  const REORGANISATION = {
    id: 'ha-noi-2025',
    occurredOn: '2025-07-01',
    reason: 'Sắp xếp tổ chức bộ máy: kết thúc hoạt động công đoàn cấp huyện',
    register: [
      { id: 'xa-ba-vi', name: 'Công đoàn xã Ba Vì', level: 'commune', parentId: 'ha-noi' },
      { id: 'xa-tan-linh', name: 'Công đoàn xã Tản Lĩnh', level: 'commune', parentId: 'ha-noi' },
    ],
    moves: [
      { unionId: 'bv-1', toFederationId: 'xa-ba-vi' },
      { unionId: 'bv-2', toFederationId: 'xa-tan-linh' },
      { unionId: 'moved', toFederationId: 'xa-tan-linh' },
    ],
    merges: [{ federationId: 'phuc-tho', intoFederationId: 'xa-ba-vi' }],
    dissolutions: ['ba-vi'],
  };

  beforeAll(async () => {
    t = await createTestApp();
    await registerHanoi(t, ['ba-vi', 'phuc-tho', 'son-tay']);
    await union('bv-1', 'ba-vi');
    await union('bv-2', 'ba-vi');
    await union('moved', 'son-tay');
    await union('pt-1', 'phuc-tho');
    await union('pt-2', 'phuc-tho');
    await union('st-1', 'son-tay');
    await join('m1', 'bv-1', '2015-01-01');
    await join('m2', 'bv-1', '2016-01-01');
    await join('m3', 'bv-2', '2016-01-01');
    await join('m4', 'moved', '2017-01-01');
    await join('m5', 'moved', '2017-02-01');
    await join('m6', 'pt-1', '2018-01-01');
    await join('m7', 'pt-2', '2018-01-01');
    await join('m8', 'st-1', '2018-01-01');
    // The union moves from Sơn Tây to Ba Vì in 2023.
    await ok('/unions/moved/transfer', { toFederationId: 'ba-vi', occurredOn: '2023-03-01' }, 200);
    // Phúc Thọ's social fund: 10,000,000 đ raised, 3,000,000 đ paid; the 7,000,000 đ left go with the merge.
    await ok('/federations/phuc-tho/funds', {
      id: 'pt-xa-hoi',
      kind: 'social',
      name: 'Quỹ Xã hội Phúc Thọ',
      occurredOn: '2020-01-02',
    });
    await ok('/federations/phuc-tho/funds/pt-xa-hoi/contributions', {
      id: 'pt-thu-1',
      amount: 10_000_000,
      sourceKind: 'individual',
      sourceName: 'Nhà hảo tâm',
      occurredOn: '2024-01-10',
    });
    await ok('/federations/phuc-tho/funds/pt-xa-hoi/payments', {
      id: 'pt-chi-1',
      amount: 3_000_000,
      purpose: 'hardship',
      recipientKind: 'member',
      recipientId: 'm6',
      occurredOn: '2024-02-10',
    });
    beforeReorganisation = await t.store.headPosition();
  });
  afterAll(() => t.close());

  it('rolls the city up over its districts on 31/12/2023, with each district beside the total', async () => {
    const city = await membership('ha-noi', { asOf: '2023-12-31' });
    expect(city).toMatchObject({ members: 8, unions: { active: 6, dissolved: 0 }, direct: { members: 0 } });
    expect(city.children.map((c: { federationId: string; members: number }) => [c.federationId, c.members])).toEqual([
      ['ba-vi', 5],
      ['phuc-tho', 2],
      ['son-tay', 1],
    ]);
    // Before the transfer, the union and its two members were Sơn Tây's; the city's total is the same.
    const early = await membership('ha-noi', { asOf: '2022-12-31' });
    expect(early.members).toBe(8);
    expect((await membership('son-tay', { asOf: '2022-12-31' })).members).toBe(3);
    expect((await membership('ba-vi', { asOf: '2022-12-31' })).members).toBe(3);
  });

  it('answers a dry run with the figures before and after, recording nothing', async () => {
    const before = await t.logLength();
    const res = await t.http().post('/reorganisations/dry-run').send(REORGANISATION).expect(200);
    expect(await t.logLength()).toBe(before);
    const figures = Object.fromEntries(
      res.body.figures.map((f: { federationId: string; before: unknown; after: unknown }) => [f.federationId, f]),
    );
    expect(figures['ha-noi']).toEqual({
      federationId: 'ha-noi',
      before: { members: 8, unions: { active: 6, dissolved: 0 } },
      after: { members: 8, unions: { active: 6, dissolved: 0 } },
    });
    expect(figures['ba-vi'].after).toEqual({ members: 0, unions: { active: 0, dissolved: 0 } });
    expect(figures['phuc-tho'].after.members).toBe(0);
    expect(figures['xa-ba-vi']).toMatchObject({ before: null, after: { members: 4, unions: { active: 3 } } });
    expect(figures['xa-tan-linh']).toMatchObject({ before: null, after: { members: 3, unions: { active: 2 } } });
    expect(res.body.changes[0]).toMatchObject({ streamId: 'reorganisation-ha-noi-2025' });
    expect(res.body.changes.map((c: { streamId: string }) => c.streamId)).toEqual(
      expect.arrayContaining([
        'federation-xa-ba-vi',
        'union-pt-1',
        'union-pt-2',
        'federation-phuc-tho',
        'federation-ba-vi',
      ]),
    );
  });

  it('refuses a reorganisation that would leave a dissolved federation with unions, recording nothing', async () => {
    await expectRefused(
      t,
      () =>
        t
          .http()
          .post('/reorganisations')
          .send({ ...REORGANISATION, moves: REORGANISATION.moves.slice(1) }),
      409,
      "federation 'ba-vi' still has 1 union(s)",
      'federation.has-unions',
    );
  });

  describe('after the reorganisation of 1 July 2025', () => {
    beforeAll(async () => {
      const res = await ok('/reorganisations', REORGANISATION);
      expect(res.body).toMatchObject({ id: 'ha-noi-2025', streamId: 'reorganisation-ha-noi-2025', replayed: false });
    });

    it('keeps the city total across 1 July 2025', async () => {
      const june = await membership('ha-noi', { asOf: '2025-06-30' });
      const july = await membership('ha-noi', { asOf: '2025-07-01' });
      expect(june).toMatchObject({ members: 8, unions: { active: 6 } });
      expect(july).toMatchObject({ members: 8, unions: { active: 6 } });
      expect(july.children.map((c: { federationId: string; members: number }) => [c.federationId, c.members])).toEqual([
        ['son-tay', 1],
        ['xa-ba-vi', 4],
        ['xa-tan-linh', 3],
      ]);
    });

    it('ends the districts on the date: their history before it stays, the communes count from it', async () => {
      expect(await membership('ba-vi', { asOf: '2025-12-31' })).toMatchObject({ members: 0, status: 'dissolved' });
      expect(await membership('phuc-tho', { asOf: '2025-12-31' })).toMatchObject({ members: 0, status: 'merged' });
      expect(await membership('ba-vi', { asOf: '2023-12-31' })).toMatchObject({ members: 5, status: 'active' });
      expect(await membership('xa-ba-vi', { asOf: '2026-01-01' })).toMatchObject({ members: 4, unions: { active: 3 } });
      expect(
        (await t.http().get('/read/unions/pt-1/membership').query({ asOf: '2026-01-01' }).expect(200)).body,
      ).toMatchObject({ federationId: 'xa-ba-vi', federationSince: '2025-07-01', members: 1 });
    });

    it('answers 2023 on the 2023 structure, and 2026 on the old one as known before the reorganisation', async () => {
      const old = await membership('ha-noi', { asOf: '2023-12-31' });
      expect(old.children.map((c: { federationId: string }) => c.federationId)).toEqual([
        'ba-vi',
        'phuc-tho',
        'son-tay',
      ]);
      const knownBefore = await membership('ha-noi', { asOf: '2026-01-01', knownAt: beforeReorganisation });
      expect(knownBefore.children.map((c: { federationId: string }) => c.federationId)).toEqual([
        'ba-vi',
        'phuc-tho',
        'son-tay',
      ]);
      expect(knownBefore.members).toBe(8);
    });

    it('counts a period across the date once, under the federation the union ended it in', async () => {
      const year = (
        await t
          .http()
          .get('/read/federations/ha-noi/movements')
          .query({ from: '2016-01-01', to: '2025-12-31' })
          .expect(200)
      ).body;
      // Every join from 2016 on (m2 … m8), each once, though four of their unions changed federation.
      expect(year.joined).toBe(7);
    });

    it('records each change in its entity’s history, and a replay records nothing new', async () => {
      const history = (await t.http().get('/history/unions/pt-1').expect(200)).body.events;
      expect(history.at(-1)).toMatchObject({
        type: 'UnionTransferred',
        data: { fromFederationId: 'phuc-tho', toFederationId: 'xa-ba-vi', occurredOn: '2025-07-01' },
      });
      await expectRefused(
        t,
        () => t.http().post('/reorganisations').send(REORGANISATION),
        409,
        'already recorded',
        'reorganisation.already-recorded',
      );
    });

    it('hands the merged federation’s fund balances over on the date, and the books still reconcile to the đồng', async () => {
      const funds = async (id: string, asOf: string) =>
        (
          await t
            .http()
            .get(`/read/federations/${id}/funds`)
            .query({ consistentWith: await t.store.headPosition(), asOf })
            .expect(200)
        ).body;
      expect((await funds('phuc-tho', '2025-06-30')).totals).toMatchObject({ balance: 7_000_000 });
      expect((await funds('phuc-tho', '2025-07-01')).totals).toMatchObject({
        balance: 0,
        outflowByPurpose: { hardship: 3_000_000, handover: 7_000_000 },
      });
      const commune = await funds('xa-ba-vi', '2025-07-01');
      expect(commune.funds).toEqual([
        expect.objectContaining({ fundId: 'pt-xa-hoi', kind: 'social', openedOn: '2025-07-01', balance: 7_000_000 }),
      ]);
      expect(commune.totals).toMatchObject({ balance: 7_000_000, inflowBySource: { handover: 7_000_000 } });
      // The city's balance does not move across the date.
      expect((await funds('ha-noi', '2025-06-30')).totals.balance).toBe(7_000_000);
      expect((await funds('ha-noi', '2025-07-01')).totals.balance).toBe(7_000_000);
      const verification = (await t.http().get('/verification/funds').expect(200)).body;
      expect(verification).toMatchObject({ reconciled: true, sound: true, differences: [], findings: [] });
      // The merged book takes nothing more, not even back-dated: it was handed over.
      await expectRefused(
        t,
        () =>
          t.http().post('/federations/phuc-tho/funds/pt-xa-hoi/payments').send({
            amount: 1_000_000,
            purpose: 'hardship',
            recipientKind: 'family',
            recipientName: 'Gia đình đoàn viên',
            occurredOn: '2025-03-01',
          }),
        409,
        'handed over on 2025-07-01',
        'history.later-fact',
      );
    });

    it('refuses a member joining a union under a federation that ended', async () => {
      await expectRefused(
        t,
        () =>
          t.http().post('/unions').send({
            id: 'late',
            federationId: 'ba-vi',
            name: 'CĐCS muộn',
            sector: 'public-service',
            occurredOn: '2025-08-01',
          }),
        409,
        "federation 'ba-vi'",
        'federation.not-active',
      );
    });
  });
});
