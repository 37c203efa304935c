import { CONSISTENCY_WAIT_MS } from '../../src/read-models/read-model-access';
import { registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp, TEST_NOW } from '../support/test-app';

const person = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };

/**
 * Ba Vì's 2023, small: five members join in 2023 (one recorded after a later-dated one), one leaves,
 * one union is founded, against a target of 4 members and 2 unions; a union moves to Sơn Tây in 2024.
 */
describe('membership read models over HTTP', () => {
  let t: TestApp;
  /** Position of the last command: passed as consistentWith so the read models have caught up. */
  let head = 0;
  /** Position once the June join was recorded, before the back-dated March join. */
  let beforeLateJoin = 0;
  /** Position before the union transfer was recorded. */
  let beforeTransfer = 0;
  /** Position before the 2023 target was set. */
  let beforeTarget = 0;

  async function send(method: 'post' | 'put', path: string, body: object) {
    const res = await t.http()[method](path).send(body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    head = res.body.position;
    return head;
  }
  const join = (id: string, unionId: string, occurredOn: string) =>
    send('post', '/members', { id, unionId, ...person, occurredOn });

  beforeAll(async () => {
    t = await createTestApp();
    head = await registerHanoi(t, ['ba-vi', 'phuc-tho', 'son-tay']);
    const found = (id: string, federationId: string, occurredOn: string, sector = 'public-service') =>
      send('post', '/unions', { id, federationId, name: `CĐCS ${id}`, sector, occurredOn });
    await found('school', 'ba-vi', '2010-01-01');
    await found('moved', 'ba-vi', '2015-01-01', 'state-enterprise');
    await found('factory', 'phuc-tho', '2012-01-01', 'non-state-enterprise');
    await found('new-2023', 'ba-vi', '2023-05-01', 'non-state-enterprise');

    await join('old', 'school', '2022-02-01');
    beforeLateJoin = await join('june', 'school', '2023-06-01');
    await join('march', 'school', '2023-03-01'); // recorded late, dated earlier
    await join('april', 'school', '2023-04-10');
    await join('in-moved', 'moved', '2023-05-01');
    await join('in-new', 'new-2023', '2023-07-01');
    await join('worker', 'factory', '2023-02-01');
    beforeTransfer = await send('post', '/members/old/leave', { occurredOn: '2023-09-01' });
    await send('post', '/unions/moved/transfer', { toFederationId: 'son-tay', occurredOn: '2024-03-01' });
    await join('late', 'moved', '2024-05-01');
    await send('post', '/unions/school/conferences', { year: 2023, kind: 'workers', occurredOn: '2023-04-15' });
    beforeTarget = await send('put', '/federations/ba-vi/workforce/2023', { workers: 10, occurredOn: '2024-01-10' });
    await send('put', '/federations/ba-vi/targets/2023', { newMembers: 4, newUnions: 2, occurredOn: '2023-01-05' });
    await send('put', '/clusters/cum-4/years/2023', {
      name: 'Cụm thi đua số 4',
      federationIds: ['ba-vi', 'phuc-tho'],
      occurredOn: '2023-01-10',
    });
  });
  afterAll(() => t.close());

  /** GET with the read models caught up to the last command. */
  const read = (path: string, query: Record<string, string | number> = {}) =>
    t
      .http()
      .get(path)
      .query({ consistentWith: head, ...query });

  describe('GET /read/unions/:id/membership', () => {
    it('answers the union today, without personal data', async () => {
      const res = await read('/read/unions/school/membership').expect(200);
      expect(res.body).toEqual({
        unionId: 'school',
        name: 'CĐCS school',
        federationId: 'ba-vi',
        federationSince: '2010-01-01',
        sector: 'public-service',
        status: 'active',
        foundedOn: '2010-01-01',
        dissolvedOn: null,
        members: 3,
        joined: 4,
        left: 1,
        transferredIn: 0,
        transferredOut: 0,
        conferences: { workers: ['2023'] },
      });
      expect(JSON.stringify(res.body)).not.toContain(person.fullName);
    });

    it('answers as of a date, with the late-recorded March join counted from March on', async () => {
      const on = async (asOf: string) => (await read('/read/unions/school/membership', { asOf }).expect(200)).body;
      expect((await on('2023-02-28')).members).toBe(1);
      expect((await on('2023-04-01')).members).toBe(2);
      expect((await on('2023-06-01')).members).toBe(4);
    });

    it('answers as known at a position, before the late join was recorded', async () => {
      const then = await read('/read/unions/school/membership', { asOf: '2023-04-01', knownAt: beforeLateJoin }).expect(
        200,
      );
      expect(then.body.members).toBe(1);
      const june = await read('/read/unions/school/membership', { asOf: '2023-06-30', knownAt: beforeLateJoin });
      expect(june.body).toMatchObject({ members: 2, joined: 2 });
    });

    it('answers as known at an instant: nothing before the first record, everything after the last', async () => {
      const before = new Date(TEST_NOW.getTime() - 1000).toISOString();
      const res = await read('/read/unions/school/membership', { knownAt: before }).expect(404);
      expect(res.body.message).toBe("union 'school' does not exist");
      const after = await read('/read/unions/school/membership', { knownAt: '2026-06-30T10:00:00+07:00' }).expect(200);
      expect(after.body.members).toBe(3);
    });

    it('answers 404 for a union unknown on the date asked', async () => {
      await read('/read/unions/nowhere/membership').expect(404);
      const res = await read('/read/unions/new-2023/membership', { asOf: '2023-04-30' }).expect(404);
      expect(res.body.message).toBe("union 'new-2023' does not exist");
    });

    it('answers 400 for a bad date, a bad knownAt, an unknown parameter or a malformed id', async () => {
      const bad = async (path: string, query: Record<string, string>, message: string) => {
        const res = await t.http().get(path).query(query).expect(400);
        expect(JSON.stringify(res.body.message)).toContain(message);
      };
      await bad('/read/unions/school/membership', { asOf: '2023-02-30' }, 'asOf must be a calendar date');
      await bad('/read/unions/school/membership', { asOf: '31/12/2023' }, 'asOf must be a calendar date');
      await bad('/read/unions/school/membership', { knownAt: 'yesterday' }, 'knownAt must be a log position');
      await bad('/read/unions/school/membership', { consistentWith: '-1' }, 'consistentWith must not be less than 0');
      await bad('/read/unions/school/membership', { members: '1' }, 'property members should not exist');
      await bad('/read/unions/Not%20An%20Id/membership', {}, 'id must be 1-64');
    });
  });

  describe('GET /read/federations/:id/membership', () => {
    it('sums the unions that belonged to the federation on the date', async () => {
      const baVi = await read('/read/federations/ba-vi/membership', { asOf: '2023-12-31' }).expect(200);
      expect(baVi.body).toEqual({
        federationId: 'ba-vi',
        name: 'LĐLĐ huyện Ba Vì',
        level: 'district',
        parentId: 'ha-noi',
        status: 'active',
        unions: { active: 3, dissolved: 0 },
        members: 5,
        joined: 6,
        left: 1,
        transferredIn: 0,
        transferredOut: 0,
        direct: {
          unions: { active: 3, dissolved: 0 },
          members: 5,
          joined: 6,
          left: 1,
          transferredIn: 0,
          transferredOut: 0,
        },
        children: [],
      });
    });

    it('rolls the city up over its districts as they stood on the date, with each district beside the total', async () => {
      const city = (await read('/read/federations/ha-noi/membership', { asOf: '2024-06-30' }).expect(200)).body;
      const baVi = (await read('/read/federations/ba-vi/membership', { asOf: '2024-06-30' }).expect(200)).body;
      const sonTay = (await read('/read/federations/son-tay/membership', { asOf: '2024-06-30' }).expect(200)).body;
      const sum = (key: 'members' | 'joined') =>
        city.direct[key] + (city.children as Record<string, number>[]).reduce((total, child) => total + child[key], 0);
      expect(city.members).toBe(sum('members'));
      expect(city.joined).toBe(sum('joined'));
      expect(city.members).toBeGreaterThanOrEqual(baVi.members + sonTay.members);
      expect(city.children).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ federationId: 'ba-vi', members: baVi.members }),
          expect.objectContaining({ federationId: 'son-tay', members: sonTay.members }),
        ]),
      );
      // The union moved from Ba Vì to Sơn Tây in 2024 stays in the city's total across the move.
      const before = (await read('/read/federations/ha-noi/membership', { asOf: '2023-12-31' }).expect(200)).body;
      expect(before.unions.active).toBe(city.unions.active);
    });

    it('counts the union moved in 2024 for Ba Vì up to the move and for Sơn Tây from it', async () => {
      const figures = async (id: string, asOf: string) =>
        (await read(`/read/federations/${id}/membership`, { asOf }).expect(200)).body;
      expect(await figures('son-tay', '2023-12-31')).toMatchObject({ unions: { active: 0 }, members: 0 });
      expect(await figures('ba-vi', '2024-06-30')).toMatchObject({ unions: { active: 2 }, members: 4 });
      expect(await figures('son-tay', '2024-06-30')).toMatchObject({ unions: { active: 1 }, members: 2 });
      // Today, with no asOf, is the structure of today.
      const today = await read('/read/federations/son-tay/membership').expect(200);
      expect(today.body).toMatchObject({ unions: { active: 1 }, members: 2 });
      // As known before the move was recorded, Sơn Tây had no union in mid-2024.
      const then = await read('/read/federations/son-tay/membership', { asOf: '2024-06-30', knownAt: beforeTransfer });
      expect(then.body).toMatchObject({ unions: { active: 0 }, members: 0 });
    });

    it('answers 404 for a federation unknown on the date asked, or as known before anything', async () => {
      await read('/read/federations/nowhere/membership').expect(404);
      await read('/read/federations/ba-vi/membership', { asOf: '1990-12-31' }).expect(404);
      await read('/read/federations/ba-vi/membership', { knownAt: '2000-01-01T00:00:00Z' }).expect(404);
    });
  });

  describe('GET /read/federations/:id/movements', () => {
    it('counts joins, departures and unions founded in a period', async () => {
      const res = await read('/read/federations/ba-vi/movements', { from: '2023-01-01', to: '2023-12-31' }).expect(200);
      expect(res.body).toEqual({
        from: '2023-01-01',
        to: '2023-12-31',
        joined: 5,
        left: 1,
        transferredIn: 0,
        transferredOut: 0,
        unionsFounded: 1,
        unionsDissolved: 0,
      });
      const spring = await read('/read/federations/ba-vi/movements', { from: '2023-03-01', to: '2023-04-30' });
      expect(spring.body).toMatchObject({ joined: 2, left: 0, unionsFounded: 0 });
    });

    it('counts as known at a position', async () => {
      const res = await read('/read/federations/ba-vi/movements', {
        from: '2023-01-01',
        to: '2023-12-31',
        knownAt: beforeLateJoin,
      }).expect(200);
      expect(res.body).toMatchObject({ joined: 1, left: 0, unionsFounded: 1 });
    });

    it('answers 400 for a missing or reversed period, one over ten years, or an asOf', async () => {
      const bad = async (query: Record<string, string>, message: string) => {
        const res = await read('/read/federations/ba-vi/movements', query).expect(400);
        expect(JSON.stringify(res.body.message)).toContain(message);
      };
      await bad({ from: '2023-12-31', to: '2023-01-01' }, 'from (2023-12-31) must not be after to (2023-01-01)');
      await bad({ from: '2014-01-01', to: '2024-01-01' }, 'at most 10 years');
      await bad({ to: '2023-12-31' }, 'from must be a calendar date');
      await bad({ from: '2023-01-01', to: '2023-13-01' }, 'to must be a calendar date');
      await bad({ from: '2023-01-01', to: '2023-12-31', asOf: '2023-06-30' }, 'asOf does not apply');
      // Exactly ten years is allowed.
      await read('/read/federations/ba-vi/movements', { from: '2014-01-01', to: '2023-12-31' }).expect(200);
    });

    it('answers 404 for a federation unknown at the end of the period', async () => {
      await read('/read/federations/nowhere/movements', { from: '2023-01-01', to: '2023-12-31' }).expect(404);
      await read('/read/federations/ba-vi/movements', { from: '1990-01-01', to: '1990-12-31' }).expect(404);
    });
  });

  describe('GET /read/federations/:id/development/:year', () => {
    it('gives the development and founding rates against the year’s targets, coverage and conferences', async () => {
      const res = await read('/read/federations/ba-vi/development/2023').expect(200);
      expect(res.body).toEqual({
        federationId: 'ba-vi',
        year: 2023,
        asOf: '2023-12-31',
        target: { newMembers: 4, newUnions: 2 },
        newMembers: 5,
        unionsFounded: 1,
        memberDevelopmentRate: 125,
        unionFoundingRate: 50,
        members: 5,
        workers: 10,
        coverage: 50,
        conferences: { held: 1, units: 3, rate: 33.3 },
      });
    });

    it('counts progress up to an earlier asOf, and has no rates as known before the target', async () => {
      const midYear = await read('/read/federations/ba-vi/development/2023', { asOf: '2023-04-30' }).expect(200);
      expect(midYear.body).toMatchObject({ asOf: '2023-04-30', newMembers: 2, memberDevelopmentRate: 50 });
      const then = await read('/read/federations/ba-vi/development/2023', { knownAt: beforeTarget }).expect(200);
      expect(then.body).toMatchObject({ target: null, newMembers: 5, memberDevelopmentRate: null, workers: 10 });
    });

    it('answers 404 for an unknown federation and 400 for a malformed year', async () => {
      await read('/read/federations/nowhere/development/2023').expect(404);
      const res = await read('/read/federations/ba-vi/development/twenty').expect(400);
      expect(JSON.stringify(res.body.message)).toContain('year must be a whole year');
      await read('/read/federations/ba-vi/development/123').expect(400);
    });
  });

  describe('GET /read/clusters/:id/years/:year/membership', () => {
    it("gives each federation's membership and rates, and the cluster's totals", async () => {
      const res = await read('/read/clusters/cum-4/years/2023/membership').expect(200);
      expect(res.body).toMatchObject({
        clusterId: 'cum-4',
        year: 2023,
        name: 'Cụm thi đua số 4',
        asOf: '2023-12-31',
        totals: { unions: { active: 4, dissolved: 0 }, members: 6, newMembers: 6, unionsFounded: 1 },
      });
      const [baVi, phucTho] = res.body.federations;
      expect(baVi).toMatchObject({
        federationId: 'ba-vi',
        membership: { members: 5, unions: { active: 3 } },
        development: { memberDevelopmentRate: 125, unionFoundingRate: 50 },
      });
      expect(phucTho).toMatchObject({
        federationId: 'phuc-tho',
        membership: { members: 1 },
        development: { newMembers: 1, target: null, memberDevelopmentRate: null },
      });
    });

    it('answers as of an earlier date in the year', async () => {
      const res = await read('/read/clusters/cum-4/years/2023/membership', { asOf: '2023-04-30' }).expect(200);
      expect(res.body).toMatchObject({ asOf: '2023-04-30', totals: { members: 4, unionsFounded: 0 } });
    });

    it('answers 404 for a cluster-year that does not exist (or not yet on the date asked)', async () => {
      await read('/read/clusters/cum-4/years/2022/membership').expect(404);
      await read('/read/clusters/cum-9/years/2023/membership').expect(404);
      const res = await read('/read/clusters/cum-4/years/2023/membership', { asOf: '2023-01-09' }).expect(404);
      expect(res.body.message).toBe("cluster year 'cum-4:2023' does not exist");
    });
  });

  it('answers 503 with Retry-After when the read model does not reach consistentWith in time', async () => {
    const started = Date.now();
    const res = await t
      .http()
      .get('/read/federations/ba-vi/membership')
      .query({ consistentWith: head + 1_000_000 })
      .expect(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(CONSISTENCY_WAIT_MS - 100);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.message).toContain('has not yet caught up');
  }, 15_000);

  it('documents the routes in the OpenAPI document', async () => {
    const { body } = await t.http().get('/docs/json').expect(200);
    const movements = body.paths['/read/federations/{id}/movements'].get;
    expect(movements.tags).toEqual(['read models']);
    expect(movements.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['id', 'from', 'to', 'asOf', 'knownAt', 'consistentWith']),
    );
    for (const path of [
      '/read/unions/{id}/membership',
      '/read/federations/{id}/membership',
      '/read/federations/{id}/development/{year}',
      '/read/clusters/{id}/years/{year}/membership',
    ]) {
      expect(body.paths[path].get.responses['200'].content['application/json'].schema.$ref).toBeDefined();
    }
  });
});
