import fc from 'fast-check';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Property, end to end over HTTP: for random histories of foundings, joins, departures, union transfers, merges
 * and a reorganisation, every federation's membership on any date equals the sum over the grassroots unions
 * under it on that date — the unions attached to it or to a federation below it, following the parents and
 * attachments of that very date. The expected figures come from a model kept by the test from the commands the
 * service accepted (a refused command changes nothing, in the service as in the model).
 */

const YEARS = { from: 2001, to: 2026 };
const REORGANISED_ON = '2025-07-01';

type Step =
  | { kind: 'found'; union: number; district: number; on: string }
  | { kind: 'join'; union: number; on: string }
  | { kind: 'leave'; member: number; on: string }
  | { kind: 'transfer'; union: number; district: number; on: string }
  | { kind: 'merge'; district: number; into: number; on: string };

const date = fc
  .record({
    year: fc.integer({ min: YEARS.from, max: 2025 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

const UNIONS = 6;
const DISTRICTS = 4;

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('found' as const),
      union: fc.nat(UNIONS - 1),
      district: fc.nat(DISTRICTS - 1),
      on: date,
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('join' as const), union: fc.nat(UNIONS - 1), on: date }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), member: fc.nat(30), on: date }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      union: fc.nat(UNIONS - 1),
      district: fc.nat(DISTRICTS - 1),
      on: date,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('merge' as const),
      district: fc.nat(DISTRICTS - 1),
      into: fc.nat(DISTRICTS - 1),
      on: date,
    }),
  },
);

const addTenYears = (on: string) => `${Number(on.slice(0, 4)) + 10}${on.slice(4)}`;

const pick = (body: { joined?: number; left?: number; unionsFounded?: number }) => ({
  joined: body.joined,
  left: body.left,
  unionsFounded: body.unionsFounded,
});

/** What the test knows from the accepted commands alone. */
class Model {
  /** Each union's attachments, in the order recorded (dates ascending: a back-dated move is refused). */
  readonly attached = new Map<string, { on: string; federationId: string }[]>();
  readonly members: { id: string; unionId: string; joined: string; left: string | null }[] = [];
  /** Parent of each federation (fixed here: merges end a federation, they do not re-parent it). */
  readonly parent = new Map<string, string | null>();

  federationOf(unionId: string, on: string): string | null {
    let current: string | null = null;
    for (const a of this.attached.get(unionId) ?? []) if (a.on <= on) current = a.federationId;
    return current;
  }

  isUnder(federationId: string, ancestor: string): boolean {
    for (let id: string | null = federationId; id !== null; id = this.parent.get(id) ?? null) {
      if (id === ancestor) return true;
    }
    return false;
  }

  membersUnder(ancestor: string, on: string): number {
    return this.members.filter((m) => {
      if (m.joined > on || (m.left !== null && m.left <= on)) return false;
      const federationId = this.federationOf(m.unionId, on);
      return federationId !== null && this.isUnder(federationId, ancestor);
    }).length;
  }

  /** Joins, departures and foundings in a period, for the unions under the federation at the period's end. */
  movements(ancestor: string, from: string, to: string): { joined: number; left: number; unionsFounded: number } {
    const endsUnder = (unionId: string) => {
      const federationId = this.federationOf(unionId, to);
      return federationId !== null && this.isUnder(federationId, ancestor);
    };
    const within = (on: string | null) => on !== null && on >= from && on <= to;
    return {
      joined: this.members.filter((m) => within(m.joined) && endsUnder(m.unionId)).length,
      left: this.members.filter((m) => within(m.left) && endsUnder(m.unionId)).length,
      unionsFounded: [...this.attached].filter(([unionId, moves]) => within(moves[0].on) && endsUnder(unionId)).length,
    };
  }
}

describe('roll-ups over random histories', () => {
  let t: TestApp;
  let run = 0;
  /** Unions moved by accepted transfers and merges, over all runs: the property must have been put to work. */
  let moves = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('give every federation, on any date, the sum over the grassroots unions under it then', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 10, maxLength: 40 }),
        fc.array(date, { minLength: 3, maxLength: 6 }),
        async (steps, dates) => {
          run += 1;
          const model = new Model();
          const id = (what: string, n: number) => `r${run}-${what}-${n}`;
          const city = `r${run}-city`;
          const post = async (path: string, body: object) => {
            const res = await t.http().post(path).send(body);
            // Accepted, or refused by a rule (404 unknown, 409 broken rule): never malformed by the test itself.
            if (![200, 201, 404, 409].includes(res.status)) {
              throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
            }
            return res;
          };

          await post('/federations', {
            id: city,
            name: `Thành phố ${run}`,
            level: 'city',
            occurredOn: '2000-01-01',
          });
          model.parent.set(city, null);
          for (let d = 0; d < DISTRICTS; d++) {
            const district = id('d', d);
            await post('/federations', {
              id: district,
              name: `Huyện ${d}`,
              level: 'district',
              parentId: city,
              occurredOn: '2000-01-01',
            });
            model.parent.set(district, city);
          }

          // History in date order, as clerks mostly record it; refusals (a join before a founding, a transfer
          // into a merged district…) leave the model untouched, as they leave the log.
          for (const s of [...steps].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))) {
            switch (s.kind) {
              case 'found': {
                const res = await post('/unions', {
                  id: id('u', s.union),
                  federationId: id('d', s.district),
                  name: 'CĐCS',
                  sector: 'public-service',
                  occurredOn: s.on,
                });
                if (res.status === 201)
                  model.attached.set(id('u', s.union), [{ on: s.on, federationId: id('d', s.district) }]);
                break;
              }
              case 'join': {
                const memberId = id('m', model.members.length);
                const res = await post('/members', {
                  id: memberId,
                  unionId: id('u', s.union),
                  fullName: 'Đoàn viên',
                  gender: 'male',
                  birthDate: '1980-01-01',
                  occurredOn: s.on,
                });
                if (res.status === 201)
                  model.members.push({ id: memberId, unionId: id('u', s.union), joined: s.on, left: null });
                break;
              }
              case 'leave': {
                const member = model.members[s.member];
                if (!member) break;
                const res = await post(`/members/${member.id}/leave`, { occurredOn: s.on });
                if (res.status === 200) member.left = s.on;
                break;
              }
              case 'transfer': {
                const res = await post(`/unions/${id('u', s.union)}/transfer`, {
                  toFederationId: id('d', s.district),
                  occurredOn: s.on,
                });
                if (res.status === 200) {
                  model.attached.get(id('u', s.union))!.push({ on: s.on, federationId: id('d', s.district) });
                  moves += 1;
                }
                break;
              }
              case 'merge': {
                const from = id('d', s.district);
                const into = id('d', s.into);
                const before = [...model.attached.keys()].filter((u) => model.federationOf(u, s.on) === from);
                const res = await post(`/federations/${from}/merge`, { intoFederationId: into, occurredOn: s.on });
                if (res.status === 200 || res.status === 201) {
                  for (const u of before) model.attached.get(u)!.push({ on: s.on, federationId: into });
                  moves += before.length;
                }
                break;
              }
            }
          }

          // The reorganisation: a commune registered under the city takes every union of the first district still
          // active, and the district ends by merging into it.
          const commune = `r${run}-commune`;
          const first = id('d', 0);
          const moving = [...model.attached.keys()].filter((u) => model.federationOf(u, REORGANISED_ON) === first);
          const res = await post('/reorganisations', {
            occurredOn: REORGANISED_ON,
            register: [{ id: commune, name: 'Công đoàn xã', level: 'commune', parentId: city }],
            merges: [{ federationId: first, intoFederationId: commune }],
          });
          if (res.status === 201) {
            model.parent.set(commune, city);
            for (const u of moving) model.attached.get(u)!.push({ on: REORGANISED_ON, federationId: commune });
            moves += moving.length;
          }

          const head = await t.store.headPosition();
          for (const on of [...dates, '2025-06-30', REORGANISED_ON, '2026-01-01']) {
            for (const federationId of model.parent.keys()) {
              const body = (
                await t
                  .http()
                  .get(`/read/federations/${federationId}/membership`)
                  .query({ asOf: on, consistentWith: head })
              ).body;
              const expected = model.membersUnder(federationId, on);
              // The period from a date to each later date: movements follow the unions where they end it.
              for (const to of [...dates, '2025-06-30', REORGANISED_ON, '2026-01-01'].filter(
                (d) => d >= on && d < addTenYears(on),
              )) {
                const res = await t
                  .http()
                  .get(`/read/federations/${federationId}/movements`)
                  .query({ from: on, to, consistentWith: head });
                // The commune the reorganisation registers does not exist before it.
                if (federationId === commune && to < REORGANISED_ON) {
                  expect(res.status).toBe(404);
                  continue;
                }
                const movements = res.body;
                expect({ federationId, from: on, to, ...pick(movements) }).toEqual({
                  federationId,
                  from: on,
                  to,
                  ...model.movements(federationId, on, to),
                });
              }
              expect({ federationId, on, members: body.members ?? 0 }).toEqual({ federationId, on, members: expected });
              if (Array.isArray(body.children) && body.children.length > 0) {
                const children = body.children.reduce((sum: number, c: { members: number }) => sum + c.members, 0);
                expect({ federationId, on, total: body.members }).toEqual({
                  federationId,
                  on,
                  total: (body.direct?.members ?? 0) + children,
                });
              }
            }
          }
        },
      ),
      { numRuns: 12 },
    );
    expect(moves).toBeGreaterThan(5);
  }, 240_000);
});
