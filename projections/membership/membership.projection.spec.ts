import type { StoredEvent } from '../../src/core/event-store.port';
import { namespaceOf } from '../../src/core/projection';
import { type ProjectionReader, projectionReader } from '../../src/core/projection-reader';
import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import { FEDERATIONS, type FederationDoc, membershipProjection, UNIONS, type UnionDoc } from './membership.projection';
import { developmentRates, federationMembership, figureOn, percent, periodMovements } from './membership.queries';

/** A log being written: events get ascending positions, as the event store gives them. */
function history() {
  const store = new InMemoryReadStore();
  const namespace = namespaceOf(membershipProjection);
  let position = 0;
  let ready: Promise<void> | null = null;
  const prepare = () =>
    (ready ??= (async () => {
      await store.prepare(namespace, membershipProjection);
      await store.setLiveNamespace(membershipProjection.name, namespace);
    })());

  const event = (type: string, data: Record<string, unknown> & { occurredOn: string }): StoredEvent => {
    position += 1;
    return {
      id: `event-${position}`,
      streamId: 'any',
      revision: 0,
      position,
      type,
      data,
      metadata: {
        occurredOn: data.occurredOn,
        recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, position)).toISOString(),
        actor: 'test',
        correlationId: `c-${position}`,
        causationId: null,
      },
    };
  };

  const reader: ProjectionReader = projectionReader(store, membershipProjection.name);
  return {
    reader,
    /** Records the events (in this order) and returns the position of the last one. */
    async record(...events: [type: string, data: Record<string, unknown> & { occurredOn: string }][]) {
      await prepare();
      await store.applyBatch(
        namespace,
        membershipProjection,
        events.map(([type, data]) => event(type, data)),
      );
      return position;
    },
    union: (id: string, asOf?: string, knownAt?: number) => reader.get<UnionDoc>(UNIONS, id, { asOf, knownAt }),
    federation: (id: string, asOf?: string, knownAt?: number) =>
      reader.get<FederationDoc>(FEDERATIONS, id, { asOf, knownAt }),
  };
}

const registered = (federationId: string, occurredOn = '1991-01-01') =>
  [
    'FederationRegistered',
    { occurredOn, federationId, name: `LĐLĐ ${federationId}`, level: 'district', parentId: 'ha-noi' },
  ] as [string, Record<string, unknown> & { occurredOn: string }];
const founded = (unionId: string, federationId: string, occurredOn = '2010-01-01') =>
  ['UnionFounded', { occurredOn, unionId, federationId, name: `CĐCS ${unionId}`, sector: 'public-service' }] as [
    string,
    Record<string, unknown> & { occurredOn: string },
  ];
const joined = (memberId: string, unionId: string, occurredOn: string, federationId = 'ba-vi') =>
  [
    'MemberJoined',
    {
      occurredOn,
      memberId,
      unionId,
      federationId,
      personal: { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' },
    },
  ] as [string, Record<string, unknown> & { occurredOn: string }];
const left = (memberId: string, unionId: string, occurredOn: string, federationId = 'ba-vi') =>
  ['MemberLeft', { occurredOn, memberId, unionId, federationId }] as [
    string,
    Record<string, unknown> & { occurredOn: string },
  ];

describe('membership projection', () => {
  describe('members of a union, with back-dated joins', () => {
    it('counts a join recorded late, dated earlier, from its own date on only', async () => {
      const h = history();
      await h.record(registered('ba-vi'), founded('tan-linh', 'ba-vi'));
      const beforeLateJoin = await h.record(joined('m-june', 'tan-linh', '2023-06-01'));
      const lateJoin = await h.record(joined('m-march', 'tan-linh', '2023-03-01'));

      // As of dates, with everything known now.
      expect((await h.union('tan-linh', '2023-02-28'))?.members).toBe(0);
      expect((await h.union('tan-linh', '2023-03-01'))?.members).toBe(1);
      expect((await h.union('tan-linh', '2023-04-01'))?.members).toBe(1);
      expect((await h.union('tan-linh', '2023-06-01'))?.members).toBe(2);
      expect(await h.union('tan-linh')).toMatchObject({ members: 2, joined: 2, left: 0 });

      // As known before the late join: April had nobody, June one member.
      expect((await h.union('tan-linh', '2023-04-01', beforeLateJoin))?.members).toBe(0);
      expect((await h.union('tan-linh', '2023-06-01', beforeLateJoin))?.members).toBe(1);
      expect((await h.union('tan-linh', '2023-06-01', lateJoin))?.members).toBe(2);

      // The federation's figure follows its unions.
      const federation = (asOf: string, knownAt?: number) => federationMembership(h.reader, 'ba-vi', { asOf, knownAt });
      expect((await federation('2023-04-01'))?.members).toBe(1);
      expect((await federation('2023-04-01', beforeLateJoin))?.members).toBe(0);
      expect((await federation('2023-02-28'))?.members).toBe(0);
    });

    it('counts departures and transfers between unions on both sides', async () => {
      const h = history();
      await h.record(
        registered('ba-vi'),
        registered('phuc-tho'),
        founded('school', 'ba-vi'),
        founded('factory', 'phuc-tho'),
        joined('lan', 'school', '2022-01-10'),
        joined('minh', 'school', '2022-02-10'),
        [
          'MemberTransferred',
          {
            occurredOn: '2023-04-01',
            memberId: 'minh',
            fromUnionId: 'school',
            toUnionId: 'factory',
            fromFederationId: 'ba-vi',
            toFederationId: 'phuc-tho',
          },
        ],
        left('lan', 'school', '2024-12-31'),
      );
      expect(await h.union('school', '2023-03-31')).toMatchObject({ members: 2, transferredOut: 0 });
      expect(await h.union('school', '2023-04-01')).toMatchObject({ members: 1, transferredOut: 1 });
      expect(await h.union('factory', '2023-04-01')).toMatchObject({ members: 1, transferredIn: 1 });
      expect(await h.union('school')).toMatchObject({ members: 0, joined: 2, left: 1, transferredOut: 1 });
      expect(await federationMembership(h.reader, 'phuc-tho', { asOf: '2023-12-31' })).toMatchObject({
        members: 1,
        transferredIn: 1,
        unions: { active: 1, dissolved: 0 },
      });
    });

    it('keeps personal data out of the read model', async () => {
      const h = history();
      await h.record(registered('ba-vi'), founded('school', 'ba-vi'), joined('lan', 'school', '2023-03-08'));
      const union = await h.union('school');
      expect(union?.members).toBe(1);
      expect(JSON.stringify(union)).not.toContain('Nguyễn');
      expect(JSON.stringify(union)).not.toContain('1990-05-17');
    });

    it('answers nothing for a union before its founding or never founded', async () => {
      const h = history();
      await h.record(registered('ba-vi'), founded('school', 'ba-vi', '2015-05-01'));
      expect(await h.union('school', '2015-04-30')).toBeNull();
      expect(await h.union('school', '2015-05-01')).toMatchObject({ status: 'active', members: 0 });
      expect(await h.union('nowhere')).toBeNull();
      expect(await federationMembership(h.reader, 'ba-vi', { asOf: '1990-12-31' })).toBeNull();
    });

    it('keeps a dissolved union, counted as dissolved, with its history', async () => {
      const h = history();
      await h.record(
        registered('ba-vi'),
        founded('closed', 'ba-vi'),
        joined('lan', 'closed', '2019-01-01'),
        left('lan', 'closed', '2020-12-01'),
        ['UnionDissolved', { occurredOn: '2020-12-31', unionId: 'closed', federationId: 'ba-vi' }],
      );
      expect(await h.union('closed', '2020-12-30')).toMatchObject({ status: 'active', dissolvedOn: null });
      expect(await h.union('closed')).toMatchObject({ status: 'dissolved', dissolvedOn: '2020-12-31', joined: 1 });
      expect((await federationMembership(h.reader, 'ba-vi'))?.unions).toEqual({ active: 0, dissolved: 1 });
    });
  });

  describe('a union transferred between federations', () => {
    async function transferred() {
      const h = history();
      await h.record(
        registered('ba-vi'),
        registered('son-tay'),
        founded('moved', 'ba-vi', '2015-01-01'),
        founded('stays', 'ba-vi', '2015-01-01'),
        joined('a', 'moved', '2023-05-01'),
        joined('b', 'moved', '2024-05-01'),
        joined('c', 'stays', '2023-05-01'),
      );
      const beforeTransfer = await h.record([
        'UnionTransferred',
        { occurredOn: '2024-03-01', unionId: 'moved', fromFederationId: 'ba-vi', toFederationId: 'son-tay' },
      ]);
      return { h, beforeTransfer: beforeTransfer - 1 };
    }

    it('counts for the old federation up to the transfer, for the new one from it', async () => {
      const { h } = await transferred();
      const figures = async (asOf: string) => ({
        baVi: (await federationMembership(h.reader, 'ba-vi', { asOf }))!,
        sonTay: (await federationMembership(h.reader, 'son-tay', { asOf }))!,
      });

      const end2023 = await figures('2023-12-31');
      expect(end2023.baVi).toMatchObject({ unions: { active: 2, dissolved: 0 }, members: 2 });
      expect(end2023.sonTay).toMatchObject({ unions: { active: 0, dissolved: 0 }, members: 0 });

      const mid2024 = await figures('2024-06-30');
      expect(mid2024.baVi).toMatchObject({ unions: { active: 1, dissolved: 0 }, members: 1 });
      expect(mid2024.sonTay).toMatchObject({ unions: { active: 1, dissolved: 0 }, members: 2 });
      expect(await h.union('moved', '2024-06-30')).toMatchObject({
        federationId: 'son-tay',
        federationSince: '2024-03-01',
      });
    });

    it('answers as known before the transfer was recorded', async () => {
      const { h, beforeTransfer } = await transferred();
      const then = await federationMembership(h.reader, 'son-tay', { asOf: '2024-06-30', knownAt: beforeTransfer });
      expect(then?.members).toBe(0);
      expect(
        (await federationMembership(h.reader, 'ba-vi', { asOf: '2024-06-30', knownAt: beforeTransfer }))?.members,
      ).toBe(3);
    });

    it('lets the latest transfer by date win when an earlier-dated one is recorded later', async () => {
      const h = history();
      await h.record(registered('ba-vi'), registered('son-tay'), registered('phuc-tho'), founded('unit', 'ba-vi'));
      await h.record([
        'UnionTransferred',
        { occurredOn: '2025-01-01', unionId: 'unit', fromFederationId: 'ba-vi', toFederationId: 'phuc-tho' },
      ]);
      // Recorded afterwards, dated earlier; the command side names the union's current federation as `from`.
      await h.record([
        'UnionTransferred',
        { occurredOn: '2024-03-01', unionId: 'unit', fromFederationId: 'phuc-tho', toFederationId: 'son-tay' },
      ]);
      expect((await h.union('unit', '2023-12-31'))?.federationId).toBe('ba-vi');
      expect((await h.union('unit', '2024-06-30'))?.federationId).toBe('son-tay');
      expect((await h.union('unit', '2025-06-30'))?.federationId).toBe('phuc-tho');
    });
  });

  describe('federations', () => {
    it('keeps the name in force on each date, whatever order renames were recorded in', async () => {
      const h = history();
      await h.record(registered('son-tay', '1990-01-01'));
      await h.record([
        'FederationRenamed',
        { occurredOn: '2024-01-01', federationId: 'son-tay', from: 'LĐLĐ son-tay', to: 'LĐLĐ thị xã Sơn Tây' },
      ]);
      await h.record([
        'FederationRenamed',
        { occurredOn: '2022-01-01', federationId: 'son-tay', from: 'LĐLĐ thị xã Sơn Tây', to: 'LĐLĐ Sơn Tây (tạm)' },
      ]);
      expect((await h.federation('son-tay', '2021-12-31'))?.name).toBe('LĐLĐ son-tay');
      expect((await h.federation('son-tay', '2023-06-30'))?.name).toBe('LĐLĐ Sơn Tây (tạm)');
      expect((await h.federation('son-tay', '2024-06-30'))?.name).toBe('LĐLĐ thị xã Sơn Tây');
    });

    it('keeps a yearly target from 1 January, even when it is set during or after the year', async () => {
      const h = history();
      await h.record(registered('ba-vi'));
      await h.record([
        'DevelopmentTargetSet',
        { occurredOn: '2023-02-15', federationId: 'ba-vi', year: 2023, newMembers: 1000, newUnions: 6 },
      ]);
      await h.record([
        'WorkforceReported',
        { occurredOn: '2024-01-20', federationId: 'ba-vi', year: 2023, workers: 9800 },
      ]);
      await h.record([
        'DevelopmentTargetSet',
        { occurredOn: '2023-12-10', federationId: 'ba-vi', year: 2024, newMembers: 1200, newUnions: 8 },
      ]);
      const on = async (asOf: string) => (await h.federation('ba-vi', asOf))!;
      expect((await on('2022-12-31')).targets['2023']).toBeUndefined();
      expect((await on('2023-01-01')).targets['2023']).toEqual([
        { value: { newMembers: 1000, newUnions: 6 }, setOn: '2023-02-15' },
      ]);
      expect(figureOn((await on('2023-01-01')).targets['2023'], '2023-01-01')).toEqual({
        newMembers: 1000,
        newUnions: 6,
      });
      // A head count reported after the year still counts for it.
      expect(figureOn((await on('2023-12-31')).workforce['2023'], '2023-12-31')).toBe(9800);
      // A target for next year set in December is there from the day it was set.
      expect((await on('2023-12-09')).targets['2024']).toBeUndefined();
      expect(figureOn((await on('2023-12-10')).targets['2024'], '2023-12-10')).toEqual({
        newMembers: 1200,
        newUnions: 8,
      });
    });

    it('keeps every dated target of a year: the one in force on a date is the latest set by then', async () => {
      const h = history();
      await h.record(registered('ba-vi'));
      await h.record([
        'DevelopmentTargetSet',
        { occurredOn: '2023-09-01', federationId: 'ba-vi', year: 2023, newMembers: 1100, newUnions: 6 },
      ]);
      // Recorded later, dated earlier: it does not replace the revision of September.
      await h.record([
        'DevelopmentTargetSet',
        { occurredOn: '2023-02-01', federationId: 'ba-vi', year: 2023, newMembers: 1000, newUnions: 5 },
      ]);
      const targets = (await h.federation('ba-vi', '2023-12-31'))!.targets['2023'];
      expect(targets.map((t) => t.setOn)).toEqual(['2023-02-01', '2023-09-01']);
      expect(figureOn(targets, '2023-12-31')?.newMembers).toBe(1100);
      expect(figureOn(targets, '2023-06-30')?.newMembers).toBe(1000);
      expect(figureOn(targets, '2023-01-15')?.newMembers).toBe(1000);
      expect(figureOn(undefined, '2023-01-15')).toBeNull();
    });

    it('records a merger and a dissolution as statuses from their dates', async () => {
      const h = history();
      await h.record(registered('a'), registered('b'), registered('c'));
      await h.record(
        ['FederationsMerged', { occurredOn: '2025-07-01', federationId: 'a', intoFederationId: 'b' }],
        ['FederationDissolved', { occurredOn: '2025-08-01', federationId: 'c' }],
      );
      expect(await h.federation('a', '2025-06-30')).toMatchObject({ status: 'active', mergedInto: null });
      expect(await h.federation('a', '2025-07-01')).toMatchObject({ status: 'merged', mergedInto: 'b' });
      expect((await h.federation('c', '2025-08-01'))?.status).toBe('dissolved');
    });
  });
});

describe('membership queries', () => {
  /** Ba Vì 2023, as in the cluster no. 4 report: 1,210 new members against a target of 1,000. */
  async function baVi2023() {
    const h = history();
    await h.record(registered('ba-vi'), founded('old-1', 'ba-vi'), founded('old-2', 'ba-vi'));
    await h.record(
      ...Array.from({ length: 300 }, (_, i) => joined(`before-${i}`, i % 2 ? 'old-1' : 'old-2', '2022-06-01')),
    );
    const newUnions = Array.from({ length: 13 }, (_, i) => `new-${i}`);
    await h.record(
      ...newUnions.map((id, i) => founded(id, 'ba-vi', `2023-${String((i % 12) + 1).padStart(2, '0')}-10`)),
    );
    const units = ['old-1', 'old-2', ...newUnions];
    await h.record(
      ...Array.from({ length: 1210 }, (_, i) =>
        joined(`m-${i}`, units[i % units.length], `2023-12-${String((i % 20) + 10).padStart(2, '0')}`),
      ),
    );
    await h.record(
      left('before-1', 'old-1', '2023-08-01'),
      // Unrecorded in the rate: joins belong to the year they happened in.
      joined('next-year', 'old-1', '2024-01-02'),
      [
        'ConferenceHeld',
        { occurredOn: '2023-03-15', unionId: 'old-1', federationId: 'ba-vi', year: 2023, kind: 'workers' },
      ],
      [
        'ConferenceHeld',
        { occurredOn: '2023-03-20', unionId: 'old-2', federationId: 'ba-vi', year: 2023, kind: 'civil-servants' },
      ],
      [
        'ConferenceHeld',
        { occurredOn: '2023-04-20', unionId: 'old-2', federationId: 'ba-vi', year: 2023, kind: 'workers' },
      ],
      [
        'ConferenceHeld',
        { occurredOn: '2022-03-20', unionId: 'new-0', federationId: 'ba-vi', year: 2022, kind: 'workers' },
      ],
    );
    const beforeTargets = await h.record([
      'WorkforceReported',
      { occurredOn: '2024-01-15', federationId: 'ba-vi', year: 2023, workers: 2000 },
    ]);
    const firstTarget = await h.record([
      'DevelopmentTargetSet',
      { occurredOn: '2023-01-05', federationId: 'ba-vi', year: 2023, newMembers: 1000, newUnions: 6 },
    ]);
    await h.record([
      'DevelopmentTargetSet',
      { occurredOn: '2023-09-01', federationId: 'ba-vi', year: 2023, newMembers: 1100, newUnions: 6 },
    ]);
    return { h, beforeTargets, firstTarget };
  }

  it('computes the member development and union founding rates against the year’s target', async () => {
    const { h, firstTarget } = await baVi2023();
    // As known when only the first target was set: 1,210 ÷ 1,000 = 121%; 13 ÷ 6 = 216.7%.
    const rates = await developmentRates(h.reader, 'ba-vi', 2023, { knownAt: firstTarget });
    expect(rates).toMatchObject({
      federationId: 'ba-vi',
      year: 2023,
      asOf: '2023-12-31',
      target: { newMembers: 1000, newUnions: 6 },
      newMembers: 1210,
      unionsFounded: 13,
      memberDevelopmentRate: 121,
      unionFoundingRate: 216.7,
    });
    // With the revised target known: 1,210 ÷ 1,100 = 110%.
    expect(await developmentRates(h.reader, 'ba-vi', 2023)).toMatchObject({
      target: { newMembers: 1100, newUnions: 6 },
      memberDevelopmentRate: 110,
    });
  });

  it('computes coverage against the workforce reported, and conference coverage of active units', async () => {
    const { h } = await baVi2023();
    const rates = (await developmentRates(h.reader, 'ba-vi', 2023))!;
    // 300 before + 1,210 in 2023 − 1 departure; the 2024 join is after the year.
    expect(rates.members).toBe(1509);
    expect(rates.workers).toBe(2000);
    expect(rates.coverage).toBe(75.5);
    // old-1 and old-2 held a 2023 conference (old-2 two kinds, counted once); new-0's was for 2022.
    expect(rates.conferences).toEqual({ held: 2, units: 15, rate: 13.3 });
  });

  it('answers without rates before the targets were known, and counts progress during the year', async () => {
    const { h, beforeTargets } = await baVi2023();
    expect(await developmentRates(h.reader, 'ba-vi', 2023, { knownAt: beforeTargets })).toMatchObject({
      target: null,
      newMembers: 1210,
      memberDevelopmentRate: null,
      unionFoundingRate: null,
    });
    const midYear = (await developmentRates(h.reader, 'ba-vi', 2023, { asOf: '2023-06-30' }))!;
    // Seven unions founded by June (one each month, and a second in January) against the target then in force.
    expect(midYear).toMatchObject({ asOf: '2023-06-30', newMembers: 0, unionsFounded: 7, unionFoundingRate: 116.7 });
    expect(midYear.target).toEqual({ newMembers: 1000, newUnions: 6 });
  });

  it('counts nothing new for a year that had not begun on the date asked', async () => {
    const { h } = await baVi2023();
    expect(await developmentRates(h.reader, 'ba-vi', 2024, { asOf: '2023-06-30' })).toMatchObject({
      asOf: '2023-06-30',
      newMembers: 0,
      unionsFounded: 0,
    });
    expect(await developmentRates(h.reader, 'nowhere', 2023)).toBeNull();
  });

  it('counts the movements of a period, both days included', async () => {
    const { h } = await baVi2023();
    expect(await periodMovements(h.reader, 'ba-vi', '2023-01-01', '2023-12-31')).toEqual({
      from: '2023-01-01',
      to: '2023-12-31',
      joined: 1210,
      left: 1,
      transferredIn: 0,
      transferredOut: 0,
      unionsFounded: 13,
      unionsDissolved: 0,
    });
    expect(await periodMovements(h.reader, 'ba-vi', '2023-08-01', '2023-08-01')).toMatchObject({ joined: 0, left: 1 });
    await expect(periodMovements(h.reader, 'ba-vi', '2023-12-31', '2023-01-01')).rejects.toThrow(RangeError);
  });

  it('brings a union transferred in during a period with the whole period’s movements', async () => {
    const h = history();
    await h.record(
      registered('ba-vi'),
      registered('son-tay'),
      founded('moved', 'ba-vi'),
      joined('a', 'moved', '2024-01-10'),
      [
        'UnionTransferred',
        { occurredOn: '2024-03-01', unionId: 'moved', fromFederationId: 'ba-vi', toFederationId: 'son-tay' },
      ],
      joined('b', 'moved', '2024-05-01'),
    );
    expect((await periodMovements(h.reader, 'son-tay', '2024-01-01', '2024-12-31')).joined).toBe(2);
    expect((await periodMovements(h.reader, 'ba-vi', '2024-01-01', '2024-12-31')).joined).toBe(0);
    expect((await periodMovements(h.reader, 'ba-vi', '2024-01-01', '2024-02-29')).joined).toBe(1);
  });

  it('rounds percentages to one decimal and has none without a whole', () => {
    expect(percent(1210, 1000)).toBe(121);
    expect(percent(573, 1000)).toBe(57.3);
    expect(percent(160, 202)).toBe(79.2);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(5, 0)).toBeNull();
    expect(percent(5, null)).toBeNull();
  });
});
