import type { Role } from '../../src/auth/principal';
import { createTestApp, type TestApp } from '../support/test-app';
import { buildWorld } from './world';

type Method = 'get' | 'post' | 'put';

/** A representative call of one area, the roles that may make it, and what it answers them. */
interface Row {
  area: string;
  method: Method;
  path: string;
  body?: (role: Role) => object;
  allowed: Role[];
  status: number;
}

const ROLES: Role[] = ['recorder', 'reader', 'auditor', 'finance-inspector', 'admin'];

const newUnion = (federationId: string) => (role: Role) => ({
  id: `${federationId}-${role}`,
  federationId,
  name: `CĐCS ${role}`,
  sector: 'state-enterprise',
  occurredOn: '2025-08-01',
});

const MATRIX: Row[] = [
  {
    area: 'a command in Ba Vì',
    method: 'post',
    path: '/unions',
    body: newUnion('ba-vi'),
    allowed: ['recorder', 'admin'],
    status: 201,
  },
  {
    area: 'a command in Đan Phượng',
    method: 'post',
    path: '/unions',
    body: newUnion('dan-phuong'),
    allowed: ['admin'],
    status: 201,
  },
  {
    area: 'membership read model',
    method: 'get',
    path: '/read/federations/ba-vi/membership',
    allowed: ['reader', 'auditor', 'admin'],
    status: 200,
  },
  {
    area: 'cluster ranking',
    method: 'get',
    path: '/read/clusters/cum-4/years/2025/ranking',
    allowed: ['reader', 'auditor', 'admin'],
    status: 200,
  },
  {
    area: 'fund read model',
    method: 'get',
    path: '/read/federations/ba-vi/funds/bv-social',
    allowed: ['reader', 'auditor', 'finance-inspector', 'admin'],
    status: 200,
  },
  {
    area: 'entity history',
    method: 'get',
    path: '/history/unions/bv-school',
    allowed: ['auditor', 'admin'],
    status: 200,
  },
  {
    area: 'fund book history',
    method: 'get',
    path: '/history/funds/ba-vi',
    allowed: ['auditor', 'finance-inspector', 'admin'],
    status: 200,
  },
  { area: 'the global log', method: 'get', path: '/events', allowed: ['auditor', 'admin'], status: 200 },
  { area: 'projection status', method: 'get', path: '/projections', allowed: ['auditor', 'admin'], status: 200 },
  {
    area: 'audit namespaces',
    method: 'get',
    path: '/projections/namespaces',
    allowed: ['auditor', 'admin'],
    status: 200,
  },
  {
    area: 'a replay into an audit copy',
    method: 'post',
    path: '/projections/membership/rebuild',
    body: () => ({ until: 5 }),
    allowed: ['auditor', 'admin'],
    status: 202,
  },
  {
    area: 'a rebuild of the live read model',
    method: 'post',
    path: '/projections/funds/rebuild',
    body: () => ({}),
    allowed: ['admin'],
    status: 202,
  },
  {
    area: 'a projection restart',
    method: 'post',
    path: '/projections/recognition/restart',
    allowed: ['admin'],
    status: 200,
  },
  { area: 'credentials', method: 'get', path: '/credentials/api-keys', allowed: ['admin'], status: 200 },
];

/** For each role, per area, a call it may make and calls it may not (403, recording nothing). */
describe('what each role may call', () => {
  let t: TestApp;
  const as: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await buildWorld(t);
    for (const role of ROLES) {
      as[role] = (
        await t.apiKey({ roles: [role], federations: role === 'recorder' ? ['ba-vi'] : undefined })
      ).authorization;
    }
  });
  afterAll(() => t.close());

  const cases = MATRIX.flatMap((row) => ROLES.map((role) => ({ ...row, role, may: row.allowed.includes(role) })));

  it.each(cases)('$area: $role → $may', async ({ method, path, body, role, may, status }) => {
    const before = await t.logLength();
    // Rebuilds run in the background: wait for the previous one, so a 409 "already rebuilding" never hides the answer.
    await settled(t);
    const request = t.as(as[role]!)[method](path);
    const res = body ? await request.send(body(role)) : await request;
    if (may) {
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
    } else {
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 403 });
      expect(await t.logLength()).toBe(before);
    }
  });

  it('never lets a reader, auditor or finance inspector record', async () => {
    const before = await t.logLength();
    for (const role of ['reader', 'auditor', 'finance-inspector'] as const) {
      await t
        .as(as[role]!)
        .put('/federations/ba-vi/workforce/2025')
        .send({ workers: 1, occurredOn: '2025-12-31' })
        .expect(403);
    }
    expect(await t.logLength()).toBe(before);
  });
});

/** Waits until no projection is rebuilding. */
async function settled(t: TestApp): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const res = await t.http().get('/projections');
    if (res.status !== 200 || !(res.body.projections as { rebuild: unknown }[]).some((p) => p.rebuild)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
