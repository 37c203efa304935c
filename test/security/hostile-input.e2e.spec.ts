import fc from 'fast-check';
import { INDICATORS } from '../../src/clusters/clusters.events';
import { MAX_AMOUNT_DONG } from '../../src/core/money';
import {
  FUND_KINDS,
  CORRECTION_KINDS,
  SOURCE_KINDS,
  SUPPORT_PURPOSES,
  SUPPORT_RECIPIENT_KINDS,
} from '../../src/funds/funds.events';
import { MAX_RECIPIENTS } from '../../src/funds/fund-book';
import { ENTITY_ID_PATTERN } from '../../src/http/recorded-fact.dto';
import { GENDERS } from '../../src/membership/membership.events';
import { FEDERATION_LEVELS, UNION_SECTORS } from '../../src/organisation/organisation.events';
import { AWARD_LEVELS, RECIPIENT_KINDS } from '../../src/recognition/recognition.events';
import { CONFERENCE_KINDS } from '../../src/democracy/democracy.events';
import { GRADES } from '../../src/clusters/clusters.events';
import { createTestApp, type TestApp } from '../support/test-app';
import { commandRouteNames } from './routes';
import { baViRecorder, buildWorld } from './world';

/** What a body field holds, so the generators know what is wrong for it. */
type Field =
  | { kind: 'id' | 'date' | 'reason'; required: boolean }
  | { kind: 'text'; required: boolean; max: number }
  | { kind: 'int'; required: boolean; min: number; max: number; nonZero?: boolean }
  | { kind: 'enum'; required: boolean; values: readonly string[] }
  | { kind: 'ids' | 'indicators' | 'weights'; required: boolean };

const id = (required = true): Field => ({ kind: 'id', required });
const date = (required = true): Field => ({ kind: 'date', required });
const text = (max = 200, required = true): Field => ({ kind: 'text', required, max });
const int = (min: number, max: number, required = true): Field => ({ kind: 'int', required, min, max });
const oneOf = (values: readonly string[]): Field => ({ kind: 'enum', required: true, values });
const amount = int(1, MAX_AMOUNT_DONG);
const year = int(1900, 9999);
const count = int(0, 100_000_000);

/** Every body carries these (RecordedFactDto). */
const FACT: Record<string, Field> = { occurredOn: date(), reason: { kind: 'reason', required: false } };
const REASON_REQUIRED: Record<string, Field> = { reason: { kind: 'reason', required: true } };

interface CommandRoute {
  route: string;
  method: 'post' | 'put';
  path: string;
  body: Record<string, unknown>;
  fields: Record<string, Field>;
}

/** Every command route, with a valid body in the world of ./world.ts, and what each field holds. */
const ROUTES: CommandRoute[] = [
  {
    route: 'POST /federations',
    method: 'post',
    path: '/federations',
    body: { id: 'bv-ward-x', name: 'Xã X', level: 'commune', parentId: 'ba-vi', occurredOn: '2025-07-01' },
    fields: { ...FACT, id: id(false), name: text(), level: oneOf(FEDERATION_LEVELS), parentId: id(false) },
  },
  {
    route: 'POST /federations/:id/rename',
    method: 'post',
    path: '/federations/tan-linh/rename',
    body: { name: 'Xã Tản Lĩnh', occurredOn: '2025-08-01' },
    fields: { ...FACT, name: text() },
  },
  {
    route: 'POST /federations/:id/merge',
    method: 'post',
    path: '/federations/bv-old/merge',
    body: { intoFederationId: 'van-hoa', occurredOn: '2025-09-01' },
    fields: { ...FACT, intoFederationId: id() },
  },
  // The dry run first: the reorganisation itself then records the move the dry run only previews.
  {
    route: 'POST /reorganisations/dry-run',
    method: 'post',
    path: '/reorganisations/dry-run',
    // Another union than the one POST /reorganisations moves, so it still answers after that one is recorded.
    body: { occurredOn: '2025-07-01', moves: [{ unionId: 'bv-school-2', toFederationId: 'tan-linh' }] },
    fields: { ...FACT, id: id(false) },
  },
  {
    route: 'POST /reorganisations',
    method: 'post',
    path: '/reorganisations',
    body: { occurredOn: '2025-07-01', moves: [{ unionId: 'bv-school', toFederationId: 'tan-linh' }] },
    fields: { ...FACT, id: id(false) },
  },
  {
    route: 'POST /federations/:id/dissolve',
    method: 'post',
    path: '/federations/bv-spare/dissolve',
    body: { occurredOn: '2025-10-01' },
    fields: { ...FACT },
  },
  {
    route: 'PUT /federations/:id/targets/:year',
    method: 'put',
    path: '/federations/ba-vi/targets/2025',
    body: { newMembers: 100, newUnions: 2, occurredOn: '2025-01-05' },
    fields: { ...FACT, newMembers: count, newUnions: count },
  },
  {
    route: 'PUT /federations/:id/workforce/:year',
    method: 'put',
    path: '/federations/ba-vi/workforce/2025',
    body: { workers: 52_000, occurredOn: '2025-12-31' },
    fields: { ...FACT, workers: count },
  },
  {
    route: 'POST /unions',
    method: 'post',
    path: '/unions',
    body: {
      id: 'bv-new',
      federationId: 'ba-vi',
      name: 'CĐCS mới',
      sector: 'state-enterprise',
      occurredOn: '2025-08-01',
    },
    fields: { ...FACT, id: id(false), federationId: id(), name: text(), sector: oneOf(UNION_SECTORS) },
  },
  {
    route: 'POST /unions/:id/dissolve',
    method: 'post',
    path: '/unions/bv-factory/dissolve',
    body: { occurredOn: '2024-01-01' },
    fields: { ...FACT },
  },
  {
    route: 'POST /unions/:id/transfer',
    method: 'post',
    path: '/unions/bv-shop/transfer',
    body: { toFederationId: 'van-hoa', occurredOn: '2025-08-01' },
    fields: { ...FACT, toFederationId: id() },
  },
  {
    route: 'POST /members',
    method: 'post',
    path: '/members',
    body: {
      unionId: 'bv-school',
      fullName: 'Nguyễn Văn An',
      gender: 'male',
      birthDate: '1995-02-01',
      occurredOn: '2024-03-01',
    },
    fields: { ...FACT, id: id(false), unionId: id(), fullName: text(), gender: oneOf(GENDERS), birthDate: date() },
  },
  {
    route: 'POST /members/:id/transfer',
    method: 'post',
    path: '/members/bv-mai/transfer',
    body: { toUnionId: 'bv-school-2', occurredOn: '2024-02-01' },
    fields: { ...FACT, toUnionId: id() },
  },
  {
    route: 'POST /members/:id/leave',
    method: 'post',
    path: '/members/bv-leaver/leave',
    body: { occurredOn: '2024-05-01' },
    fields: { ...FACT },
  },
  {
    route: 'POST /members/:id/forget',
    method: 'post',
    path: '/members/bv-leaver/forget',
    body: { occurredOn: '2024-06-01', reason: 'written request under Decree 13/2023' },
    fields: { ...FACT },
  },
  {
    route: 'POST /federations/:federationId/funds',
    method: 'post',
    path: '/federations/ba-vi/funds',
    body: { id: 'bv-housing', kind: 'housing', name: 'Mái ấm Công đoàn', occurredOn: '2021-01-01' },
    fields: { ...FACT, id: id(false), kind: oneOf(FUND_KINDS), name: text() },
  },
  {
    route: 'POST /federations/:federationId/funds/:fundId/contributions',
    method: 'post',
    path: '/federations/ba-vi/funds/bv-social/contributions',
    body: {
      amount: 5_000_000,
      sourceKind: 'member',
      sourceId: 'bv-lan',
      sourceName: 'Chị Lan',
      occurredOn: '2021-01-02',
    },
    fields: {
      ...FACT,
      id: id(false),
      amount,
      sourceKind: oneOf(SOURCE_KINDS),
      sourceId: id(false),
      sourceName: text(200, false),
    },
  },
  {
    route: 'POST /federations/:federationId/funds/:fundId/payments',
    method: 'post',
    path: '/federations/ba-vi/funds/bv-social/payments',
    body: {
      amount: 2_000_000,
      purpose: 'hardship',
      recipientKind: 'member',
      recipients: 2,
      amountEach: 1_000_000,
      occurredOn: '2021-01-10',
    },
    fields: {
      ...FACT,
      id: id(false),
      amount,
      purpose: oneOf(SUPPORT_PURPOSES),
      recipientKind: oneOf(SUPPORT_RECIPIENT_KINDS),
      recipientId: id(false),
      recipientName: text(200, false),
      recipients: int(1, MAX_RECIPIENTS, false),
      amountEach: int(1, MAX_AMOUNT_DONG, false),
    },
  },
  {
    route: 'POST /federations/:federationId/fund-transfers',
    method: 'post',
    path: '/federations/ba-vi/fund-transfers',
    body: { fromFundId: 'bv-social', toFundId: 'bv-poverty', amount: 2_000_000, occurredOn: '2021-02-01' },
    fields: { ...FACT, id: id(false), fromFundId: id(), toFundId: id(), amount },
  },
  {
    route: 'POST /federations/:federationId/fund-entries/:entryId/corrections',
    method: 'post',
    path: '/federations/ba-vi/fund-entries/bv-poverty-c1/corrections',
    body: { kind: 'adjustment', amountDelta: -1_000_000, reason: 'Ghi nhầm số tiền', occurredOn: '2021-03-01' },
    fields: {
      ...FACT,
      ...REASON_REQUIRED,
      id: id(false),
      kind: oneOf(CORRECTION_KINDS),
      amountDelta: { kind: 'int', required: true, min: -MAX_AMOUNT_DONG, max: MAX_AMOUNT_DONG, nonZero: true },
    },
  },
  {
    route: 'POST /federations/:federationId/fund-periods/close',
    method: 'post',
    path: '/federations/ba-vi/fund-periods/close',
    body: { closedThrough: '2021-12-31', occurredOn: '2022-01-05' },
    fields: { ...FACT, closedThrough: date() },
  },
  {
    route: 'POST /federations/:federationId/fund-periods/reopen',
    method: 'post',
    path: '/federations/ba-vi/fund-periods/reopen',
    body: { reopenedFrom: '2021-12-01', reason: 'Bổ sung chứng từ', occurredOn: '2022-02-01' },
    fields: { ...FACT, ...REASON_REQUIRED, reopenedFrom: date() },
  },
  {
    route: 'POST /awards',
    method: 'post',
    path: '/awards',
    body: {
      title: 'Lao động giỏi',
      level: 'district',
      recipientKind: 'member',
      recipientId: 'bv-lan',
      year: 2023,
      occurredOn: '2023-12-20',
    },
    fields: {
      ...FACT,
      id: id(false),
      title: text(),
      level: oneOf(AWARD_LEVELS),
      recipientKind: oneOf(RECIPIENT_KINDS),
      recipientId: id(),
      year,
    },
  },
  {
    route: 'POST /awards/:id/revoke',
    method: 'post',
    path: '/awards/bv-award/revoke',
    body: { reason: 'Quyết định thu hồi số 1', occurredOn: '2024-02-01' },
    fields: { ...FACT, ...REASON_REQUIRED },
  },
  {
    route: 'POST /initiatives',
    method: 'post',
    path: '/initiatives',
    body: {
      federationId: 'ba-vi',
      unionId: 'bv-school',
      title: 'Sáng kiến',
      valueSavedDong: 25_000_000,
      occurredOn: '2024-06-01',
    },
    fields: {
      ...FACT,
      id: id(false),
      federationId: id(),
      unionId: id(false),
      title: text(500),
      valueSavedDong: amount,
    },
  },
  {
    route: 'POST /unions/:id/conferences',
    method: 'post',
    path: '/unions/bv-school/conferences',
    body: { year: 2024, kind: 'workers', occurredOn: '2024-03-10' },
    fields: { ...FACT, year, kind: oneOf(CONFERENCE_KINDS) },
  },
  {
    route: 'POST /unions/:id/agreements',
    method: 'post',
    path: '/unions/bv-school/agreements',
    body: { title: 'Thỏa ước 2024', validFrom: '2024-01-01', validUntil: '2026-12-31', occurredOn: '2024-01-01' },
    fields: { ...FACT, id: id(false), title: text(), validFrom: date(), validUntil: date(false) },
  },
  {
    route: 'PUT /clusters/:id/years/:year',
    method: 'put',
    path: '/clusters/cum-bv/years/2026',
    body: { name: 'Cụm xã Ba Vì', federationIds: ['van-hoa', 'tan-linh'], occurredOn: '2026-01-10' },
    fields: { ...FACT, name: text(), federationIds: { kind: 'ids', required: true } },
  },
  {
    route: 'POST /clusters/:id/leader-elections',
    method: 'post',
    path: '/clusters/cum-bv/leader-elections',
    body: { forYear: 2026, leaderFederationId: 'van-hoa', deputyFederationId: 'tan-linh', occurredOn: '2025-11-22' },
    fields: { ...FACT, forYear: year, leaderFederationId: id(), deputyFederationId: id(false) },
  },
  {
    route: 'PUT /clusters/:id/years/:year/scoring-rule',
    method: 'put',
    path: '/clusters/cum-bv/years/2025/scoring-rule',
    body: { weights: { awards: 10, initiatives: 5 }, tieBreak: ['awards'], occurredOn: '2025-08-01' },
    fields: { ...FACT, weights: { kind: 'weights', required: true }, tieBreak: { kind: 'indicators', required: true } },
  },
  {
    route: 'POST /clusters/:id/years/:year/evaluations',
    method: 'post',
    path: '/clusters/cum-bv/years/2025/evaluations',
    body: { federationId: 'van-hoa', grade: 'excellent', rank: 1, occurredOn: '2025-11-22' },
    fields: { ...FACT, federationId: id(), grade: oneOf(GRADES), rank: int(1, 100, false) },
  },
];

// ---- Generators of what is wrong for each kind of field ------------------------------------------

/** Values wrong for any scalar field: other JSON types, nested junk. `null` only where a field is required. */
function junk(required: boolean): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.boolean(),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    required ? fc.constant(null) : fc.constant([]),
  );
}

/** Free texts (names, titles, reasons) no person types, each with what is wrong with it. */
const BAD_FREE_TEXTS: [string, string][] = [
  ['a NUL', 'Ba\u0000Vì'],
  ['an escape sequence', 'Ba Vì\u001b[2J'],
  ['a line break', 'Ba Vì\nDROP'],
  ['a carriage return', 'Ba Vì\r'],
  ['a tab', '\tBa Vì'],
  ['a C1 control', 'Ba\u0085Vì'],
  ['DEL', 'Ba\u007fVì'],
  ['a lone high surrogate', 'Ba Vì\uD83D'],
  ['a lone low surrogate', '\uDE00Ba Vì'],
  ['a right-to-left override', 'Ba \u202EìV'],
  ['a left-to-right embedding', '\u202ABa Vì'],
  ['a first-strong isolate', 'Ba \u2068Vì\u2069'],
  ['only spaces', '   '],
  ['only an ideographic space', '\u3000'],
  ['only a zero-width space and a no-break space', '\u200B\u00A0'],
];

const BAD_NUMBERS = [1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 0.5, -0.5, 1e-300];

function wrongFor(field: Field): fc.Arbitrary<unknown> {
  const common = junk(field.required);
  switch (field.kind) {
    case 'id':
      return fc.oneof(
        fc.string({ maxLength: 80 }).filter((s) => !ENTITY_ID_PATTERN.test(s)),
        fc.constantFrom('Ba-Vi', 'ba vi', 'ba_vi', '-ba-vi', 'ba-vi\n', 'x'.repeat(65), 'ba-vì', '../etc/passwd', ''),
        fc.integer(),
        common,
      );
    case 'date':
      return fc.oneof(
        fc.constantFrom(
          '2023-02-30',
          '2023-13-01',
          '2023-00-10',
          '2023-01-32',
          '23-01-01',
          '2023-1-1',
          '2023/01/01',
          '',
          '2023-01-01T00:00:00Z',
          ' 2023-01-01',
          '2023-01-01 ',
          '+02023-01-01',
          '20230101',
          'yesterday',
          '0000-00-00',
        ),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.integer(),
        common,
      );
    case 'reason':
      return fc.oneof(
        fc.integer({ min: 501, max: 5000 }).map((n) => 'x'.repeat(n)),
        fc.constantFrom(...BAD_FREE_TEXTS.map(([, value]) => value)),
        ...(field.required ? [fc.constant('')] : []),
        fc.integer(),
        common,
      );
    case 'text':
      return fc.oneof(
        fc.integer({ min: field.max + 1, max: field.max + 10_000 }).map((n) => 'ă'.repeat(n)),
        fc.constantFrom(...BAD_FREE_TEXTS.map(([, value]) => value)),
        fc.constant(''),
        fc.integer(),
        fc.double(),
        common,
      );
    case 'int':
      return fc.oneof(
        fc.constantFrom(...BAD_NUMBERS),
        fc.integer({ min: 1, max: 1000 }).map((n) => field.min - n),
        fc.integer({ min: 1, max: 1000 }).map((n) => field.max + n),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
        fc.integer({ min: field.min, max: Math.min(field.max, 1e9) }).map(String),
        ...(field.nonZero ? [fc.constant(0)] : []),
        common,
      );
    case 'enum':
      return fc.oneof(
        fc.string({ maxLength: 30 }).filter((s) => !field.values.includes(s)),
        fc.constantFrom(...field.values.map((v) => v.toUpperCase()), ...field.values.map((v) => ` ${v}`)),
        fc.integer(),
        common,
      );
    case 'ids':
      return fc.oneof(
        fc.constant('van-hoa,tan-linh'),
        fc.array(fc.oneof(fc.integer(), fc.constant('Bad Id'), fc.constant(null)), { minLength: 1, maxLength: 3 }),
        fc.constant(Array.from({ length: 101 }, (_, i) => `f-${i}`)),
        fc.integer(),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 3 }),
        fc.constant(null),
      );
    case 'indicators':
      return fc.oneof(
        fc.constant('awards'),
        fc.array(
          fc.string({ maxLength: 20 }).filter((s) => !(INDICATORS as readonly string[]).includes(s)),
          { minLength: 1, maxLength: 3 },
        ),
        fc.constant(Array.from({ length: 13 }, () => 'awards')),
        fc.integer(),
        fc.constant(null),
      );
    case 'weights':
      return fc.oneof(
        fc
          .constantFrom(...INDICATORS)
          .chain((indicator) => wrongFor(int(0, 100, false)).map((bad) => ({ [indicator]: bad }))),
        fc.constant({ awards: 10, isAdmin: true }),
        fc.constant(JSON.parse('{"awards": 10, "__proto__": {"awards": 10}}') as object),
        fc.integer(),
        fc.constant('awards=10'),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.constant(null),
      );
  }
}

/** An unknown field: the names an attacker would try first, or anything else. */
const unknownField = fc.oneof(
  fc.constantFrom(
    'isAdmin',
    'actor',
    'metadata',
    'revision',
    'position',
    'federationid',
    'constructor',
    '__proto__',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'roles',
  ),
  fc.string({ minLength: 1, maxLength: 20 }),
);

/** One or more things wrong with the body: a bad field, a missing one, an unknown one. */
function badBody(route: CommandRoute): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(route.fields);
  const required = names.filter((name) => route.fields[name].required);
  const mutation: fc.Arbitrary<(body: Record<string, unknown>) => void> = fc.oneof(
    fc
      .constantFrom(...names)
      .chain((name) =>
        wrongFor(route.fields[name]).map((value) => (body: Record<string, unknown>) => void (body[name] = value)),
      ),
    ...(required.length > 0
      ? [fc.constantFrom(...required).map((name) => (body: Record<string, unknown>) => void delete body[name])]
      : []),
    fc
      .tuple(
        unknownField.filter((name) => !names.includes(name)),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([name, value]) => (body: Record<string, unknown>) => {
        Object.defineProperty(body, name, { value, enumerable: true, configurable: true, writable: true });
      }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const body = structuredClone(route.body);
    for (const mutate of mutations) mutate(body);
    return body;
  });
}

/** Path parameters that are not ids or years. */
const badPathSegment = fc.oneof(
  fc.constantFrom('Ba-Vi', 'ba_vi', 'x'.repeat(65), '%20', 'ba%2Fvi', '-x', '%C3%A0'),
  fc
    .string({ minLength: 1, maxLength: 30 })
    .filter((s) => !ENTITY_ID_PATTERN.test(s) && s !== '.' && s !== '..')
    .map(encodeURIComponent),
);
const badYear = fc.constantFrom('99999999999999999999', '2023.5', '1e3', '-2023', '0', '1899', '20234', 'abcd', '%20');

/**
 * Hostile input at every command route: whatever is wrong with a body (wrong types, numbers out of range or
 * not whole, numeric strings, bad dates, overlong strings, missing or unknown fields, nested junk), the
 * answer is 400 and nothing is recorded — for an admin, and for a recorder within its federations (whose
 * scope is read before validation).
 */
describe('hostile input at every command route', () => {
  let t: TestApp;
  let recorder: string;

  beforeAll(async () => {
    t = await createTestApp();
    await buildWorld(t);
    recorder = baViRecorder(t);
  });
  afterAll(() => t.close());

  it('covers every command route', () => {
    expect(ROUTES.map((r) => r.route).sort()).toEqual(commandRouteNames(t.app).sort());
  });

  describe.each(ROUTES)('$route', (route) => {
    const send = (as: string | null, path: string, body: unknown) => {
      const client = as === null ? t.http() : t.as(as);
      return client[route.method](path).send(body as object);
    };

    it.each([
      ['an admin', () => null],
      ['a recorder of Ba Vì', () => recorder],
    ])('answers 400 to bad bodies from %s and records nothing', async (_, as) => {
      const before = await t.logLength();
      await fc.assert(
        fc.asyncProperty(badBody(route), async (body) => {
          const res = await send(as(), route.path, body);
          if (res.status !== 400) {
            throw new Error(`answered ${res.status} ${JSON.stringify(res.body)} to ${JSON.stringify(body)}`);
          }
          // No stack frames or source paths; the names of refused fields are the client's own text, so left out.
          const answer = JSON.stringify(res.body).replace(/property .*? should not exist/g, '');
          expect(answer).not.toMatch(/\s{2,}at\s|\bat \S+ \(|\.[jt]s:\d|node_modules/);
        }),
        { numRuns: 40 },
      );
      expect(await t.logLength()).toBe(before);
    });

    it('answers 400 to bodies that are not objects, and to malformed JSON', async () => {
      const before = await t.logLength();
      for (const raw of [
        '[]',
        '[{"occurredOn":"2024-01-01"}]',
        '"text"',
        '42',
        'null',
        'true',
        '{"occurredOn":',
        '{occurredOn: 1}',
        '{"a":1}{"b":2}',
        '\u0000',
      ]) {
        const res = await t.http()[route.method](route.path).set('Content-Type', 'application/json').send(raw);
        expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
      }
      expect(await t.logLength()).toBe(before);
    });

    it('answers 400 to path parameters that are not ids or years', async () => {
      const params = route.route.match(/:\w+/g) ?? [];
      if (params.length === 0) return;
      const before = await t.logLength();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...params), badPathSegment, badYear, async (param, segment, yearSegment) => {
          const template = route.route.split(' ')[1];
          const concrete = route.path.split('/');
          const position = template.split('/').indexOf(param);
          concrete[position] = param === ':year' ? yearSegment : segment;
          const res = await send(null, concrete.join('/'), route.body);
          expect({ path: concrete.join('/'), status: res.status }).toMatchObject({ status: 400 });
        }),
        { numRuns: 15 },
      );
      expect(await t.logLength()).toBe(before);
    });

    it('answers 413 to a body over the limit and 415 to one that is not JSON', async () => {
      const before = await t.logLength();
      const call = () => t.http()[route.method](route.path);
      await call()
        .send({ ...route.body, reason: 'x'.repeat(100_000) })
        .expect(413);
      await call().set('Content-Type', 'text/plain').send(JSON.stringify(route.body)).expect(415);
      await call().set('Content-Type', 'application/x-www-form-urlencoded').send('occurredOn=2024-01-01').expect(415);
      expect(await t.logLength()).toBe(before);
    });
  });
});

describe('the bodies the hostile generators start from', () => {
  it('are accepted, so each 400 above is the fault generated into them', async () => {
    const t = await createTestApp();
    try {
      await buildWorld(t);
      const recorder = baViRecorder(t);
      const failures: string[] = [];
      for (const route of ROUTES) {
        const res = await t.as(recorder)[route.method](route.path).send(route.body);
        if (res.status >= 300) failures.push(`${route.route}: ${res.status} ${JSON.stringify(res.body.message)}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

/**
 * Free texts: every name, title and reason of every command route refuses control characters, lone
 * surrogates, bidi overrides and isolates and blank values, with a 400 that names the field, recording
 * nothing; what it accepts is stored composed (NFC).
 */
describe('free texts at every command route', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await buildWorld(t);
  });
  afterAll(() => t.close());

  const textFields = ROUTES.flatMap((route) =>
    Object.entries(route.fields)
      .filter(([, field]) => field.kind === 'text' || field.kind === 'reason')
      .map(([name]) => ({ route, name })),
  );

  it('include a name or title on every route that creates something named', () => {
    const named = textFields.filter(({ name }) => name !== 'reason').map(({ route }) => route.route);
    expect(named).toEqual(
      expect.arrayContaining(['POST /federations', 'POST /unions', 'POST /members', 'POST /awards']),
    );
  });

  it.each(textFields.map(({ route, name }) => [route.route, name, route] as const))(
    '%s refuses bad text in %s with a 400 naming it',
    async (_, name, route) => {
      const before = await t.logLength();
      for (const [what, value] of BAD_FREE_TEXTS) {
        const client = t.http();
        const res = await client[route.method](route.path).send({ ...route.body, [name]: value });
        const fields = (res.body.errors ?? []) as { field: string; messages: string[] }[];
        expect({ what, status: res.status, fields: fields.map((f) => f.field) }).toEqual({
          what,
          status: 400,
          fields: [name],
        });
        expect(fields[0].messages.join(' ')).toMatch(new RegExp(`^${name} must`));
      }
      expect(await t.logLength()).toBe(before);
    },
  );

  it('refuses bad text nested in a reorganisation, naming its path', async () => {
    const before = await t.logLength();
    for (const [what, value] of BAD_FREE_TEXTS) {
      const res = await t
        .http()
        .post('/reorganisations')
        .send({
          occurredOn: '2025-07-01',
          register: [{ id: 'bv-new-ward', name: value, level: 'commune', parentId: 'ba-vi' }],
        });
      expect({ what, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        what,
        status: 400,
        fields: ['register.0.name'],
      });
    }
    expect(await t.logLength()).toBe(before);
  });

  it('refuses bad text in the name of an API key, issuing none', async () => {
    const before = (await t.http().get('/credentials/api-keys').expect(200)).body.apiKeys.length;
    for (const [what, value] of BAD_FREE_TEXTS) {
      const res = await t
        .http()
        .post('/credentials/api-keys')
        .send({ name: value, roles: ['reader'] });
      expect({ what, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
        what,
        status: 400,
        fields: ['name'],
      });
    }
    expect((await t.http().get('/credentials/api-keys').expect(200)).body.apiKeys).toHaveLength(before);
  });

  it('stores names and reasons in NFC, however they were typed', async () => {
    const decomposed = 'LĐLĐ xã Vân Hòa'.normalize('NFD');
    const reason = 'Quyết định số 01/QĐ của Thành ủy'.normalize('NFD');
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    await t
      .http()
      .post('/federations')
      .send({ id: 'nfc-ward', name: decomposed, level: 'commune', parentId: 'ba-vi', occurredOn: '2025-07-01', reason })
      .expect(201);
    const [registered] = await t.store.readStream('federation-nfc-ward');
    expect(registered.data.name).toBe('LĐLĐ xã Vân Hòa'.normalize('NFC'));
    expect(registered.metadata.reason).toBe(reason.normalize('NFC'));
  });
});
