import { createTestApp, type TestApp } from '../support/test-app';
import { commandRouteNames } from './routes';
import { baViRecorder, buildWorld } from './world';

type Method = 'post' | 'put';

/** One command route: a call in Ba Vì's scope, and calls outside it, as a recorder scoped to `ba-vi`. */
interface ScopeCase {
  route: string;
  method: Method;
  within: { path: string; body: object; status: number };
  outside: { path: string; body: object; why: string }[];
}

const TARGET = { newMembers: 100, newUnions: 2, occurredOn: '2025-01-05' };
const SUPPORT = { amount: 1_000_000, purpose: 'hardship', recipientKind: 'member', occurredOn: '2021-01-10' };

const CASES: ScopeCase[] = [
  {
    route: 'POST /federations',
    method: 'post',
    within: {
      path: '/federations',
      body: { id: 'bv-new', name: 'Xã mới', level: 'commune', parentId: 'ba-vi', occurredOn: '2025-07-01' },
      status: 201,
    },
    outside: [
      {
        path: '/federations',
        body: { id: 'dp-new', name: 'Xã mới', level: 'commune', parentId: 'dan-phuong', occurredOn: '2025-07-01' },
        why: "federation 'dan-phuong'",
      },
      {
        path: '/federations',
        body: { id: 'hai-phong', name: 'LĐLĐ Hải Phòng', level: 'city', occurredOn: '1990-01-01' },
        why: "federation 'hai-phong'",
      },
      {
        path: '/federations',
        body: { name: 'LĐLĐ ?', level: 'city', occurredOn: '1990-01-01' },
        why: 'a new top-level federation',
      },
    ],
  },
  {
    route: 'POST /federations/:id/rename',
    method: 'post',
    within: {
      path: '/federations/tan-linh/rename',
      body: { name: 'Xã Tản Lĩnh', occurredOn: '2025-08-01' },
      status: 200,
    },
    outside: [
      {
        path: '/federations/dan-phuong/rename',
        body: { name: 'Đan Phượng', occurredOn: '2025-08-01' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /federations/:id/merge',
    method: 'post',
    within: {
      path: '/federations/bv-old/merge',
      body: { intoFederationId: 'van-hoa', occurredOn: '2025-09-01' },
      status: 200,
    },
    outside: [
      {
        path: '/federations/tan-linh/merge',
        body: { intoFederationId: 'dp-ward', occurredOn: '2025-09-01' },
        why: "federation 'dp-ward'",
      },
      {
        path: '/federations/dp-ward/merge',
        body: { intoFederationId: 'van-hoa', occurredOn: '2025-09-01' },
        why: "federation 'dp-ward'",
      },
    ],
  },
  {
    route: 'POST /reorganisations',
    method: 'post',
    within: {
      path: '/reorganisations',
      body: {
        id: 'bv-2025',
        occurredOn: '2025-07-01',
        register: [{ id: 'bv-xa-moi', name: 'Công đoàn xã mới', level: 'commune', parentId: 'ba-vi' }],
        merges: [{ federationId: 'bv-old', intoFederationId: 'bv-xa-moi' }],
      },
      status: 201,
    },
    outside: [
      {
        path: '/reorganisations',
        body: { occurredOn: '2025-07-01', moves: [{ unionId: 'dp-factory', toFederationId: 'van-hoa' }] },
        why: "union 'dp-factory'",
      },
      {
        path: '/reorganisations',
        body: {
          occurredOn: '2025-07-01',
          register: [{ id: 'dp-xa-moi', name: 'Xã', level: 'commune', parentId: 'dan-phuong' }],
        },
        why: "federation 'dan-phuong'",
      },
      {
        path: '/reorganisations',
        body: { occurredOn: '2025-07-01', merges: [{ federationId: 'dp-ward', intoFederationId: 'van-hoa' }] },
        why: "federation 'dp-ward'",
      },
    ],
  },
  {
    route: 'POST /reorganisations/dry-run',
    method: 'post',
    within: {
      path: '/reorganisations/dry-run',
      body: { occurredOn: '2025-07-01', moves: [{ unionId: 'bv-school', toFederationId: 'tan-linh' }] },
      status: 200,
    },
    outside: [
      {
        path: '/reorganisations/dry-run',
        body: { occurredOn: '2025-07-01', moves: [{ unionId: 'bv-school', toFederationId: 'dp-ward' }] },
        why: "federation 'dp-ward'",
      },
    ],
  },
  {
    route: 'POST /federations/:id/dissolve',
    method: 'post',
    within: { path: '/federations/bv-new/dissolve', body: { occurredOn: '2025-10-01' }, status: 200 },
    outside: [
      { path: '/federations/dp-ward/dissolve', body: { occurredOn: '2025-10-01' }, why: "federation 'dp-ward'" },
    ],
  },
  {
    route: 'PUT /federations/:id/targets/:year',
    method: 'put',
    within: { path: '/federations/ba-vi/targets/2025', body: TARGET, status: 200 },
    outside: [{ path: '/federations/dan-phuong/targets/2025', body: TARGET, why: "federation 'dan-phuong'" }],
  },
  {
    route: 'PUT /federations/:id/workforce/:year',
    method: 'put',
    within: {
      path: '/federations/van-hoa/workforce/2025',
      body: { workers: 1200, occurredOn: '2025-12-31' },
      status: 200,
    },
    outside: [
      {
        path: '/federations/dan-phuong/workforce/2025',
        body: { workers: 1200, occurredOn: '2025-12-31' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /unions',
    method: 'post',
    within: {
      path: '/unions',
      body: {
        id: 'bv-new-union',
        federationId: 'van-hoa',
        name: 'CĐCS mới',
        sector: 'state-enterprise',
        occurredOn: '2025-08-01',
      },
      status: 201,
    },
    outside: [
      {
        path: '/unions',
        body: {
          id: 'dp-new-union',
          federationId: 'dan-phuong',
          name: 'CĐCS mới',
          sector: 'state-enterprise',
          occurredOn: '2025-08-01',
        },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /unions/:id/dissolve',
    method: 'post',
    within: { path: '/unions/bv-factory/dissolve', body: { occurredOn: '2024-01-01' }, status: 200 },
    outside: [
      {
        path: '/unions/dp-factory/dissolve',
        body: { occurredOn: '2024-01-01' },
        why: "union 'dp-factory' of federation 'dan-phuong'",
      },
      {
        path: '/unions/no-such-union/dissolve',
        body: { occurredOn: '2024-01-01' },
        why: "union 'no-such-union' is not known",
      },
    ],
  },
  {
    route: 'POST /unions/:id/transfer',
    method: 'post',
    within: {
      path: '/unions/bv-shop/transfer',
      body: { toFederationId: 'van-hoa', occurredOn: '2025-08-01' },
      status: 200,
    },
    outside: [
      {
        path: '/unions/bv-school-2/transfer',
        body: { toFederationId: 'dan-phuong', occurredOn: '2025-08-01' },
        why: "federation 'dan-phuong'",
      },
      {
        path: '/unions/dp-factory/transfer',
        body: { toFederationId: 'ba-vi', occurredOn: '2025-08-01' },
        why: "union 'dp-factory'",
      },
    ],
  },
  {
    route: 'POST /members',
    method: 'post',
    within: {
      path: '/members',
      body: {
        id: 'bv-new-member',
        unionId: 'bv-school',
        fullName: 'Nguyễn Văn An',
        gender: 'male',
        birthDate: '1995-02-01',
        occurredOn: '2024-03-01',
      },
      status: 201,
    },
    outside: [
      {
        path: '/members',
        body: {
          id: 'dp-new-member',
          unionId: 'dp-school',
          fullName: 'Nguyễn Văn An',
          gender: 'male',
          birthDate: '1995-02-01',
          occurredOn: '2024-03-01',
        },
        why: "union 'dp-school' of federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /members/:id/transfer',
    method: 'post',
    within: {
      path: '/members/bv-mai/transfer',
      body: { toUnionId: 'bv-school-2', occurredOn: '2024-02-01' },
      status: 200,
    },
    outside: [
      {
        path: '/members/bv-lan/transfer',
        body: { toUnionId: 'dp-school', occurredOn: '2024-02-01' },
        why: "union 'dp-school'",
      },
      {
        path: '/members/dp-hoa/transfer',
        body: { toUnionId: 'bv-school', occurredOn: '2024-02-01' },
        why: "member 'dp-hoa'",
      },
    ],
  },
  {
    route: 'POST /members/:id/leave',
    method: 'post',
    within: { path: '/members/bv-leaver/leave', body: { occurredOn: '2024-05-01' }, status: 200 },
    outside: [
      {
        path: '/members/dp-hoa/leave',
        body: { occurredOn: '2024-05-01' },
        why: "member 'dp-hoa' of federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /members/:id/forget',
    method: 'post',
    within: {
      path: '/members/bv-leaver/forget',
      body: { occurredOn: '2024-06-01', reason: 'written request under Decree 13/2023' },
      status: 200,
    },
    outside: [
      {
        path: '/members/dp-hoa/forget',
        body: { occurredOn: '2024-06-01', reason: 'written request under Decree 13/2023' },
        why: "member 'dp-hoa' of federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /federations/:federationId/funds',
    method: 'post',
    within: {
      path: '/federations/ba-vi/funds',
      body: { id: 'bv-housing', kind: 'housing', name: 'Mái ấm Công đoàn', occurredOn: '2021-01-01' },
      status: 201,
    },
    outside: [
      {
        path: '/federations/dan-phuong/funds',
        body: { id: 'dp-housing', kind: 'housing', name: 'Mái ấm', occurredOn: '2021-01-01' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /federations/:federationId/funds/:fundId/contributions',
    method: 'post',
    within: {
      path: '/federations/ba-vi/funds/bv-social/contributions',
      body: { amount: 5_000_000, sourceKind: 'member', occurredOn: '2021-01-02' },
      status: 201,
    },
    outside: [
      {
        path: '/federations/dan-phuong/funds/dp-social/contributions',
        body: { amount: 5_000_000, sourceKind: 'member', occurredOn: '2021-01-02' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /federations/:federationId/funds/:fundId/payments',
    method: 'post',
    within: { path: '/federations/ba-vi/funds/bv-social/payments', body: SUPPORT, status: 201 },
    outside: [
      { path: '/federations/dan-phuong/funds/dp-social/payments', body: SUPPORT, why: "federation 'dan-phuong'" },
    ],
  },
  {
    route: 'POST /federations/:federationId/fund-transfers',
    method: 'post',
    within: {
      path: '/federations/ba-vi/fund-transfers',
      body: { fromFundId: 'bv-social', toFundId: 'bv-poverty', amount: 2_000_000, occurredOn: '2021-02-01' },
      status: 201,
    },
    outside: [
      {
        path: '/federations/dan-phuong/fund-transfers',
        body: { fromFundId: 'dp-social', toFundId: 'bv-poverty', amount: 2_000_000, occurredOn: '2021-02-01' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /federations/:federationId/fund-entries/:entryId/corrections',
    method: 'post',
    within: {
      path: '/federations/ba-vi/fund-entries/bv-poverty-c1/corrections',
      body: { kind: 'adjustment', amountDelta: -1_000_000, reason: 'Ghi nhầm số tiền', occurredOn: '2021-03-01' },
      status: 201,
    },
    outside: [
      {
        path: '/federations/dan-phuong/fund-entries/dp-social-c1/corrections',
        body: { kind: 'reversal', reason: 'Ghi nhầm', occurredOn: '2021-03-01' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /awards',
    method: 'post',
    within: {
      path: '/awards',
      body: {
        id: 'bv-award-2',
        title: 'Công đoàn cơ sở vững mạnh',
        level: 'district',
        recipientKind: 'union',
        recipientId: 'bv-school',
        year: 2023,
        occurredOn: '2023-12-20',
      },
      status: 201,
    },
    outside: [
      {
        path: '/awards',
        body: {
          title: 'Lao động giỏi',
          level: 'district',
          recipientKind: 'member',
          recipientId: 'dp-hoa',
          year: 2023,
          occurredOn: '2023-12-20',
        },
        why: "member 'dp-hoa'",
      },
      {
        path: '/awards',
        body: {
          title: 'Xuất sắc',
          level: 'city',
          recipientKind: 'federation',
          recipientId: 'dan-phuong',
          year: 2023,
          occurredOn: '2023-12-20',
        },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /awards/:id/revoke',
    method: 'post',
    within: {
      path: '/awards/bv-award/revoke',
      body: { reason: 'Quyết định thu hồi số 1', occurredOn: '2024-02-01' },
      status: 200,
    },
    outside: [
      {
        path: '/awards/dp-award/revoke',
        body: { reason: 'Quyết định thu hồi số 2', occurredOn: '2024-02-01' },
        why: "award 'dp-award' of federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /initiatives',
    method: 'post',
    within: {
      path: '/initiatives',
      body: {
        federationId: 'ba-vi',
        unionId: 'bv-school',
        title: 'Sáng kiến',
        valueSavedDong: 25_000_000,
        occurredOn: '2024-06-01',
      },
      status: 201,
    },
    outside: [
      {
        path: '/initiatives',
        body: { federationId: 'dan-phuong', title: 'Sáng kiến', valueSavedDong: 25_000_000, occurredOn: '2024-06-01' },
        why: "federation 'dan-phuong'",
      },
      {
        path: '/initiatives',
        body: {
          federationId: 'ba-vi',
          unionId: 'dp-school',
          title: 'Sáng kiến',
          valueSavedDong: 25_000_000,
          occurredOn: '2024-06-01',
        },
        why: "union 'dp-school'",
      },
    ],
  },
  {
    route: 'POST /unions/:id/conferences',
    method: 'post',
    within: {
      path: '/unions/bv-school/conferences',
      body: { year: 2024, kind: 'workers', occurredOn: '2024-03-10' },
      status: 201,
    },
    outside: [
      {
        path: '/unions/dp-school/conferences',
        body: { year: 2024, kind: 'workers', occurredOn: '2024-03-10' },
        why: "union 'dp-school'",
      },
    ],
  },
  {
    route: 'POST /unions/:id/agreements',
    method: 'post',
    within: {
      path: '/unions/bv-school/agreements',
      body: { id: 'tu-2024', title: 'Thỏa ước 2024', validFrom: '2024-01-01', occurredOn: '2024-01-01' },
      status: 201,
    },
    outside: [
      {
        path: '/unions/dp-school/agreements',
        body: { id: 'tu-2024', title: 'Thỏa ước 2024', validFrom: '2024-01-01', occurredOn: '2024-01-01' },
        why: "union 'dp-school'",
      },
    ],
  },
  {
    route: 'PUT /clusters/:id/years/:year',
    method: 'put',
    within: {
      path: '/clusters/cum-bv/years/2026',
      body: { name: 'Cụm xã Ba Vì', federationIds: ['van-hoa', 'tan-linh'], occurredOn: '2026-01-10' },
      status: 200,
    },
    outside: [
      {
        path: '/clusters/cum-x/years/2026',
        body: { name: 'Cụm X', federationIds: ['ba-vi', 'dan-phuong'], occurredOn: '2026-01-10' },
        why: "federation 'dan-phuong'",
      },
      {
        path: '/clusters/cum-4/years/2026',
        body: { name: 'Cụm 4', federationIds: ['ba-vi', 'van-hoa'], occurredOn: '2026-01-10' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /clusters/:id/leader-elections',
    method: 'post',
    within: {
      path: '/clusters/cum-bv/leader-elections',
      body: { forYear: 2026, leaderFederationId: 'van-hoa', occurredOn: '2025-11-22' },
      status: 201,
    },
    outside: [
      {
        path: '/clusters/cum-4/leader-elections',
        body: { forYear: 2026, leaderFederationId: 'ba-vi', occurredOn: '2025-11-22' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'PUT /clusters/:id/years/:year/scoring-rule',
    method: 'put',
    within: {
      path: '/clusters/cum-bv/years/2025/scoring-rule',
      body: { weights: { awards: 10 }, tieBreak: [], occurredOn: '2025-08-01' },
      status: 200,
    },
    outside: [
      {
        path: '/clusters/cum-4/years/2025/scoring-rule',
        body: { weights: { awards: 10 }, tieBreak: [], occurredOn: '2025-08-01' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /clusters/:id/years/:year/evaluations',
    method: 'post',
    within: {
      path: '/clusters/cum-bv/years/2025/evaluations',
      body: { federationId: 'van-hoa', grade: 'excellent', occurredOn: '2025-11-22' },
      status: 201,
    },
    outside: [
      {
        path: '/clusters/cum-4/years/2025/evaluations',
        body: { federationId: 'ba-vi', grade: 'excellent', occurredOn: '2025-11-22' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  // Last: closing Ba Vì's book through 2021 would refuse the fund entries above.
  {
    route: 'POST /federations/:federationId/fund-periods/close',
    method: 'post',
    within: {
      path: '/federations/ba-vi/fund-periods/close',
      body: { closedThrough: '2021-12-31', occurredOn: '2022-01-05' },
      status: 201,
    },
    outside: [
      {
        path: '/federations/dan-phuong/fund-periods/close',
        body: { closedThrough: '2021-12-31', occurredOn: '2022-01-05' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
  {
    route: 'POST /federations/:federationId/fund-periods/reopen',
    method: 'post',
    within: {
      path: '/federations/ba-vi/fund-periods/reopen',
      body: { reopenedFrom: '2021-12-01', reason: 'Bổ sung chứng từ', occurredOn: '2022-02-01' },
      status: 201,
    },
    outside: [
      {
        path: '/federations/dan-phuong/fund-periods/reopen',
        body: { reopenedFrom: '2021-12-01', reason: 'Bổ sung chứng từ', occurredOn: '2022-02-01' },
        why: "federation 'dan-phuong'",
      },
    ],
  },
];

/**
 * A recorder may record for its federations and every federation below them, and nothing else: one case
 * per command route, each with a call inside the scope that succeeds and calls outside it that answer 403
 * and record nothing.
 */
describe('a recorder scoped to Ba Vì', () => {
  let t: TestApp;
  let baVi: string;

  beforeAll(async () => {
    t = await createTestApp();
    await buildWorld(t);
    baVi = baViRecorder(t);
  });
  afterAll(() => t.close());

  it('has a case for every command route', () => {
    expect(CASES.map((c) => c.route).sort()).toEqual(commandRouteNames(t.app).sort());
  });

  describe.each(CASES)('$route', ({ method, within, outside }) => {
    it.each(outside)('is refused for $path ($why) with 403, recording nothing', async ({ path, body, why }) => {
      const before = await t.logLength();
      const res = await t.as(baVi)[method](path).send(body).expect(403);
      expect(res.body.message).toContain(why);
      expect(await t.logLength()).toBe(before);
    });

    it(`records ${within.path} within Ba Vì`, async () => {
      const before = await t.logLength();
      const res = await t.as(baVi)[method](within.path).send(within.body);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: within.status });
      if (within.path.endsWith('/dry-run')) {
        // A dry run is allowed in the same scope, and records nothing.
        expect(await t.logLength()).toBe(before);
        return;
      }
      const recorded = (await t.store.readStream(res.body.streamId)).at(-1)!;
      // The response names the last event the command recorded, in any stream (a roster entry, a seat).
      expect(res.body.position).toBeGreaterThanOrEqual(recorded.position);
      expect(recorded.metadata.actor).toBe('user:clerk-ba-vi');
    });
  });

  it('judges scope now and on the business date: a union that has left Ba Vì is out of scope for back-dated facts', async () => {
    await t
      .http()
      .post('/unions')
      .send({
        id: 'bv-leaving',
        federationId: 'ba-vi',
        name: 'CĐCS rời đi',
        sector: 'public-service',
        occurredOn: '2010-01-01',
      })
      .expect(201);
    await t
      .http()
      .post('/unions/bv-leaving/transfer')
      .send({ toFederationId: 'dan-phuong', occurredOn: '2024-01-01' })
      .expect(200);
    const join = {
      id: 'bv-late',
      unionId: 'bv-leaving',
      fullName: 'Nguyễn Văn Muộn',
      gender: 'male',
      birthDate: '1990-01-01',
      occurredOn: '2020-05-01',
    };
    const danPhuong = t.jwt({
      sub: 'clerk-dan-phuong',
      roles: ['recorder'],
      federations: ['dan-phuong'],
    }).authorization;
    const before = await t.logLength();
    const fromBaVi = await t.as(baVi).post('/members').send(join).expect(403);
    expect(fromBaVi.body.message).toContain("union 'bv-leaving' (today)");
    // Dan Phượng has it today, but not on the date of the fact.
    const fromDanPhuong = await t.as(danPhuong).post('/members').send(join).expect(403);
    expect(fromDanPhuong.body.message).toContain("union 'bv-leaving' (on 2020-05-01)");
    expect(await t.logLength()).toBe(before);
    // A fact dated after the move is Dan Phượng's alone.
    await t
      .as(danPhuong)
      .post('/members')
      .send({ ...join, occurredOn: '2024-05-01' })
      .expect(201);
  });

  it('may record below its federations but not above them', async () => {
    const city = t.jwt({ sub: 'clerk-ha-noi', roles: ['recorder'], federations: ['ha-noi'] }).authorization;
    const target2026 = { ...TARGET, occurredOn: '2026-01-05' };
    await t.as(city).put('/federations/dp-ward/targets/2026').send(target2026).expect(200);
    await t.as(baVi).put('/federations/ha-noi/targets/2026').send(target2026).expect(403);
    // A city-level recorder covers clusters that span districts.
    await t
      .as(city)
      .post('/clusters/cum-4/years/2025/evaluations')
      .send({ federationId: 'dan-phuong', grade: 'good', occurredOn: '2025-11-22' })
      .expect(201);
  });

  it('answers 400, not 403, when the field naming the federation is malformed', async () => {
    const before = await t.logLength();
    const res = await t
      .as(baVi)
      .post('/unions')
      .send({ federationId: 'Ba Vì', name: 'x', sector: 'public-service', occurredOn: '2025-08-01' })
      .expect(400);
    expect(res.body.message).toEqual([expect.stringContaining('federationId must be')]);
    await t.as(baVi).post('/members').send({ fullName: 'x' }).expect(400);
    expect(await t.logLength()).toBe(before);
  });

  it('records nothing for a recorder without federations', async () => {
    const nowhere = t.jwt({ sub: 'clerk-nowhere', roles: ['recorder'] }).authorization;
    const res = await t.as(nowhere).put('/federations/ba-vi/targets/2026').send(TARGET).expect(403);
    expect(res.body.message).toContain('only for none');
  });
});
