import fc from 'fast-check';
import { createTestApp, type TestApp } from '../support/test-app';
import { buildWorld } from './world';

/** A read route, with query parameters that make a valid request. */
interface ReadRoute {
  path: string;
  query: Record<string, string>;
  /** The parameters this route reads, beyond asOf / knownAt / consistentWith. */
  params: string[];
}

const READS: ReadRoute[] = [
  { path: '/read/unions/bv-school/membership', query: {}, params: [] },
  { path: '/read/federations/ba-vi/membership', query: {}, params: [] },
  {
    path: '/read/federations/ba-vi/movements',
    query: { from: '2023-01-01', to: '2023-12-31' },
    params: ['from', 'to'],
  },
  { path: '/read/federations/ba-vi/development/2023', query: {}, params: [] },
  { path: '/read/clusters/cum-4/years/2025/membership', query: {}, params: [] },
  { path: '/read/clusters/cum-4/years/2025/ranking', query: {}, params: [] },
  { path: '/read/federations/ba-vi/funds', query: {}, params: [] },
  { path: '/read/federations/ba-vi/funds/bv-social', query: {}, params: [] },
  {
    path: '/read/federations/ba-vi/funds/bv-social/flows',
    query: { from: '2020-01-01', to: '2020-12-31' },
    params: ['from', 'to'],
  },
  {
    path: '/read/federations/ba-vi/funds/bv-social/ledger',
    query: { limit: '10' },
    params: ['from', 'to', 'limit', 'after'],
  },
  { path: '/events', query: { after: '0', limit: '10' }, params: ['after', 'limit'] },
];

// Other notations of an in-range whole number (1.0e3, 0x10) are read as that number; these are not numbers, or out of range.
const BAD_NUMBER = fc.oneof(
  fc.constantFrom('1e300', '-1', '0.5', 'Infinity', 'NaN', '', ' ', '99999999999999999999', 'ten', '[1]', '1,2'),
  fc.integer({ min: 1001, max: 1_000_000_000 }).map(String),
);
const BAD_DATE = fc.constantFrom(
  '2023-02-30',
  '2023-13-01',
  '23-01-01',
  '2023/01/01',
  '2023-01-01T00:00:00Z',
  'today',
  '',
  '1e300',
);
const BAD_KNOWN_AT = fc.constantFrom(
  'yesterday',
  '2024-01-15',
  '2024-01-15T00:00:00',
  '-5',
  '1e300',
  '9999999999999999',
  '2024-02-30T00:00Z',
);
const BAD_CONSISTENT_WITH = fc.constantFrom('1e300', '-1', '0.5', 'NaN', 'abc', '99999999999999999999');

/** Which bad values fit which parameter; `limit` values must also miss the page cap. */
function badValueFor(param: string): fc.Arbitrary<string> {
  if (param === 'from' || param === 'to' || param === 'asOf') return BAD_DATE;
  if (param === 'knownAt') return BAD_KNOWN_AT;
  if (param === 'consistentWith') return BAD_CONSISTENT_WITH;
  if (param === 'after') return fc.constantFrom('-1', 'x:y', '1e300', '99999999999999999999', '0.5');
  return BAD_NUMBER;
}

/**
 * Query parameters under attack on the read side: malformed dates and positions, page sizes past the cap,
 * numbers out of range, periods past their bound. Every one answers 400 — never a 500, never a page that
 * does more work than the cap allows.
 */
describe('hostile query parameters on the read routes', () => {
  let t: TestApp;
  let head: number;

  beforeAll(async () => {
    t = await createTestApp();
    await buildWorld(t);
    head = await t.logLength();
    // Every read model has caught up, so a valid request answers 200 and a bad one 400, never 503.
    for (const route of READS.filter((r) => r.path.startsWith('/read'))) {
      await t
        .http()
        .get(route.path)
        .query({ ...route.query, consistentWith: head })
        .expect(200);
    }
  });
  afterAll(() => t.close());

  it.each(READS)('$path answers 400 to bad parameters', async (route) => {
    const readAt = route.path.startsWith('/events') ? [] : ['asOf', 'knownAt', 'consistentWith'];
    const params = [...route.params, ...readAt].filter((p) => !(route.path.includes('/movements') && p === 'asOf'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...params).chain((param) => badValueFor(param).map((value) => [param, value] as const)),
        async ([param, value]) => {
          const res = await t
            .http()
            .get(route.path)
            .query({ ...route.query, [param]: value });
          if (res.status !== 400)
            throw new Error(`${param}=${value} answered ${res.status} ${JSON.stringify(res.body)}`);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('answers 400 to bad parameters of the audit view of a namespace', async () => {
    const { body } = await t.http().get('/projections').expect(200);
    const namespace = (body.projections as { name: string; namespace: string }[]).find(
      (p) => p.name === 'membership',
    )!.namespace;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('limit', 'asOf', 'knownAt', 'consistentWith'),
        fc.context(),
        async (param, ctx) => {
          const value = fc.sample(badValueFor(param), 1)[0];
          ctx.log(`${param}=${value}`);
          const res = await t
            .http()
            .get(`/projections/namespaces/${namespace}/unions`)
            .query({ [param]: value });
          if (res.status !== 400)
            throw new Error(`${param}=${value} answered ${res.status} ${JSON.stringify(res.body)}`);
        },
      ),
      { numRuns: 20 },
    );
    await t.http().get(`/projections/namespaces/${namespace}/unions`).query({ limit: 1001 }).expect(400);
  });

  it('caps page sizes', async () => {
    await t.http().get('/events').query({ limit: 1001 }).expect(400);
    await t.http().get('/events').query({ limit: 1000 }).expect(200);
    await t.http().get('/read/federations/ba-vi/funds/bv-social/ledger').query({ limit: 1_000_000 }).expect(400);
  });

  it('bounds the periods whose cost grows with their length', async () => {
    const tooLong = await t
      .http()
      .get('/read/federations/ba-vi/movements')
      .query({ from: '1900-01-01', to: '2026-06-30' })
      .expect(400);
    expect(tooLong.body.message).toContain('at most 10 years');
    await t.http().get('/read/federations/ba-vi/movements').query({ from: '2024-01-01', to: '2023-01-01' }).expect(400);
    await t
      .http()
      .get('/read/federations/ba-vi/funds/bv-social/flows')
      .query({ from: '2021-01-01', to: '2020-01-01' })
      .expect(400);
  });

  it('answers 400, not 500, to repeated parameters', async () => {
    await t.http().get('/read/federations/ba-vi/membership?asOf=2023-01-01&asOf=2024-01-01').expect(400);
    await t.http().get('/events?limit=10&limit=20').expect(400);
  });
});
