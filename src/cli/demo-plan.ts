/**
 * Turns the figures of `demo-history.ts` into the commands that record them, in waves: a wave only needs what
 * earlier waves recorded, so its commands may run in any order, except that commands on one stream run in the
 * order given. The same figures always give the same commands (seeded generators, no clock, no Math.random).
 */
import type { ClusterCommand } from '../clusters/cluster';
import { clusterStream } from '../clusters/clusters.events';
import type { WorkplaceDemocracyCommand } from '../democracy/workplace-democracy';
import { type ConferenceKind, democracyStream } from '../democracy/democracy.events';
import type { FundBookCommand } from '../funds/fund-book';
import { fundBookStream } from '../funds/funds.events';
import type { MemberCommand } from '../membership/member';
import { type Gender, memberStream, type PersonalData } from '../membership/membership.events';
import type { FederationCommand } from '../organisation/federation';
import {
  federationStream,
  reorganisationStream,
  type UnionSector,
  unionStream,
} from '../organisation/organisation.events';
import type { Reorganise } from '../organisation/reorganisation';
import type { UnionCommand } from '../organisation/union';
import type { AwardCommand } from '../recognition/award';
import type { InitiativeCommand } from '../recognition/initiative';
import { awardStream, initiativeStream } from '../recognition/recognition.events';
import {
  CITY,
  CLUSTER_4,
  type ClusterDistrictDeclaration,
  DISTRICTS,
  type DistrictDeclaration,
  type DistrictReorganisationDeclaration,
  type FundBookDeclaration,
  HA_DONG_2017,
  HA_DONG_FUNDS_2017,
  HAI_BA_TRUNG_FUNDS_TET_2025,
  HOAN_KIEM_2020,
  HOAN_KIEM_FUNDS_2020,
  REORGANISATION_2025,
  RURAL_SECTOR_MIX,
} from './demo-history';
import { laterOf, Prng, yearsBefore } from './demo-random';

interface Planned<Context extends string, Command> {
  context: Context;
  /** Stable and unique: the command's Idempotency-Key is `seed-demo:<label>`. */
  label: string;
  /** The stream the command records to: commands on one stream run one after another. */
  streamId: string;
  occurredOn: string;
  /** Ties the events of one part of the history together (`X-Correlation-Id`). */
  correlationId: string;
  reason?: string;
  command: Command;
}

export type PlannedCommand =
  | Planned<'organisation', FederationCommand | UnionCommand | Reorganise>
  | Planned<'membership', MemberCommand>
  | Planned<'funds', FundBookCommand>
  | Planned<'recognition', AwardCommand | InitiativeCommand>
  | Planned<'democracy', WorkplaceDemocracyCommand>
  | Planned<'clusters', ClusterCommand>;

export interface DemoPlan {
  /** Run in order; the last wave holds one command, recorded only once everything else is. */
  waves: PlannedCommand[][];
  /**
   * The first wave that asks the membership read model: a reorganisation's merge reads there which unions the
   * district still holds, so the read model must have applied everything recorded before the wave.
   */
  readsMembershipFrom: number;
}

const CORRELATION = {
  organisation: 'seed-demo:organisation',
  cluster: 'seed-demo:cluster-4-2023',
  hoanKiem: 'seed-demo:hoan-kiem-2020',
  haDong: 'seed-demo:ha-dong-2017',
  haiBaTrung: 'seed-demo:hai-ba-trung-tet-2025',
  reorganisation: 'seed-demo:reorganisation-2025',
};

/** A grassroots union as generated: what it was founded as, and which group of the declarations it came from. */
interface DemoUnion {
  id: string;
  federationId: string;
  name: string;
  sector: UnionSector;
  foundedOn: string;
  group: string;
  /** How many members it draws, relative to the others of its federation. */
  weight: number;
  /** The commune or ward it is named after (a school, a commune office), or null for a district-wide unit. */
  place: string | null;
}

interface DemoMember {
  id: string;
  unionId: string;
  joinedOn: string;
  personal: PersonalData;
  group: string;
}

/** A group of unions founded over a period: a sector, or a mix of sectors. */
interface UnionGroup {
  name: string;
  count: number;
  from: string;
  to: string;
  sector: UnionSector | [UnionSector, number][];
}

/** A group of members joining over a period, spread over the unions already founded by their date. */
interface MemberGroup {
  name: string;
  count: number;
  from: string;
  to: string;
}

export function buildDemoPlan(): DemoPlan {
  const federations: PlannedCommand[] = [];
  const founding: PlannedCommand[] = [];
  const recording: PlannedCommand[] = [];
  // Fund books come after the members and unions their entries name: an entry naming one must find it recorded.
  const funding: PlannedCommand[] = [];
  const honouring: PlannedCommand[] = [];
  const unionsOf = new Map<string, DemoUnion[]>();

  for (const district of DISTRICTS) federations.push(registerDistrict(district));
  const clusterDistricts = CLUSTER_4.districts;
  expectFigure(
    sum(clusterDistricts, (d) => d.existingUnions + d.unionsFounded),
    CLUSTER_4.totalUnions,
    'cluster 4 unions',
  );
  expectFigure(
    sum(clusterDistricts, (d) => d.existingMembers + d.newMembers),
    CLUSTER_4.totalMembers,
    'cluster 4 members',
  );

  // Cluster 4, 2023.
  for (const declared of clusterDistricts) {
    const district = districtOf(declared.federationId);
    const unions = generateUnions(district, [
      {
        name: 'existing',
        count: declared.existingUnions,
        from: CLUSTER_4.existingUnionsFrom,
        to: CLUSTER_4.existingUnionsTo,
        sector: RURAL_SECTOR_MIX,
      },
      {
        name: 'founded-2023',
        count: declared.unionsFounded,
        from: CLUSTER_4.recruitingFrom,
        to: CLUSTER_4.recruitingTo,
        // New unions are mostly founded in private firms.
        sector: [
          ['non-state-enterprise', 8],
          ['state-enterprise', 1],
          ['public-service', 1],
        ],
      },
    ]);
    unionsOf.set(district.id, unions);
    const members = generateMembers(district.id, unions, [
      {
        name: 'existing',
        count: declared.existingMembers,
        from: CLUSTER_4.existingMembersFrom,
        to: CLUSTER_4.existingMembersTo,
      },
      { name: 'joined-2023', count: declared.newMembers, from: CLUSTER_4.recruitingFrom, to: CLUSTER_4.recruitingTo },
    ]);
    founding.push(
      ...planTargetsAndWorkforce(declared),
      ...unions.map((union) => foundUnion(union, CORRELATION.cluster)),
      ...planClusterFunds(declared),
    );
    recording.push(
      ...members.map((member) => joinMember(member, CORRELATION.cluster)),
      ...planConferences(
        district.id,
        CLUSTER_4.year,
        unions.filter((union) => union.group === 'existing'),
        { civilServants: 'all', workersShare: declared.workersConferenceShare },
        CLUSTER_4.conferencesFrom,
        CLUSTER_4.conferencesTo,
        CORRELATION.cluster,
      ),
      ...planClusterInitiatives(declared, unions),
    );
    honouring.push(...planAwards(declared, members));
  }
  founding.push(...planCluster());

  // Hoàn Kiếm, 2020: the unions founded during the year held no conference in it.
  const hk = HOAN_KIEM_2020;
  const foundedIn2020: UnionGroup = {
    name: 'founded-2020',
    count: hk.foundedIn2020,
    from: hk.newUnitsFrom,
    to: hk.newUnitsTo,
    sector: 'non-state-enterprise',
  };
  const hoanKiem = planDistrictUnits(
    hk,
    HOAN_KIEM_FUNDS_2020,
    CORRELATION.hoanKiem,
    { founding, funding, recording },
    foundedIn2020,
  );
  unionsOf.set(hk.federationId, hoanKiem);

  // Hà Đông, 2017.
  const haDong = planDistrictUnits(HA_DONG_2017, HA_DONG_FUNDS_2017, CORRELATION.haDong, {
    founding,
    funding,
    recording,
  });
  unionsOf.set(HA_DONG_2017.federationId, haDong);
  recording.push(...planHaDongInitiatives(haDong));

  // Hai Bà Trưng, Tết 2025.
  funding.push(...planFundBook(HAI_BA_TRUNG_FUNDS_TET_2025, CORRELATION.haiBaTrung));

  // 1 July 2025: every district gives way to its communes or wards, after everything dated before.
  const reorganising = REORGANISATION_2025.districts.map((declared) =>
    planDistrictReorganisation(declared, unionsOf.get(declared.federationId) ?? []),
  );
  expectFigure(reorganising.length, DISTRICTS.length, 'reorganised districts');

  const waves = [
    [registerCity()],
    federations,
    founding,
    recording,
    funding,
    honouring,
    reorganising,
    [electLeaderFor2024()],
  ];
  return { waves, readsMembershipFrom: waves.indexOf(reorganising) };
}

/** A district's year as its article counts it: unions by sector, their members, and their conferences. */
interface DistrictUnitsDeclaration {
  federationId: string;
  year: number;
  unions: number;
  members: number;
  publicAdministrationUnits: number;
  publicServiceUnits: number;
  stateEnterpriseUnits: number;
  nonStateEnterpriseUnits: number;
  civilServantConferences: number;
  workersConferences: number;
  unitsFrom: string;
  unitsTo: string;
  membersFrom: string;
  membersTo: string;
  conferencesFrom: string;
  conferencesTo: string;
}

/**
 * Plans a district's unions, members, fund book and conferences into the waves given; returns its unions. Unions
 * founded during the year (`foundedInYear`) count among its unions but hold no conference in it.
 */
function planDistrictUnits(
  declared: DistrictUnitsDeclaration,
  funds: FundBookDeclaration,
  correlationId: string,
  into: { founding: PlannedCommand[]; funding: PlannedCommand[]; recording: PlannedCommand[] },
  foundedInYear?: UnionGroup,
): DemoUnion[] {
  const district = districtOf(declared.federationId);
  const units = (name: string, count: number, sector: UnionSector): UnionGroup => ({
    name,
    count,
    from: declared.unitsFrom,
    to: declared.unitsTo,
    sector,
  });
  const unions = generateUnions(district, [
    units('public', declared.publicAdministrationUnits, 'public-administration'),
    units('public', declared.publicServiceUnits, 'public-service'),
    units('enterprise', declared.stateEnterpriseUnits, 'state-enterprise'),
    units('enterprise', declared.nonStateEnterpriseUnits, 'non-state-enterprise'),
    ...(foundedInYear ? [foundedInYear] : []),
  ]);
  const members = generateMembers(district.id, unions, [
    { name: 'members', count: declared.members, from: declared.membersFrom, to: declared.membersTo },
  ]);
  expectFigure(unions.length, declared.unions, `${district.name} unions`);
  expectFigure(unions.filter(isPublic).length, declared.civilServantConferences, `${district.name} public units`);
  into.founding.push(...unions.map((union) => foundUnion(union, correlationId)));
  into.funding.push(...planFundBook(funds, correlationId));
  into.recording.push(...members.map((member) => joinMember(member, correlationId)));
  into.recording.push(
    ...planConferences(
      district.id,
      declared.year,
      foundedInYear ? unions.filter((union) => union.group !== foundedInYear.name) : unions,
      { civilServants: 'all', workersCount: declared.workersConferences },
      declared.conferencesFrom,
      declared.conferencesTo,
      correlationId,
    ),
  );
  return unions;
}

/** The declarations must add up to the articles' totals: a typo in a figure fails here, not in a read model. */
function expectFigure(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`demo history: ${what} add up to ${actual}, the article says ${expected}`);
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

// ----- organisation --------------------------------------------------------------------------------------------

function registerCity(): PlannedCommand {
  return {
    context: 'organisation',
    label: `federation:${CITY.id}`,
    streamId: federationStream(CITY.id),
    occurredOn: CITY.registeredOn,
    correlationId: CORRELATION.organisation,
    command: { type: 'RegisterFederation', federationId: CITY.id, name: CITY.name, level: 'city', parentId: null },
  };
}

function registerDistrict(district: DistrictDeclaration): PlannedCommand {
  return {
    context: 'organisation',
    label: `federation:${district.id}`,
    streamId: federationStream(district.id),
    occurredOn: district.registeredOn,
    correlationId: CORRELATION.organisation,
    command: {
      type: 'RegisterFederation',
      federationId: district.id,
      name: district.name,
      level: 'district',
      parentId: CITY.id,
    },
  };
}

function districtOf(id: string): DistrictDeclaration {
  const district = DISTRICTS.find((d) => d.id === id);
  if (!district) throw new Error(`demo history names an undeclared district '${id}'`);
  return district;
}

function foundUnion(union: DemoUnion, correlationId: string): PlannedCommand {
  return {
    context: 'organisation',
    label: `union:${union.id}`,
    streamId: unionStream(union.id),
    occurredOn: union.foundedOn,
    correlationId,
    command: {
      type: 'FoundUnion',
      unionId: union.id,
      federationId: union.federationId,
      name: union.name,
      sector: union.sector,
    },
  };
}

/** The year's targets and the workforce report of one cluster district, on the federation's stream. */
function planTargetsAndWorkforce(declared: ClusterDistrictDeclaration): PlannedCommand[] {
  const { federationId } = declared;
  const year = CLUSTER_4.year;
  return [
    {
      context: 'organisation',
      label: `target:${federationId}:${year}`,
      streamId: federationStream(federationId),
      occurredOn: CLUSTER_4.plannedOn,
      correlationId: CORRELATION.cluster,
      command: {
        type: 'SetDevelopmentTarget',
        federationId,
        year,
        newMembers: declared.membersTarget,
        newUnions: declared.unionsTarget,
      },
    },
    {
      context: 'organisation',
      label: `workforce:${federationId}:${year}`,
      streamId: federationStream(federationId),
      occurredOn: CLUSTER_4.workforceReportedOn,
      correlationId: CORRELATION.cluster,
      command: { type: 'ReportWorkforce', federationId, year, workers: declared.workforce },
    },
  ];
}

/**
 * One district's reorganisation: its successors registered under the city, the units of the places a later
 * successor takes moved there, and the district merged into its first successor with every unit left.
 */
function planDistrictReorganisation(declared: DistrictReorganisationDeclaration, unions: DemoUnion[]): PlannedCommand {
  const district = districtOf(declared.federationId);
  const [first, ...others] = declared.successors;
  const successorOf = new Map<string, string>();
  for (const successor of others) {
    for (const place of successor.places) {
      if (!district.places.includes(place)) throw new Error(`demo history: '${place}' is not in ${district.name}`);
      successorOf.set(place, successor.id);
    }
  }
  const moves = unions.flatMap((union) => {
    const toFederationId = union.place === null ? undefined : successorOf.get(union.place);
    return toFederationId === undefined ? [] : [{ unionId: union.id, toFederationId }];
  });
  for (const successor of others) {
    if (!moves.some((move) => move.toFederationId === successor.id)) {
      throw new Error(`demo history: ${successor.name} would take no unit of ${district.name}`);
    }
  }
  const reorganisationId = `${district.id}-${REORGANISATION_2025.on.slice(0, 7)}`;
  return {
    context: 'organisation',
    label: `reorganisation:${reorganisationId}`,
    streamId: reorganisationStream(reorganisationId),
    occurredOn: REORGANISATION_2025.on,
    correlationId: CORRELATION.reorganisation,
    reason: REORGANISATION_2025.reason,
    command: {
      type: 'Reorganise',
      reorganisationId,
      register: declared.successors.map((successor) => ({
        federationId: successor.id,
        name: successor.name,
        level: 'commune',
        parentId: CITY.id,
      })),
      moves,
      merges: [{ federationId: district.id, intoFederationId: first.id }],
      dissolutions: [],
    },
  };
}

// ----- generated unions and members ----------------------------------------------------------------------------

/** Units every commune or ward has one of. */
const PER_PLACE: Record<Exclude<UnionSector, 'non-state-enterprise'>, string[]> = {
  'public-administration': ['UBND {xa} {p}', 'Đảng ủy {xa} {p}', 'Công an {xa} {p}'],
  'public-service': ['Trường Mầm non {p}', 'Trường Tiểu học {p}', 'Trường THCS {p}', 'Trạm Y tế {xa} {p}'],
  'state-enterprise': [
    'Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh {p}',
    'Ngân hàng Thương mại Cổ phần Công thương chi nhánh {p}',
  ],
};
/** Units a district has one of. */
const PER_DISTRICT: Record<Exclude<UnionSector, 'non-state-enterprise'>, string[]> = {
  'public-administration': [
    'Cơ quan {Huyen} ủy {d}',
    'Cơ quan UBND {huyen} {d}',
    'Phòng Giáo dục và Đào tạo {huyen} {d}',
    'Phòng Tài chính - Kế hoạch {huyen} {d}',
    'Phòng Lao động - Thương binh và Xã hội {huyen} {d}',
    'Chi cục Thuế {huyen} {d}',
    'Kho bạc Nhà nước {d}',
    'Bảo hiểm xã hội {huyen} {d}',
    'Tòa án nhân dân {huyen} {d}',
    'Viện Kiểm sát nhân dân {huyen} {d}',
    'Công an {huyen} {d}',
  ],
  'public-service': [
    'Trung tâm Y tế {huyen} {d}',
    'Bệnh viện Đa khoa {d}',
    'Trung tâm Văn hóa - Thể thao {d}',
    'Ban Quản lý dự án {huyen} {d}',
    'Trường THPT {d}',
    'Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {d}',
  ],
  'state-enterprise': [
    'Điện lực {d}',
    'Bưu điện {huyen} {d}',
    'Công ty Cổ phần Môi trường đô thị {d}',
    'Công ty TNHH MTV Thủy lợi {d}',
    'Công ty Cổ phần Cấp nước {d}',
    'Công ty Cổ phần Xe khách {d}',
  ],
};
const COMPANY_FORMS = ['Công ty TNHH', 'Công ty Cổ phần', 'Công ty TNHH MTV'];
const TRADES = [
  'May mặc',
  'Cơ khí',
  'Thực phẩm',
  'Xây dựng',
  'Thương mại',
  'Dệt',
  'Chế biến gỗ',
  'Nhựa',
  'Điện tử',
  'Vận tải',
  'Dược phẩm',
  'Bao bì',
  'Giày da',
  'Gốm sứ',
  'Du lịch',
];
const BRANDS = [
  'Thành Công',
  'Minh Anh',
  'Phú Thịnh',
  'Hưng Long',
  'An Phát',
  'Tân Tiến',
  'Đại Việt',
  'Hồng Hà',
  'Sao Mai',
  'Bình Minh',
  'Phúc Lộc',
  'Kim Long',
  'Trường Thành',
  'Quang Minh',
  'Hoàng Gia',
  'Thăng Long',
];

interface PooledName {
  name: string;
  place: string | null;
}

/**
 * The names a district's units of one sector can have, in a seeded order: the district's own offices and
 * firms, those of each commune or ward, and for private firms every form × trade × brand.
 */
function namePool(prng: Prng, district: DistrictDeclaration, sector: UnionSector): PooledName[] {
  const urban = district.name.includes('quận');
  const fill = (template: string, place = '') =>
    template
      .replace('{xa}', urban ? 'phường' : 'xã')
      .replace('{huyen}', urban ? 'quận' : 'huyện')
      .replace('{Huyen}', urban ? 'Quận' : 'Huyện')
      .replace('{d}', district.name.replace(/^LĐLĐ (quận|huyện) /, ''))
      .replace('{p}', place);
  const wide = (name: string): PooledName => ({ name, place: null });
  const names: PooledName[] =
    sector === 'non-state-enterprise'
      ? COMPANY_FORMS.flatMap((form) =>
          TRADES.flatMap((trade) => BRANDS.map((brand) => wide(`${form} ${trade} ${brand}`))),
        )
      : [
          ...PER_DISTRICT[sector].map((template) => wide(fill(template))),
          ...PER_PLACE[sector].flatMap((template) =>
            district.places.map((place) => ({ name: fill(template, place), place })),
          ),
          ...(sector === 'state-enterprise' ? TRADES.map((trade) => wide(`Công ty TNHH MTV ${trade} Hà Nội`)) : []),
        ];
  return prng.shuffled(names);
}

/**
 * A federation's unions, numbered in the order they were founded (`ba-vi-cd-001` is the oldest). Names are
 * drawn from the district's pools without repeats; only an exhausted pool repeats a name, as "… số 2".
 */
function generateUnions(district: DistrictDeclaration, groups: UnionGroup[]): DemoUnion[] {
  const prng = new Prng(`unions:${district.id}`);
  const pools = new Map<UnionSector, { names: PooledName[]; drawn: number }>();
  const nameFor = (sector: UnionSector) => {
    let pool = pools.get(sector);
    if (!pool) pools.set(sector, (pool = { names: namePool(prng, district, sector), drawn: 0 }));
    const round = Math.floor(pool.drawn / pool.names.length);
    const { name, place } = pool.names[pool.drawn++ % pool.names.length];
    return { name: `CĐCS ${name}${round === 0 ? '' : ` số ${round + 1}`}`, place };
  };
  const drafts: Omit<DemoUnion, 'id'>[] = [];
  for (const group of groups) {
    for (let i = 0; i < group.count; i++) {
      const sector = typeof group.sector === 'string' ? group.sector : prng.weighted(group.sector);
      const enterprise = sector === 'state-enterprise' || sector === 'non-state-enterprise';
      drafts.push({
        federationId: district.id,
        ...nameFor(sector),
        sector,
        foundedOn: prng.date(group.from, group.to),
        group: group.name,
        // A few large units and many small ones; firms employ more than schools and offices.
        weight: (enterprise ? 1.6 : 1) * (0.15 + prng.float() ** 2 * 3),
      });
    }
  }
  return sortByDate(drafts, (d) => d.foundedOn).map((draft, index) => ({
    ...draft,
    id: `${district.id}-cd-${String(index + 1).padStart(3, '0')}`,
  }));
}

const FAMILY_NAMES: [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Phan', 4],
  ['Vũ', 4],
  ['Đặng', 2],
  ['Bùi', 2],
  ['Đỗ', 2],
  ['Hồ', 1],
  ['Ngô', 1],
  ['Dương', 1],
  ['Lý', 1],
  ['Đinh', 1],
  ['Kiều', 1],
];
const MIDDLE_NAMES: Record<Gender, string[]> = {
  female: ['Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Phương'],
  male: ['Văn', 'Văn', 'Đức', 'Quang', 'Minh', 'Hữu', 'Thành', 'Xuân'],
  other: ['Minh', 'Thanh'],
};
const GIVEN_NAMES: Record<Gender, string[]> = {
  female: [
    'Hoa',
    'Lan',
    'Hương',
    'Mai',
    'Hạnh',
    'Thảo',
    'Trang',
    'Hằng',
    'Linh',
    'Nga',
    'Yến',
    'Phương',
    'Huyền',
    'Dung',
  ],
  male: ['Hùng', 'Dũng', 'Tuấn', 'Nam', 'Sơn', 'Long', 'Hải', 'Thắng', 'Cường', 'Quân', 'Trung', 'Khánh', 'Tú', 'Đạt'],
  other: ['An', 'Khuê'],
};

/** Born 1965–2000, and at least 18 on joining. */
function person(prng: Prng, joinedOn: string): PersonalData {
  const gender: Gender = prng.float() < 0.56 ? 'female' : 'male';
  const fullName = `${prng.weighted(FAMILY_NAMES)} ${prng.pick(MIDDLE_NAMES[gender])} ${prng.pick(GIVEN_NAMES[gender])}`;
  const latest = yearsBefore(joinedOn, 18);
  return { fullName, gender, birthDate: prng.date('1965-01-01', latest < '2000-12-31' ? latest : '2000-12-31') };
}

/**
 * A federation's members, spread over its unions by their weight, each joining on a date in the group's period
 * and not before the union was founded; numbered in the order they joined (`ba-vi-dv-000001` joined first).
 */
function generateMembers(federationId: string, unions: DemoUnion[], groups: MemberGroup[]): DemoMember[] {
  const prng = new Prng(`members:${federationId}`);
  const drafts: Omit<DemoMember, 'id'>[] = [];
  for (const group of groups) {
    const open = unions.filter((union) => union.foundedOn <= group.to);
    const cumulative: number[] = [];
    open.reduce((sum, union) => (cumulative.push(sum + union.weight), sum + union.weight), 0);
    for (let i = 0; i < group.count; i++) {
      const union = open[pickIndex(cumulative, prng.float())];
      const joinedOn = prng.date(laterOf(group.from, union.foundedOn), group.to);
      drafts.push({ unionId: union.id, joinedOn, personal: person(prng, joinedOn), group: group.name });
    }
  }
  return sortByDate(drafts, (d) => d.joinedOn).map((draft, index) => ({
    ...draft,
    id: `${federationId}-dv-${String(index + 1).padStart(6, '0')}`,
  }));
}

/** Binary search in cumulative weights. */
function pickIndex(cumulative: number[], roll: number): number {
  const target = roll * cumulative[cumulative.length - 1];
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid] > target) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Stable: items of one date keep the order they were generated in. */
function sortByDate<T>(items: T[], dateOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (dateOf(a.item) < dateOf(b.item) ? -1 : dateOf(a.item) > dateOf(b.item) ? 1 : a.index - b.index))
    .map(({ item }) => item);
}

function joinMember(member: DemoMember, correlationId: string): PlannedCommand {
  return {
    context: 'membership',
    label: `member:${member.id}`,
    streamId: memberStream(member.id),
    occurredOn: member.joinedOn,
    correlationId,
    command: { type: 'JoinMember', memberId: member.id, unionId: member.unionId, personal: member.personal },
  };
}

// ----- democracy at work ---------------------------------------------------------------------------------------

const isPublic = (union: DemoUnion) => union.sector === 'public-administration' || union.sector === 'public-service';

/**
 * Every public unit holds its civil-servant conference; of the enterprises, a share or an exact number hold a
 * workers' conference (which ones is drawn by the seeded generator).
 */
function planConferences(
  federationId: string,
  year: number,
  unions: DemoUnion[],
  held: { civilServants: 'all'; workersShare?: number; workersCount?: number },
  from: string,
  to: string,
  correlationId: string,
): PlannedCommand[] {
  const prng = new Prng(`conferences:${federationId}:${year}`);
  const enterprises = unions.filter((union) => !isPublic(union));
  const workers = held.workersCount ?? Math.round(enterprises.length * (held.workersShare ?? 0));
  if (workers > enterprises.length) throw new Error(`${federationId}: ${workers} workers' conferences, too few units`);
  const holding: [DemoUnion, ConferenceKind][] = [
    ...unions.filter(isPublic).map((union): [DemoUnion, ConferenceKind] => [union, 'civil-servants']),
    ...prng
      .shuffled(enterprises)
      .slice(0, workers)
      .map((union): [DemoUnion, ConferenceKind] => [union, 'workers']),
  ];
  return holding.map(([union, kind]) => ({
    context: 'democracy',
    label: `conference:${union.id}:${year}:${kind}`,
    streamId: democracyStream(union.id),
    occurredOn: prng.date(laterOf(from, union.foundedOn), to),
    correlationId,
    command: { type: 'HoldConference', unionId: union.id, year, kind },
  }));
}

// ----- recognition ---------------------------------------------------------------------------------------------

const INITIATIVE_TITLES = [
  'Cải tiến quy trình kiểm kê kho',
  'Hợp lý hóa dây chuyền may',
  'Tiết kiệm điện năng chiếu sáng nhà xưởng',
  'Ứng dụng phần mềm quản lý hồ sơ',
  'Cải tiến khuôn ép nhựa',
  'Tận dụng phế liệu gỗ',
  'Số hóa sổ sách kế toán',
  'Giảm hao hụt nguyên liệu đầu vào',
  'Đổi mới phương pháp giảng dạy môn Toán',
  'Sắp xếp lại lịch trực giảm giờ làm thêm',
  'Cải tiến đồ gá hàn',
  'Tái sử dụng nước làm mát',
  'Rút ngắn thời gian tiếp nhận hồ sơ một cửa',
  'Bảo dưỡng phòng ngừa máy nén khí',
];

function recogniseInitiative(
  id: string,
  federationId: string,
  union: DemoUnion,
  title: string,
  valueSavedDong: number,
  occurredOn: string,
  correlationId: string,
): PlannedCommand {
  return {
    context: 'recognition',
    label: `initiative:${id}`,
    streamId: initiativeStream(id),
    occurredOn,
    correlationId,
    command: { type: 'RecogniseInitiative', initiativeId: id, federationId, unionId: union.id, title, valueSavedDong },
  };
}

/** 1,761 initiatives whose savings add up exactly to the declared total (in steps of 10,000 đ). */
function planHaDongInitiatives(unions: DemoUnion[]): PlannedCommand[] {
  const hd = HA_DONG_2017;
  const prng = new Prng(`initiatives:${hd.federationId}:${hd.year}`);
  const values = prng.split(hd.initiativesSavedDong, hd.initiatives, 10_000);
  return values.map((value, index) =>
    recogniseInitiative(
      `${hd.federationId}-sk-${hd.year}-${String(index + 1).padStart(4, '0')}`,
      hd.federationId,
      prng.pick(unions),
      prng.pick(INITIATIVE_TITLES),
      value,
      prng.date(hd.initiativesFrom, hd.initiativesTo),
      CORRELATION.haDong,
    ),
  );
}

function planClusterInitiatives(declared: ClusterDistrictDeclaration, unions: DemoUnion[]): PlannedCommand[] {
  const { federationId } = declared;
  const year = CLUSTER_4.year;
  const prng = new Prng(`initiatives:${federationId}:${year}`);
  const existing = unions.filter((union) => union.group === 'existing');
  return Array.from({ length: declared.initiatives }, (_, index) =>
    recogniseInitiative(
      `${federationId}-sk-${year}-${String(index + 1).padStart(4, '0')}`,
      federationId,
      prng.pick(existing),
      prng.pick(INITIATIVE_TITLES),
      prng.int(50, 800) * 100_000,
      prng.date('2023-03-01', '2023-11-15'),
      CORRELATION.cluster,
    ),
  );
}

/** Titles granted at the year-end conference, to members who had joined before the year, or to the federation. */
function planAwards(declared: ClusterDistrictDeclaration, members: DemoMember[]): PlannedCommand[] {
  const { federationId } = declared;
  const year = CLUSTER_4.year;
  const prng = new Prng(`awards:${federationId}:${year}`);
  const candidates = members.filter((member) => member.group === 'existing');
  const honoured = new Set<string>();
  const commands: PlannedCommand[] = [];
  for (const award of declared.awards) {
    for (let n = 1; n <= award.count; n++) {
      const awardId = `${federationId}-${award.code}-${year}-${String(n).padStart(4, '0')}`;
      let recipientId = federationId;
      if (award.to !== 'federation') {
        let member: DemoMember;
        do member = prng.pick(candidates);
        while (honoured.has(member.id) || (award.to === 'woman' && member.personal.gender !== 'female'));
        honoured.add(member.id);
        recipientId = member.id;
      }
      commands.push({
        context: 'recognition',
        label: `award:${awardId}`,
        streamId: awardStream(awardId),
        occurredOn: CLUSTER_4.conferenceOn,
        correlationId: CORRELATION.cluster,
        command: {
          type: 'GrantAward',
          awardId,
          title: award.title,
          level: award.level,
          recipient: { kind: award.to === 'federation' ? 'federation' : 'member', id: recipientId },
          year,
        },
      });
    }
  }
  return commands;
}

// ----- funds ---------------------------------------------------------------------------------------------------

/** A federation's fund book: funds opened first, then the entries in the order declared (one stream). */
function planFundBook(book: FundBookDeclaration, correlationId: string): PlannedCommand[] {
  const { federationId } = book;
  const streamId = fundBookStream(federationId);
  const opened: PlannedCommand[] = book.funds.map((fund) => ({
    context: 'funds',
    label: `fund:${fund.id}`,
    streamId,
    occurredOn: fund.openedOn,
    correlationId,
    command: { type: 'OpenFund', federationId, fundId: fund.id, kind: fund.kind, name: fund.name },
  }));
  const entries: PlannedCommand[] = book.entries.map((entry): PlannedCommand => {
    const planned = {
      context: 'funds' as const,
      label: `entry:${entry.id}`,
      streamId,
      occurredOn: entry.on,
      correlationId,
    };
    switch (entry.entry) {
      case 'contribution':
        return {
          ...planned,
          command: {
            type: 'ReceiveContribution',
            federationId,
            entryId: entry.id,
            fundId: entry.fundId,
            amount: entry.amount,
            source: { kind: entry.source.kind, id: entry.source.id ?? null, name: entry.source.name },
          },
        };
      case 'payment':
        return {
          ...planned,
          command: {
            type: 'PaySupport',
            federationId,
            entryId: entry.id,
            fundId: entry.fundId,
            amount: entry.amount,
            purpose: entry.purpose,
            recipient: { kind: entry.recipient.kind, id: entry.recipient.id ?? null, name: entry.recipient.name },
            recipients: entry.recipients ?? 1,
            amountEach: entry.amountEach ?? null,
          },
        };
      case 'reversal':
        return {
          ...planned,
          reason: entry.reason,
          command: {
            type: 'CorrectEntry',
            federationId,
            entryId: entry.id,
            correctsEntryId: entry.correctsEntryId,
            kind: 'reversal',
            amountDelta: null,
            reason: entry.reason,
          },
        };
    }
  });
  return [...opened, ...entries];
}

/** Each cluster district's social fund: what it raised for Tết Quý Mão, and the gifts paid from it. */
function planClusterFunds(declared: ClusterDistrictDeclaration): PlannedCommand[] {
  const { federationId, tetGifts } = declared;
  const district = districtOf(federationId);
  const fundId = `${federationId}-quy-xa-hoi`;
  return planFundBook(
    {
      federationId,
      funds: [{ id: fundId, kind: 'social', name: `Quỹ Xã hội ${district.name}`, openedOn: CLUSTER_4.plannedOn }],
      entries: [
        {
          entry: 'contribution',
          id: `${federationId}-2023-thu-0001`,
          on: '2023-01-05',
          fundId,
          amount: tetGifts.raised,
          source: { kind: 'member', name: `CNVCLĐ ${district.name.replace(/^LĐLĐ /, '')}` },
        },
        {
          entry: 'payment',
          id: `${federationId}-2023-chi-0001`,
          on: '2023-01-16',
          fundId,
          purpose: 'tet-gifts',
          recipient: { kind: 'workers', name: 'CNVCLĐ có hoàn cảnh khó khăn ("Tết sum vầy" Quý Mão 2023)' },
          amount: tetGifts.recipients * tetGifts.amountEach,
          recipients: tetGifts.recipients,
          amountEach: tetGifts.amountEach,
        },
      ],
    },
    CORRELATION.cluster,
  );
}

// ----- cluster -------------------------------------------------------------------------------------------------

function clusterCommand(label: string, occurredOn: string, command: ClusterCommand): PlannedCommand {
  return {
    context: 'clusters',
    label: `cluster:${CLUSTER_4.id}:${label}`,
    streamId: clusterStream(CLUSTER_4.id),
    occurredOn,
    correlationId: CORRELATION.cluster,
    command,
  };
}

/** Formed with its 2023 leadership and rule at the start of the year; graded at the conference of 22/11/2023. */
function planCluster(): PlannedCommand[] {
  const { id: clusterId, year } = CLUSTER_4;
  return [
    clusterCommand(`form:${year}`, CLUSTER_4.formedOn, {
      type: 'FormCluster',
      clusterId,
      year,
      name: CLUSTER_4.name,
      federationIds: CLUSTER_4.districts.map((d) => d.federationId),
    }),
    clusterCommand(`leader:${year}`, CLUSTER_4.formedOn, {
      type: 'ElectClusterLeader',
      clusterId,
      forYear: year,
      leaderFederationId: CLUSTER_4.leadership2023.leader,
      deputyFederationId: CLUSTER_4.leadership2023.deputy,
    }),
    clusterCommand(`scoring-rule:${year}`, CLUSTER_4.formedOn, {
      type: 'AdoptScoringRule',
      clusterId,
      year,
      weights: CLUSTER_4.scoringRule.weights,
      tieBreak: CLUSTER_4.scoringRule.tieBreak,
    }),
    ...CLUSTER_4.districts.map((d) =>
      clusterCommand(`evaluation:${year}:${d.federationId}`, CLUSTER_4.conferenceOn, {
        type: 'RecordEvaluation',
        clusterId,
        year,
        federationId: d.federationId,
        grade: d.grade,
        rank: d.rank,
      }),
    ),
  ];
}

/** The last command of the seed: the conference of 22/11/2023 elects next year's leadership. */
function electLeaderFor2024(): PlannedCommand {
  const forYear = CLUSTER_4.year + 1;
  return clusterCommand(`leader:${forYear}`, CLUSTER_4.conferenceOn, {
    type: 'ElectClusterLeader',
    clusterId: CLUSTER_4.id,
    forYear,
    leaderFederationId: CLUSTER_4.leadership2024.leader,
    deputyFederationId: CLUSTER_4.leadership2024.deputy,
  });
}
