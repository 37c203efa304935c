import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Rules that span several entities, over HTTP: each refused with its rule id and nothing recorded, each
 * accepted when it holds, and each raced — the two commands sent together, 50 times — with never both
 * accepted when only one may be.
 */
describe('rules across entities', () => {
  let t: TestApp;
  const post = (path: string, body: object) => t.http().post(path).send(body);
  const put = (path: string, body: object) => t.http().put(path).send(body);
  const union = (id: string, federationId = 'ba-vi', occurredOn = '2010-01-01') =>
    post('/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn }).expect(201);
  const joinBody = (id: string, unionId: string, occurredOn: string) => ({
    id,
    unionId,
    fullName: `Đoàn viên ${id}`,
    gender: 'male',
    birthDate: '1990-01-01',
    occurredOn,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await registerHanoi(t, ['ba-vi', 'phuc-tho', 'son-tay', 'quoc-oai']);
  });
  afterAll(() => t.close());

  it('refuses a dissolution dated before a transfer already recorded for a later date', async () => {
    await union('transferred');
    await post('/unions/transferred/transfer', { toFederationId: 'son-tay', occurredOn: '2023-03-01' }).expect(200);
    await expectRefused(
      t,
      () => post('/unions/transferred/dissolve', { occurredOn: '2022-06-01' }),
      409,
      'it was transferred on 2023-03-01',
      'history.later-fact',
    );
    await post('/unions/transferred/dissolve', { occurredOn: '2023-06-01' }).expect(200);
  });

  it('refuses a dissolution dated on or before a member’s recorded arrival', async () => {
    await union('joined-late');
    await post('/members', joinBody('late-1', 'joined-late', '2020-05-01')).expect(201);
    await expectRefused(
      t,
      () => post('/unions/joined-late/dissolve', { occurredOn: '2019-12-31' }),
      409,
      "member 'late-1' arrived in it on 2020-05-01",
      'history.later-fact',
    );
    // A member transferred in counts as an arrival too.
    await union('other');
    await post('/members', joinBody('late-2', 'other', '2015-01-01')).expect(201);
    await post('/members/late-2/transfer', { toUnionId: 'joined-late', occurredOn: '2021-02-01' }).expect(200);
    await expectRefused(
      t,
      () => post('/unions/joined-late/dissolve', { occurredOn: '2021-01-01' }),
      409,
      "member 'late-2' arrived in it on 2021-02-01",
      'history.later-fact',
    );
    await post('/unions/joined-late/dissolve', { occurredOn: '2021-03-01' }).expect(200);
  });

  it('refuses a departure dated before the member’s later transfer', async () => {
    await union('leaving-from');
    await union('leaving-to');
    await post('/members', joinBody('leaver', 'leaving-from', '2015-01-01')).expect(201);
    await post('/members/leaver/transfer', { toUnionId: 'leaving-to', occurredOn: '2020-01-01' }).expect(200);
    await expectRefused(
      t,
      () => post('/members/leaver/leave', { occurredOn: '2019-06-01' }),
      409,
      'before',
      'date.before-existence',
    );
  });

  it('puts a federation in at most one cluster a year', async () => {
    const form = (federationIds: string[], year = 2024) => ({
      name: 'Cụm thi đua',
      federationIds,
      occurredOn: `${year}-01-10`,
    });
    await put('/clusters/cum-a/years/2024', form(['ba-vi', 'phuc-tho'])).expect(200);
    await expectRefused(
      t,
      () => put('/clusters/cum-b/years/2024', form(['son-tay', 'ba-vi'])),
      409,
      "federation 'ba-vi' already competes in cluster 'cum-a' for 2024",
      'cluster.federation-in-another-cluster',
    );
    await put('/clusters/cum-b/years/2025', form(['son-tay', 'ba-vi'], 2025)).expect(200);
  });

  it('refuses a fund entry naming a union that did not exist on its date, or a member who was not one', async () => {
    await post('/federations/ba-vi/funds', {
      id: 'bv-social',
      kind: 'social',
      name: 'Quỹ xã hội',
      occurredOn: '2010-01-01',
    }).expect(201);
    await post('/federations/ba-vi/funds/bv-social/contributions', {
      amount: 50_000_000,
      sourceKind: 'organisation',
      occurredOn: '2010-02-01',
    }).expect(201);
    const pay = (recipientKind: string, recipientId: string, occurredOn: string) =>
      post('/federations/ba-vi/funds/bv-social/payments', {
        amount: 1_000_000,
        purpose: 'hardship',
        recipientKind,
        recipientId,
        occurredOn,
      });
    await expectRefused(t, () => pay('union', 'nowhere', '2022-01-01'), 404, "union 'nowhere' does not exist");
    await expectRefused(t, () => pay('union', 'transferred', '2024-01-01'), 409, 'dissolved', 'union.dissolved');
    await expectRefused(
      t,
      () => pay('member', 'late-1', '2019-01-01'),
      409,
      'not yet a member',
      'member.not-a-member-on-date',
    );
    await pay('member', 'late-1', '2020-06-01').expect(201);
  });

  it('answers 409 to an Idempotency-Key reused for a command about another entity', async () => {
    await post('/unions', {
      id: 'idem-1',
      federationId: 'ba-vi',
      name: 'CĐCS idem',
      sector: 'public-service',
      occurredOn: '2010-01-01',
    })
      .set('Idempotency-Key', 'key-reused-elsewhere')
      .expect(201);
    await expectRefused(
      t,
      () =>
        post('/unions', {
          id: 'idem-2',
          federationId: 'ba-vi',
          name: 'CĐCS idem',
          sector: 'public-service',
          occurredOn: '2010-01-01',
        }).set('Idempotency-Key', 'key-reused-elsewhere'),
      409,
      'Idempotency-Key',
      'idempotency.key-reused',
    );
  });

  describe('raced: the two commands sent together, 50 times', () => {
    const RUNS = 50;

    it('never accepts both a join and a dissolution dated on or before it', async () => {
      for (let run = 0; run < RUNS; run++) await union(`race-${run}`);
      const outcomes = await Promise.all(
        Array.from({ length: RUNS }, async (_, run) => {
          const [join, dissolve] = await Promise.all([
            post('/members', joinBody(`racer-${run}`, `race-${run}`, '2024-06-01')),
            post(`/unions/race-${run}/dissolve`, { occurredOn: '2024-01-01' }),
          ]);
          return { join: join.status, dissolve: dissolve.status, rules: [join.body.rule, dissolve.body.rule] };
        }),
      );
      for (const outcome of outcomes) {
        const accepted = (outcome.join === 201 ? 1 : 0) + (outcome.dissolve === 200 ? 1 : 0);
        expect({ ...outcome, accepted }).toMatchObject({ accepted: 1 });
        expect(outcome.rules.filter(Boolean)).toEqual([
          expect.stringMatching(/^(union\.dissolved|history\.later-fact)$/),
        ]);
      }
    });

    it('never seats a federation in two clusters for the same year', async () => {
      const register = (id: string) =>
        post('/federations', {
          id,
          name: `LĐLĐ ${id}`,
          level: 'district',
          parentId: 'ha-noi',
          occurredOn: '1991-01-01',
        }).expect(201);
      for (let run = 0; run < RUNS; run++) {
        for (const id of [`seat-${run}`, `partner-a-${run}`, `partner-b-${run}`]) await register(id);
      }
      const outcomes = await Promise.all(
        Array.from({ length: RUNS }, async (_, run) => {
          const [first, second] = await Promise.all([
            put(`/clusters/c-${run}-a/years/2026`, {
              name: 'Cụm A',
              federationIds: [`seat-${run}`, `partner-a-${run}`],
              occurredOn: '2026-01-10',
            }),
            put(`/clusters/c-${run}-b/years/2026`, {
              name: 'Cụm B',
              federationIds: [`seat-${run}`, `partner-b-${run}`],
              occurredOn: '2026-01-10',
            }),
          ]);
          return { statuses: [first.status, second.status].sort(), rule: first.body.rule ?? second.body.rule };
        }),
      );
      for (const outcome of outcomes) {
        expect(outcome).toEqual({ statuses: [200, 409], rule: 'cluster.federation-in-another-cluster' });
      }
    });
  });
});
