import { registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const RANKING = '/read/clusters/cum-4/years/2023/ranking';
const person = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };

/**
 * A small cluster no. 4 for 2023, recorded over HTTP:
 * - targets: Ba Vì 4 members / 1 union, Phúc Thọ 2 / 1, Quốc Oai 4 / 2;
 * - recruited in 2023: Ba Vì 5 (and 1 in 2022), Phúc Thọ 3, Quốc Oai 2; founded: 1, 2, 1;
 * - democratic conferences for 2023: Ba Vì 1/2 units, Phúc Thọ 2/3, Quốc Oai 2/2;
 * - Ba Vì's social fund paid 3,000,000 đ of Tết gifts in 2023 (and 500,000 đ in 2022);
 * - titles for 2023: Ba Vì 2, Quốc Oai 1; initiatives: Phúc Thọ 1.
 */
describe('cluster rankings over HTTP', () => {
  let t: TestApp;
  /** Position of the last command recorded: queries pass it as consistentWith. */
  let position = 0;

  async function record(method: 'post' | 'put', path: string, body: object) {
    const res = await t.http()[method](path).send(body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    position = res.body.position;
    return res.body;
  }
  const ranking = (path = RANKING, query: Record<string, string | number> = {}) =>
    t
      .http()
      .get(path)
      .query({ consistentWith: position, ...query });

  beforeAll(async () => {
    t = await createTestApp();
    position = await registerHanoi(t, ['ba-vi', 'phuc-tho', 'quoc-oai']);
    for (const [id, newMembers, newUnions] of [
      ['ba-vi', 4, 1],
      ['phuc-tho', 2, 1],
      ['quoc-oai', 4, 2],
    ] as const) {
      await record('put', `/federations/${id}/targets/2023`, { newMembers, newUnions, occurredOn: '2023-01-05' });
    }
    const unions: [string, string, string][] = [
      ['bv-1', 'ba-vi', '2010-01-01'],
      ['bv-2', 'ba-vi', '2023-03-01'],
      ['pt-1', 'phuc-tho', '2010-01-01'],
      ['pt-2', 'phuc-tho', '2023-02-01'],
      ['pt-3', 'phuc-tho', '2023-04-01'],
      ['qo-1', 'quoc-oai', '2010-01-01'],
      ['qo-2', 'quoc-oai', '2023-05-01'],
    ];
    for (const [id, federationId, occurredOn] of unions) {
      await record('post', '/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn });
    }
    const joins: [string, number, string][] = [
      ['bv-1', 1, '2022-06-01'],
      ['bv-1', 5, '2023-06-01'],
      ['pt-1', 3, '2023-06-01'],
      ['qo-1', 2, '2023-06-01'],
    ];
    for (const [unionId, count, occurredOn] of joins) {
      for (let i = 0; i < count; i++) await record('post', '/members', { unionId, ...person, occurredOn });
    }
    for (const unionId of ['bv-1', 'pt-1', 'pt-2', 'qo-1', 'qo-2']) {
      await record('post', `/unions/${unionId}/conferences`, { year: 2023, kind: 'workers', occurredOn: '2023-09-15' });
    }
    await record('post', '/federations/ba-vi/funds', {
      id: 'social',
      kind: 'social',
      name: 'Quỹ xã hội Ba Vì',
      occurredOn: '2020-01-01',
    });
    await record('post', '/federations/ba-vi/funds/social/contributions', {
      amount: 10_000_000,
      sourceKind: 'union',
      occurredOn: '2020-01-02',
    });
    await record('post', '/federations/ba-vi/funds/social/payments', {
      amount: 500_000,
      purpose: 'hardship',
      recipientKind: 'member',
      occurredOn: '2022-12-10',
    });
    await record('post', '/federations/ba-vi/funds/social/payments', {
      amount: 3_000_000,
      purpose: 'tet-gifts',
      recipientKind: 'member',
      recipients: 3,
      amountEach: 1_000_000,
      occurredOn: '2023-01-20',
    });
    const award = { title: 'Tập thể Lao động xuất sắc', level: 'city', recipientKind: 'federation', year: 2023 };
    for (const recipientId of ['ba-vi', 'ba-vi', 'quoc-oai']) {
      await record('post', '/awards', { ...award, recipientId, occurredOn: '2023-11-22' });
    }
    await record('post', '/initiatives', {
      federationId: 'phuc-tho',
      title: 'Cải tiến quy trình',
      valueSavedDong: 25_000_000,
      occurredOn: '2023-06-01',
    });
    await record('put', '/clusters/cum-4/years/2023', {
      name: 'Cụm thi đua số 4',
      federationIds: ['ba-vi', 'phuc-tho', 'quoc-oai'],
      occurredOn: '2023-01-10',
    });
    await record('post', '/clusters/cum-4/leader-elections', {
      forYear: 2023,
      leaderFederationId: 'ba-vi',
      deputyFederationId: 'phuc-tho',
      occurredOn: '2023-01-10',
    });
    await record('put', '/clusters/cum-4/years/2023/scoring-rule', {
      weights: {
        memberDevelopmentRate: 30,
        unionFoundingRate: 20,
        conferenceCoverage: 20,
        supportPerMember: 10,
        awards: 10,
        initiatives: 10,
      },
      tieBreak: ['memberDevelopmentRate'],
      occurredOn: '2023-02-01',
    });
    await record('post', '/clusters/cum-4/years/2023/evaluations', {
      federationId: 'ba-vi',
      grade: 'excellent',
      rank: 1,
      occurredOn: '2023-11-22',
    });
    await record('post', '/clusters/cum-4/years/2023/evaluations', {
      federationId: 'quoc-oai',
      grade: 'good',
      occurredOn: '2023-11-22',
    });
    // Formed for 2024 at the end of 2023; a leader is already elected for 2025, not formed.
    await record('put', '/clusters/cum-4/years/2024', {
      name: 'Cụm thi đua số 4',
      federationIds: ['ba-vi', 'phuc-tho', 'quoc-oai'],
      occurredOn: '2023-12-15',
    });
    await record('post', '/clusters/cum-4/leader-elections', {
      forYear: 2025,
      leaderFederationId: 'quoc-oai',
      deputyFederationId: null,
      occurredOn: '2024-11-20',
    });
  });
  afterAll(() => t.close());

  it('ranks the cluster: indicators, points, score under the year’s rule, rank and the recorded grade', async () => {
    const res = await ranking().expect(200);
    expect(res.body).toMatchObject({
      clusterId: 'cum-4',
      year: 2023,
      name: 'Cụm thi đua số 4',
      leader: { federationId: 'ba-vi', deputyFederationId: 'phuc-tho', electedOn: '2023-01-10' },
      scoringRule: { tieBreak: ['memberDevelopmentRate'], adoptedOn: '2023-02-01' },
      method: {
        indicatorsAsOf: '2023-12-31',
        knownAt: null,
        rankOrder: ['score desc', 'memberDevelopmentRate desc', 'federationId asc'],
      },
    });
    expect(res.body.method.score).toContain('Σ weight × points ÷ Σ weights');
    const [first, second, third] = res.body.federations;

    // Phúc Thọ: 150 % (best), 200 % (best), 2/3 conferences, no support, no title, the only initiative.
    expect(first).toMatchObject({
      federationId: 'phuc-tho',
      name: 'LĐLĐ huyện Phúc Thọ',
      indicators: {
        memberDevelopmentRate: 150,
        unionFoundingRate: 200,
        conferenceCoverage: 66.7,
        supportPerMember: 0,
        awards: 0,
        initiatives: 1,
      },
      figures: { conferences: { held: 2, units: 3 }, valueSavedDong: 25_000_000 },
      points: { memberDevelopmentRate: 100, unionFoundingRate: 100, conferenceCoverage: 66.7, initiatives: 100 },
      // (30 × 100 + 20 × 100 + 20 × 66.7 + 10 × 100) ÷ 100
      score: 73.34,
      rank: 1,
      rankDecidedBy: null,
      recorded: null,
      rankAgrees: null,
    });
    // Ba Vì: 125 %, 100 %, 1/2 conferences, 3,000,000 đ ÷ 6 members (the 2022 payment not counted), 2 titles.
    expect(second).toMatchObject({
      federationId: 'ba-vi',
      indicators: {
        memberDevelopmentRate: 125,
        unionFoundingRate: 100,
        conferenceCoverage: 50,
        supportPerMember: 500_000,
        awards: 2,
        initiatives: 0,
      },
      figures: { target: { newMembers: 4, newUnions: 1 }, newMembers: 5, members: 6, supportPaidDong: 3_000_000 },
      points: { memberDevelopmentRate: 83.33, unionFoundingRate: 50, supportPerMember: 100, awards: 100 },
      score: 65,
      rank: 2,
      rankDecidedBy: 'score',
      // The conference ranked Ba Vì first: recorded beside the computed rank, which disagrees.
      recorded: { grade: 'excellent', rank: 1, recordedOn: '2023-11-22' },
      rankAgrees: false,
    });
    expect(third).toMatchObject({
      federationId: 'quoc-oai',
      indicators: { memberDevelopmentRate: 50, unionFoundingRate: 50, conferenceCoverage: 100, awards: 1 },
      points: { memberDevelopmentRate: 33.33, unionFoundingRate: 25, awards: 50 },
      score: 40,
      rank: 3,
      recorded: { grade: 'good', rank: null },
      rankAgrees: null,
    });
  });

  it('answers as of an earlier date, counting up to it', async () => {
    const res = await ranking(RANKING, { asOf: '2023-03-31' }).expect(200);
    expect(res.body.method).toMatchObject({ indicatorsAsOf: '2023-03-31', decisionsAsOf: '2023-03-31' });
    const baVi = res.body.federations.find((f: { federationId: string }) => f.federationId === 'ba-vi');
    // No joins yet (1/6), Tết gifts already paid to the 1 member of then; no title, no grade yet.
    expect(baVi).toMatchObject({
      indicators: { memberDevelopmentRate: 0, unionFoundingRate: 100, supportPerMember: 3_000_000, awards: 0 },
      recorded: null,
    });
  });

  it('counts a late-recorded initiative dated in the year, but not as known before it was recorded', async () => {
    const before = position;
    await record('post', '/initiatives', {
      federationId: 'ba-vi',
      title: 'Sáng kiến ghi muộn',
      valueSavedDong: 10_000_000,
      occurredOn: '2023-12-01',
    });

    const now = await ranking(RANKING, { asOf: '2023-12-31' }).expect(200);
    expect(now.body.federations.map((f: { federationId: string; score: number }) => [f.federationId, f.score])).toEqual(
      [
        ['ba-vi', 75],
        ['phuc-tho', 73.34],
        ['quoc-oai', 40],
      ],
    );
    expect(now.body.federations[0]).toMatchObject({ rank: 1, recorded: { rank: 1 }, rankAgrees: true });

    const then = await ranking(RANKING, { asOf: '2023-12-31', knownAt: before }).expect(200);
    expect(then.body.method.knownAt).toBe(before);
    expect(then.body.federations.map((f: { federationId: string }) => f.federationId)).toEqual([
      'phuc-tho',
      'ba-vi',
      'quoc-oai',
    ]);
  });

  it('lists the route in the OpenAPI document', async () => {
    const { paths } = (await t.http().get('/docs/json').expect(200)).body;
    expect(paths['/read/clusters/{clusterId}/years/{year}/ranking'].get.responses).toHaveProperty('200');
  });

  describe('refusals', () => {
    it('answers 404 for a cluster, or a year of it, never formed', async () => {
      const unknown = await ranking('/read/clusters/cum-9/years/2023/ranking').expect(404);
      expect(unknown.body.message).toContain("cluster 'cum-9' was not formed for 2023");
      await ranking('/read/clusters/cum-4/years/2019/ranking').expect(404);
      // A leader is elected for 2025, but the cluster is not formed for it.
      await ranking('/read/clusters/cum-4/years/2025/ranking').expect(404);
      // Before the 2023 cluster was formed (10/1/2023).
      await ranking(RANKING, { asOf: '2023-01-09' }).expect(404);
    });

    it.each([
      ['/read/clusters/Cum_4/years/2023/ranking', {}, 'must be 1-64 lowercase'],
      ['/read/clusters/cum-4/years/23/ranking', {}, 'four digits'],
      ['/read/clusters/cum-4/years/twenty/ranking', {}, 'four digits'],
      [RANKING, { asOf: '2023-02-30' }, 'asOf'],
      [RANKING, { knownAt: 'yesterday' }, 'knownAt must be a log position'],
      [RANKING, { consistentWith: -1 }, 'consistentWith'],
      [RANKING, { sort: 'score' }, 'property sort should not exist'],
      // Formed for 2024 on 15/12/2023, but 2024 had not begun on 20/12/2023.
      ['/read/clusters/cum-4/years/2024/ranking', { asOf: '2023-12-20' }, 'before 2024 began'],
    ])('answers 400 for %s %j', async (path, query, message) => {
      const res = await ranking(path, query).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(message);
    });
  });
});
