import { registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Series for charts, over HTTP: one request answers every month of a span, and each point is the answer the
 * single-date route gives on that month's last day — rolled up through the hierarchy of that day, as known now
 * or as known at a position. A union moves between districts in 2023 and a district is split on 1 July 2025.
 */
describe('series routes', () => {
  let t: TestApp;
  let last: number;
  let beforeReorganisation: number;

  const post = async (path: string, body: object, status = 201) => {
    last = (await t.http().post(path).send(body).expect(status)).body.position;
    return last;
  };
  const get = (path: string, query: Record<string, string | number> = {}) =>
    t
      .http()
      .get(path)
      .query({ consistentWith: last, ...query });
  const union = (id: string, federationId: string, occurredOn = '2015-01-01') =>
    post('/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn });
  const join = (id: string, unionId: string, occurredOn: string) =>
    post('/members', { id, unionId, fullName: `Đoàn viên ${id}`, gender: 'male', birthDate: '1990-01-01', occurredOn });

  beforeAll(async () => {
    t = await createTestApp();
    last = await registerHanoi(t, ['ba-vi', 'son-tay', 'hoan-kiem']);
    await union('bv-1', 'ba-vi');
    await union('moved', 'son-tay');
    await union('st-1', 'son-tay', '2016-06-15');
    await join('m1', 'bv-1', '2015-03-10');
    await join('m2', 'moved', '2016-01-20');
    await join('m3', 'moved', '2016-02-01');
    await join('m4', 'st-1', '2016-07-01');
    await post('/unions/moved/transfer', { toFederationId: 'ba-vi', occurredOn: '2023-03-01' }, 200);
    beforeReorganisation = last;
    await post('/reorganisations', {
      id: 'ha-noi-2025',
      occurredOn: '2025-07-01',
      reason: 'Sắp xếp tổ chức bộ máy',
      register: [{ id: 'xa-ba-vi', name: 'Công đoàn xã Ba Vì', level: 'commune', parentId: 'ha-noi' }],
      moves: [
        { unionId: 'bv-1', toFederationId: 'xa-ba-vi' },
        { unionId: 'moved', toFederationId: 'xa-ba-vi' },
      ],
      dissolutions: ['ba-vi'],
    });
    // Recorded after the reorganisation, dated before it: changes every point from March 2024 on.
    await join('m5', 'bv-1', '2024-03-05');

    const book = '/federations/hoan-kiem';
    await post(`${book}/funds`, { id: 'social', kind: 'social', name: 'Quỹ xã hội', occurredOn: '2020-01-01' });
    await post(`${book}/funds/social/contributions`, {
      id: 'thu-01',
      amount: 300_000_000,
      sourceKind: 'federation',
      occurredOn: '2020-01-05',
    });
    await post(`${book}/funds/social/payments`, {
      id: 'chi-01',
      amount: 8_500_000,
      purpose: 'emergency',
      recipientKind: 'workers',
      recipients: 17,
      amountEach: 500_000,
      occurredOn: '2020-04-20',
    });
  });
  afterAll(() => t.close());

  const membershipSeries = async (id: string, query: Record<string, string | number>) =>
    (await get(`/read/federations/${id}/membership/series`, query).expect(200)).body;
  const membershipOn = async (id: string, query: Record<string, string | number>) =>
    (await get(`/read/federations/${id}/membership`, query).expect(200)).body;

  it('answers 120 monthly points in one request, each the month-end answer of the single-date route', async () => {
    const body = await membershipSeries('ha-noi', { from: '2016-01', to: '2025-12', every: 'month' });
    expect(body).toMatchObject({ federationId: 'ha-noi', every: 'month', knownAt: null });
    expect(body.points).toHaveLength(120);
    expect(body.points[0].date).toBe('2016-01-31');
    expect(body.points[1].date).toBe('2016-02-29');
    expect(body.points[119].date).toBe('2025-12-31');
    for (const index of [0, 1, 5, 6, 85, 86, 97, 98, 113, 114, 119]) {
      const point = body.points[index];
      const { members, unions, joined, left, transferredIn, transferredOut } = await membershipOn('ha-noi', {
        asOf: point.date,
      });
      expect(point).toEqual({
        date: point.date,
        registered: true,
        members,
        unions,
        joined,
        left,
        transferredIn,
        transferredOut,
      });
    }
    expect(body.points.map((p: { members: number }) => p.members).slice(0, 7)).toEqual([2, 3, 3, 3, 3, 3, 4]);
  });

  it('rolls each point up through the hierarchy of its own date: the transfer and the split move figures', async () => {
    const baVi = await membershipSeries('ba-vi', { from: '2023-01', to: '2025-12', every: 'quarter' });
    const members = baVi.points.map((p: { date: string; members: number }) => `${p.date}=${p.members}`);
    expect(members.slice(0, 5)).toEqual([
      '2023-01-31=1',
      '2023-04-30=3',
      '2023-07-31=3',
      '2023-10-31=3',
      '2024-01-31=3',
    ]);
    expect(members.slice(5, 7)).toEqual(['2024-04-30=4', '2024-07-31=4']);
    expect(members.at(-1)).toBe('2025-10-31=0');
    const commune = await membershipSeries('xa-ba-vi', { from: '2025-05', to: '2025-08' });
    expect(commune.points.map((p: { registered: boolean; members: number }) => [p.registered, p.members])).toEqual([
      [false, 0],
      [false, 0],
      [true, 4],
      [true, 4],
    ]);
  });

  it('honours knownAt: the points as they stood before the reorganisation and the late join were recorded', async () => {
    const query = { from: '2024-01', to: '2025-12', every: 'year', knownAt: beforeReorganisation };
    const body = await membershipSeries('ba-vi', query);
    expect(body.knownAt).toBe(beforeReorganisation);
    expect(body.points.map((p: { members: number }) => p.members)).toEqual([3, 3]);
    const then = await membershipOn('ba-vi', { asOf: '2025-01-31', knownAt: beforeReorganisation });
    expect(body.points[1].members).toBe(then.members);
  });

  it("gives a fund's balance at every month end, zero before it was opened", async () => {
    const { body } = await get('/read/federations/hoan-kiem/funds/social/series', {
      from: '2019-12',
      to: '2020-05',
    }).expect(200);
    expect(body).toMatchObject({ federationId: 'hoan-kiem', fundId: 'social', name: 'Quỹ xã hội', every: 'month' });
    expect(body.points.map((p: { open: boolean; balance: number }) => [p.open, p.balance])).toEqual([
      [false, 0],
      [true, 300_000_000],
      [true, 300_000_000],
      [true, 300_000_000],
      [true, 291_500_000],
      [true, 291_500_000],
    ]);
    expect(body.points[4]).toMatchObject({ inflow: 300_000_000, outflow: 8_500_000, recipients: 17 });
  });

  it.each([
    [{ from: '2016-13', to: '2017-01' }, /from must be a month/],
    [{ from: '2016-1', to: '2017-01' }, /from must be a month/],
    [{ to: '2017-01' }, /from must be a month/],
    [{ from: '2018-01', to: '2017-01' }, /from \(2018-01\) must not be after to \(2017-01\)/],
    [{ from: '2000-01', to: '2025-12' }, /312 points; at most 240/],
    [{ from: '2016-01', to: '2017-01', every: 'week' }, /every must be month, quarter or year/],
    [{ from: '2016-01', to: '2017-01', asOf: '2017-01-31' }, /asOf does not apply/],
    [{ from: '2016-01', to: '2017-01', knownAt: 'yesterday' }, /knownAt must be/],
  ])('refuses %j with 400 and says why', async (query, message) => {
    for (const path of [
      '/read/federations/ha-noi/membership/series',
      '/read/federations/hoan-kiem/funds/social/series',
    ]) {
      const res = await get(path, query).expect(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
  });

  it('answers 404 for a federation or a fund that existed on none of the dates', async () => {
    await get('/read/federations/nowhere/membership/series', { from: '2016-01', to: '2016-12' }).expect(404);
    await get('/read/federations/hoan-kiem/funds/social/series', { from: '2016-01', to: '2016-12' }).expect(404);
    await get('/read/federations/hoan-kiem/funds/nothing/series', { from: '2020-01', to: '2020-12' }).expect(404);
  });

  it('documents both series routes in the OpenAPI document', async () => {
    const { body } = await t.http().get('/docs/json').expect(200);
    for (const path of [
      '/read/federations/{id}/membership/series',
      '/read/federations/{federationId}/funds/{fundId}/series',
    ]) {
      const parameters = body.paths[path].get.parameters.map((p: { name: string }) => p.name);
      expect(parameters).toEqual(expect.arrayContaining(['from', 'to', 'every', 'knownAt']));
      expect(body.paths[path].get.responses['200']).toBeDefined();
    }
  });
});
