import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const CLUSTER_4 = ['phuc-tho', 'ba-vi', 'thach-that', 'dan-phuong', 'hoai-duc', 'quoc-oai'];

describe('emulation clusters over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await registerHanoi(t, [...CLUSTER_4, 'son-tay'], { name: (id) => `LĐLĐ ${id}` });
  });
  afterAll(() => t.close());

  /** Asserts a refusal: status, message, rule id, and that nothing was recorded. */
  const refused = (
    method: 'put' | 'post',
    path: string,
    body: object,
    status: number,
    message: string,
    rule?: string,
  ) => expectRefused(t, () => t.http()[method](path).send(body), status, message, rule);

  const form = { name: 'Cụm thi đua số 4', federationIds: CLUSTER_4, occurredOn: '2023-01-10' };
  const rule = {
    weights: { memberDevelopmentRate: 30, unionFoundingRate: 20, conferenceCoverage: 20, awards: 15, initiatives: 15 },
    tieBreak: ['memberDevelopmentRate', 'unionFoundingRate'],
    occurredOn: '2023-02-01',
  };

  describe('the cluster no. 4 year, as the seeds tell it', () => {
    it('forms cluster no. 4 for 2023', async () => {
      const res = await t
        .http()
        .put('/clusters/cum-4/years/2023')
        .set(
          'Authorization',
          t.jwt({ sub: 'clerk-ha-noi', roles: ['recorder'], federations: ['ha-noi'] }).authorization,
        )
        .send(form)
        .expect(200);
      expect(res.body).toMatchObject({
        id: 'cum-4',
        streamId: 'cluster-cum-4',
        revision: 0,
        events: [{ type: 'ClusterFormed' }],
      });
      const history = await t.http().get('/history/clusters/cum-4').expect(200);
      expect(history.body.events[0]).toMatchObject({
        type: 'ClusterFormed',
        data: {
          occurredOn: '2023-01-10',
          clusterId: 'cum-4',
          year: 2023,
          name: 'Cụm thi đua số 4',
          federationIds: CLUSTER_4,
        },
        metadata: { actor: 'user:clerk-ha-noi' },
      });
    });

    it('adopts a scoring rule, storing every indicator (0 for those left out)', async () => {
      await t.http().put('/clusters/cum-4/years/2023/scoring-rule').send(rule).expect(200);
      const stored = await t.store.readStream('cluster-cum-4');
      expect(stored.at(-1)).toMatchObject({
        type: 'ScoringRuleAdopted',
        data: {
          year: 2023,
          weights: { ...rule.weights, supportPerMember: 0 },
          tieBreak: rule.tieBreak,
        },
      });
    });

    it('replaces the rule with a new one', async () => {
      await t
        .http()
        .put('/clusters/cum-4/years/2023/scoring-rule')
        .send({ ...rule, weights: { ...rule.weights, supportPerMember: 10 }, tieBreak: [] })
        .expect(200);
      const stored = await t.store.readStream('cluster-cum-4');
      expect(stored.filter((e) => e.type === 'ScoringRuleAdopted').map((e) => e.data.tieBreak)).toEqual([
        rule.tieBreak,
        [],
      ]);
    });

    it('records the conference of 22/11/2023: Ba Vì graded excellent and first', async () => {
      const res = await t
        .http()
        .post('/clusters/cum-4/years/2023/evaluations')
        .send({ federationId: 'ba-vi', grade: 'excellent', rank: 1, occurredOn: '2023-11-22' })
        .expect(201);
      expect(res.body).toMatchObject({ id: 'cum-4', events: [{ type: 'EvaluationRecorded' }] });
      await t
        .http()
        .post('/clusters/cum-4/years/2023/evaluations')
        .send({ federationId: 'quoc-oai', grade: 'good', occurredOn: '2023-11-22' })
        .expect(201);
      const stored = await t.store.readStream('cluster-cum-4');
      expect(stored.slice(-2).map((e) => e.data)).toEqual([
        {
          occurredOn: '2023-11-22',
          clusterId: 'cum-4',
          year: 2023,
          federationId: 'ba-vi',
          grade: 'excellent',
          rank: 1,
        },
        {
          occurredOn: '2023-11-22',
          clusterId: 'cum-4',
          year: 2023,
          federationId: 'quoc-oai',
          grade: 'good',
          rank: null,
        },
      ]);
    });

    it('elects Quốc Oai cluster leader for 2024, with a deputy', async () => {
      await t
        .http()
        .post('/clusters/cum-4/leader-elections')
        .send({ forYear: 2024, leaderFederationId: 'quoc-oai', deputyFederationId: 'ba-vi', occurredOn: '2023-11-22' })
        .expect(201);
      const history = await t.http().get('/history/clusters/cum-4').expect(200);
      expect(history.body.events.at(-1)).toMatchObject({
        type: 'ClusterLeaderElected',
        data: {
          occurredOn: '2023-11-22',
          clusterId: 'cum-4',
          forYear: 2024,
          leaderFederationId: 'quoc-oai',
          deputyFederationId: 'ba-vi',
        },
      });
    });
  });

  describe('refusals', () => {
    it('answers 400 for malformed fields', async () => {
      await refused('put', '/clusters/cum-4/years/twenty', form, 400, 'year must be a year written with four digits');
      await refused(
        'put',
        '/clusters/cum-4/years/2024',
        { ...form, federationIds: ['Ba Vì', 'quoc-oai'] },
        400,
        'each of federationIds',
      );
      await refused(
        'put',
        '/clusters/cum-4/years/2024',
        { ...form, federationIds: 'ba-vi' },
        400,
        'federationIds must be an array',
      );
      const path = '/clusters/cum-4/years/2023/scoring-rule';
      await refused(
        'put',
        path,
        { ...rule, weights: { awards: 10, speed: 5 } },
        400,
        'property speed should not exist',
      );
      await refused('put', path, { ...rule, weights: { awards: 2.5 } }, 400, 'awards must be an integer');
      await refused('put', path, { ...rule, weights: { awards: 101 } }, 400, 'awards must not be greater than 100');
      await refused('put', path, { ...rule, weights: { awards: -1 } }, 400, 'awards must not be less than 0');
      await refused('put', path, { ...rule, weights: 'awards' }, 400, 'weights must be an object');
      await refused('put', path, { ...rule, tieBreak: ['age'] }, 400, 'each value in tieBreak must be one of');
      await refused(
        'post',
        '/clusters/cum-4/years/2023/evaluations',
        { federationId: 'hoai-duc', grade: 'outstanding', rank: 0, occurredOn: '2023-11-22' },
        400,
        'grade must be one of',
      );
      await refused(
        'post',
        '/clusters/cum-4/leader-elections',
        { forYear: 2024, leaderFederationId: 'quoc-oai', occurredOn: '2023-11-22', deputy: 'ba-vi' },
        400,
        'property deputy should not exist',
      );
    });

    it('answers 404 for an unknown federation or cluster', async () => {
      await refused(
        'put',
        '/clusters/cum-9/years/2023',
        { ...form, federationIds: ['ba-vi', 'nowhere'] },
        404,
        "federation 'nowhere' does not exist",
      );
      await refused(
        'post',
        '/clusters/cum-9/years/2023/evaluations',
        { federationId: 'ba-vi', grade: 'good', occurredOn: '2023-11-22' },
        404,
        "cluster 'cum-9' does not exist",
      );
      await refused('put', '/clusters/cum-9/years/2023/scoring-rule', rule, 404, "cluster 'cum-9' does not exist");
      await refused(
        'post',
        '/clusters/cum-4/leader-elections',
        { forYear: 2024, leaderFederationId: 'quoc-oai', deputyFederationId: 'nowhere', occurredOn: '2023-11-22' },
        404,
        "federation 'nowhere' does not exist",
      );
    });

    it('answers 409 with a rule id for broken rules', async () => {
      await refused(
        'put',
        '/clusters/cum-4/years/2023',
        form,
        409,
        'already formed for 2023 on 2023-01-10',
        'cluster.already-formed',
      );
      await refused(
        'put',
        '/clusters/cum-5/years/2023',
        { ...form, federationIds: ['ba-vi'] },
        409,
        'at least 2 federations',
        'cluster.too-few-federations',
      );
      await refused(
        'put',
        '/clusters/cum-5/years/2023',
        { ...form, federationIds: ['ba-vi', 'quoc-oai', 'ba-vi'] },
        409,
        "federation 'ba-vi' is listed more than once",
        'cluster.duplicate-federation',
      );
      await refused('put', '/clusters/cum-5/years/2025', form, 409, 'can be for 2022, 2023 or 2024', 'cluster.year');
      const elections = '/clusters/cum-4/leader-elections';
      const election = { forYear: 2024, leaderFederationId: 'quoc-oai', occurredOn: '2023-11-22' };
      await refused(
        'post',
        elections,
        { ...election, deputyFederationId: 'quoc-oai' },
        409,
        'cannot be both leader and deputy',
        'cluster.leader-is-deputy',
      );
      await refused(
        'post',
        elections,
        { ...election, leaderFederationId: 'son-tay' },
        409,
        "federation 'son-tay' is not in cluster 'cum-4' for 2023",
        'cluster.not-a-member',
      );
      await refused(
        'post',
        elections,
        { ...election, forYear: 2022 },
        409,
        'can be for 2023 to 2024',
        'cluster.election-year',
      );
      await refused(
        'post',
        elections,
        { ...election, deputyFederationId: 'ba-vi' },
        409,
        'already the elected leader for 2024',
        'cluster.leader-unchanged',
      );
      const path = '/clusters/cum-4/years/2023/scoring-rule';
      await refused(
        'put',
        path,
        { ...rule, weights: { awards: 0 } },
        409,
        'at least one indicator',
        'scoring-rule.no-weight',
      );
      await refused(
        'put',
        path,
        { ...rule, tieBreak: ['awards', 'awards'] },
        409,
        "'awards' is unknown or repeated",
        'scoring-rule.tie-break',
      );
      await refused(
        'put',
        path,
        { ...rule, weights: { ...rule.weights, supportPerMember: 10 }, tieBreak: [] },
        409,
        'already ranks 2023 by this rule',
        'scoring-rule.unchanged',
      );
      await refused(
        'put',
        '/clusters/cum-4/years/2022/scoring-rule',
        rule,
        409,
        'not been formed for 2022',
        'cluster.year-not-formed',
      );
      const evaluations = '/clusters/cum-4/years/2023/evaluations';
      await refused(
        'post',
        evaluations,
        { federationId: 'ba-vi', grade: 'good', occurredOn: '2023-11-23' },
        409,
        "federation 'ba-vi' was already graded excellent for 2023",
        'evaluation.already-recorded',
      );
      await refused(
        'post',
        evaluations,
        { federationId: 'son-tay', grade: 'good', occurredOn: '2023-11-22' },
        409,
        "federation 'son-tay' is not in cluster 'cum-4' for 2023",
        'cluster.not-a-member',
      );
      await refused(
        'post',
        evaluations,
        { federationId: 'hoai-duc', grade: 'good', rank: 7, occurredOn: '2023-11-22' },
        409,
        'rank must be a whole number from 1 to 6',
        'evaluation.rank',
      );
      await refused(
        'post',
        evaluations,
        { federationId: 'hoai-duc', grade: 'good', occurredOn: '2026-07-01' },
        409,
        'after today',
        'date.in-future',
      );
    });
  });
});
