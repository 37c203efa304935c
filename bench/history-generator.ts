import type { ClusterEvent, Indicator } from '../src/clusters/clusters.events';
import { INDICATORS } from '../src/clusters/clusters.events';
import type { EventMetadata, EventStore, EventToAppend, ExpectedRevision } from '../src/core/event-store.port';
import type { DemocracyEvent } from '../src/democracy/democracy.events';
import type {
  ContributionSource,
  FundBookEvent,
  FundKind,
  SourceKind,
  SupportPurpose,
  SupportRecipient,
} from '../src/funds/funds.events';
import type { MemberEvent, MemberForgotten } from '../src/membership/membership.events';
import type { FederationEvent, UnionEvent, UnionSector } from '../src/organisation/organisation.events';
import type { AwardEvent, AwardLevel, InitiativeEvent } from '../src/recognition/recognition.events';
import { SeededRandom } from './seeded-random';

/**
 * A realistic, deterministic history of a union federation at any scale, for benchmarks, demos and tests.
 *
 * The shape follows the seed articles (`../shared/seeds`): district federations (LĐLĐ quận/huyện) of a few
 * thousand to tens of thousands of members in grassroots unions of ~38 members on average (cluster 4: 1,172
 * unions, 44,579 members; Hoàn Kiếm: 480 unions, 28,935 members), grouped under city federations and in
 * emulation clusters of about six. Every year each district: recruits ~12% new members and loses ~10%,
 * moves ~2% between unions, founds ~5% new unions against a target it beats or misses (57%…333%), dissolves
 * ~3%; awards titles to ~10% of its members, mostly at the year-end conference (Hà Đông 2017: thousands of
 * commendations), recognises initiatives (~3% of members: Hà Đông's 1,761); holds democratic conferences in
 * the first quarter (83/83 civil-servant conferences, about 55–80% of workers conferences); keeps four funds
 * with contributions and support payments peaking at Tết (242 gifts × 1,000,000 đ; 1,296 workers), and
 * corrects a few entries later, back-dated. Some facts are recorded late: ~3% of joins, and collective awards
 * of the November conference recorded in January.
 *
 * The events are exactly what the deciders would decide (so the history could have been recorded through the
 * commands: `history-commands.ts` replays it that way in the tests). Time runs in monthly windows: each
 * window's facts are recorded at the start of the next month, stream by stream — federations, unions,
 * members, democracy, awards, initiatives, fund books, clusters — so every append finds what it depends on
 * already recorded, and recording times grow with log positions.
 */

export interface HistoryOptions {
  /** Events to generate: the history stops at the first append that reaches this many. */
  events: number;
  seed?: number | string;
  /** First year recorded (the system "went live" on 1 January with its existing roll); 2016 by default. */
  firstYear?: number;
  /** Whole years of history; 10 by default (2016–2025), so every date is in the past. */
  years?: number;
}

/** One append through the event store port: one stream, its expected revision, its events. */
export interface HistoryAppend {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: EventToAppend[];
  /**
   * The district federation this stream's history depends on (its home): streams of different homes never
   * depend on each other after the first window, so writers may replay them concurrently, one per home.
   */
  home: number;
}

/** The structure chosen for a number of events. */
export interface HistoryPlan {
  seed: number | string;
  events: number;
  firstYear: number;
  years: number;
  cities: number;
  districts: number;
  clusters: number;
  initialUnions: number;
  initialMembers: number;
}

export interface HistorySummary {
  events: number;
  appends: number;
  /** Events per type. */
  types: Record<string, number>;
  /** The last window recorded, `YYYY-MM`. */
  lastWindow: string;
  unionsFounded: number;
  unionsActive: number;
  membersJoined: number;
  membersActive: number;
  /** Facts recorded at least a month after their business date (initial roll excluded). */
  recordedLate: number;
}

/** Measured on this generator: events per member of the initial roll over ten years, all kinds included. */
const EVENTS_PER_INITIAL_MEMBER = 5.5;
const MEMBERS_PER_DISTRICT = 8000;
const MEMBERS_PER_UNION = 38;
const DISTRICTS_PER_CLUSTER = 6;
const DISTRICTS_PER_CITY = 12;

/** Yearly rates per active member (or union), from the seed articles' proportions. */
const RATES = {
  joins: 0.12,
  leaves: 0.1,
  memberTransfers: 0.02,
  awards: 0.1,
  awardRevocations: 0.01,
  initiatives: 0.03,
  unionsFounded: 0.05,
  unionsDissolved: 0.03,
  unionTransfers: 0.002,
  agreements: 0.05,
  workersConference: 0.65,
  lateJoins: 0.03,
  lateCollectiveAwards: 0.4,
  /** Fund entries per 1,000 members and month. */
  contributions: 0.5,
  payments: 1.0,
  fundTransfers: 0.04,
  corrections: 0.03,
  /** Share of leavers who ask for their personal data to be erased (quyền xóa dữ liệu, Decree 13/2023). */
  forgotten: 0.01,
  /** Share of district-years whose closed book is reopened, after the audit, for a back-dated correction. */
  reopenings: 0.1,
};

/** Share of a year's awards granted in each month: most at the year-end conferences and in January. */
const AWARD_MONTH_SHARE = [0.25, 0.03, 0.03, 0.03, 0.04, 0.03, 0.03, 0.03, 0.03, 0.03, 0.15, 0.34];
/** Recruitment is slow around Tết and strong in "Tháng công nhân" (May). */
const JOIN_MONTH_FACTOR = [0.8, 0.6, 1, 1, 1.5, 1, 1, 1, 1, 1.1, 1, 1];
/** Support payments peak at Tết (January, February) and for children's gifts (June, August). */
const PAYMENT_MONTH_FACTOR = [3, 1.5, 0.7, 0.7, 0.8, 1.2, 0.7, 1.2, 0.7, 0.7, 0.8, 1];

const SECTORS: readonly (readonly [UnionSector, number])[] = [
  ['public-administration', 8],
  ['public-service', 10],
  ['state-enterprise', 7],
  ['non-state-enterprise', 75],
];

const DISTRICT_NAMES = [
  'Hoàn Kiếm', 'Hai Bà Trưng', 'Hà Đông', 'Phúc Thọ', 'Ba Vì', 'Thạch Thất', 'Đan Phượng', 'Hoài Đức', 'Quốc Oai',
  'Ba Đình', 'Đống Đa', 'Tây Hồ', 'Cầu Giấy', 'Thanh Xuân', 'Hoàng Mai', 'Long Biên', 'Bắc Từ Liêm', 'Nam Từ Liêm',
  'Sóc Sơn', 'Đông Anh', 'Gia Lâm', 'Thanh Trì', 'Mê Linh', 'Sơn Tây', 'Chương Mỹ', 'Thanh Oai', 'Thường Tín',
  'Phú Xuyên', 'Ứng Hòa', 'Mỹ Đức',
]; // prettier-ignore
const CITY_NAMES = ['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Quảng Ninh', 'Bắc Ninh', 'Bình Dương'];
const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE_NAMES = { female: ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh'], male: ['Văn', 'Đức', 'Quang', 'Minh', 'Hữu'] };
const GIVEN_NAMES = {
  female: ['Lan', 'Hương', 'Mai', 'Hoa', 'Thảo', 'Trang', 'Linh', 'Hạnh', 'Dung', 'Vân', 'Nga', 'Yến'],
  male: ['Hùng', 'Dũng', 'Nam', 'Tuấn', 'Thành', 'Long', 'Khánh', 'Tuệ', 'Thịnh', 'Quân', 'Sơn', 'Bình'],
};
const UNION_KINDS: Record<UnionSector, string[]> = {
  'public-administration': ['Công đoàn cơ quan UBND phường', 'Công đoàn Văn phòng HĐND-UBND', 'Công đoàn Phòng'],
  'public-service': ['Công đoàn Trường Tiểu học', 'Công đoàn Trường THCS', 'Công đoàn Trung tâm Y tế', 'Công đoàn Bệnh viện'],
  'state-enterprise': ['Công đoàn Công ty TNHH MTV', 'Công đoàn Tổng công ty'],
  'non-state-enterprise': ['Công đoàn Công ty TNHH', 'Công đoàn Công ty Cổ phần', 'Công đoàn Doanh nghiệp'],
}; // prettier-ignore
const MEMBER_TITLES: readonly (readonly [string, number])[] = [
  ['Lao động giỏi', 60],
  ['Chiến sĩ thi đua cơ sở', 12],
  ['Công nhân giỏi Thủ đô', 10],
  ['Giỏi việc nước, đảm việc nhà', 14],
  ['Người tốt, việc tốt', 4],
];
const AWARD_LEVELS: readonly (readonly [AwardLevel, number])[] = [
  ['grassroots', 60],
  ['district', 30],
  ['city', 8],
  ['national', 2],
];
const FUNDS: readonly { id: string; kind: FundKind; name: string; share: number }[] = [
  { id: 'social', kind: 'social', name: 'Quỹ Xã hội Công đoàn', share: 40 },
  { id: 'poverty', kind: 'poverty', name: 'Quỹ Vì người nghèo', share: 25 },
  { id: 'gratitude', kind: 'gratitude', name: 'Quỹ Đền ơn đáp nghĩa', share: 20 },
  { id: 'housing', kind: 'housing', name: 'Quỹ Mái ấm Công đoàn', share: 15 },
];

const DAY_MS = 86_400_000;
/** Facts are recorded from 08:00 in Hà Nội (01:00 UTC) on the day after their business date, 10 ms apart. */
const MORNING_MS = 3_600_000;
const RECORDING_STEP_MS = 10;
/** Recorded more than a month after the business date. */
const LATE_DAYS = 31;

type Category = 'federation' | 'union' | 'member' | 'democracy' | 'award' | 'initiative' | 'fundbook' | 'cluster';
/** The order a window is recorded in: every stream after those it depends on. */
const CATEGORIES: readonly Category[] = [
  'federation',
  'union',
  'member',
  'democracy',
  'award',
  'initiative',
  'fundbook',
  'cluster',
];

const AWARDS = CATEGORIES.indexOf('award');
const INITIATIVES = CATEGORIES.indexOf('initiative');

type AnyEvent =
  FederationEvent | UnionEvent | MemberEvent | MemberForgotten | DemocracyEvent | AwardEvent | InitiativeEvent;
type GeneratedEvent = AnyEvent | FundBookEvent | ClusterEvent;

interface Federation {
  id: string;
  name: string;
  registeredDay: number;
}

interface District extends Federation {
  index: number;
  city: number;
  /** Active unions founded in this district (their home), by union index. */
  unions: number[];
  /** Active members whose home this is, by member index. */
  members: number[];
  balances: number[];
  entrySeq: number;
  /** Fund entries that may still be corrected. */
  correctable: FundEntry[];
  /** Entries of the year last closed: only a reopening of the book lets them be corrected on their own date. */
  closedCorrectable: FundEntry[];
  /** Awards that may still be revoked. */
  revocable: RecentAward[];
}

interface FundEntry {
  entryId: string;
  kind: 'contribution' | 'payment';
  fund: number;
  amount: number;
  amountEach: number | null;
  category: string;
  recipients: number;
  day: number;
}

interface RecentAward {
  awardId: string;
  recipient: { kind: 'member' | 'union' | 'federation'; id: string };
  federationId: string;
  year: number;
  day: number;
  home: number;
}

interface Cluster {
  id: string;
  name: string;
  districts: number[];
}

/** A fund entry planned for a window, before the balances decide whether it can be paid. */
type PlannedEntry =
  | { day: number; seq: number; type: 'contribution'; fund: number; amount: number; source: SourceKind }
  | {
      day: number;
      seq: number;
      type: 'payment';
      fund: number;
      purpose: SupportPurpose;
      recipient: SupportRecipient;
      recipients: number;
      amountEach: number | null;
      amount: number;
    }
  | { day: number; seq: number; type: 'transfer'; from: number; to: number; share: number }
  | { day: number; seq: number; type: 'correction'; target: FundEntry; kind: 'reversal' | 'adjustment'; delta: number };

interface PendingEvent {
  /** Business date. */
  day: number;
  /** The day it is recorded after: its business date, unless it must follow later facts of its stream. */
  recordDay: number;
  category: number;
  /** Order of generation: the order of a stream's events, and of dependent facts on one day. */
  seq: number;
  streamId: string;
  home: number;
  /** Where the stream's last revision is kept, when the caller keeps it. */
  counter: [number[], number] | null;
  /** Part of the existing roll recorded when the system started (not "late"). */
  initial: boolean;
  event: EventToAppend;
}

export function planHistory(options: HistoryOptions): HistoryPlan {
  const events = Math.max(1, Math.floor(options.events));
  const firstYear = options.firstYear ?? 2016;
  const years = options.years ?? 10;
  const initialMembers = Math.max(60, Math.round(events / EVENTS_PER_INITIAL_MEMBER));
  // Small histories keep a whole cluster (six districts) of smaller districts.
  const districts = Math.max(DISTRICTS_PER_CLUSTER, Math.round(initialMembers / MEMBERS_PER_DISTRICT));
  return {
    seed: options.seed ?? 'union-ledger',
    events,
    firstYear,
    years,
    cities: Math.ceil(districts / DISTRICTS_PER_CITY),
    districts,
    clusters: clustersOf(districts, Math.ceil(districts / DISTRICTS_PER_CITY)).length,
    initialUnions: Math.max(districts * 2, Math.round(initialMembers / MEMBERS_PER_UNION)),
    initialMembers,
  };
}

/** Districts of each city in groups of about six; a last group of one joins the group before it. */
function clustersOf(districts: number, cities: number): number[][] {
  const clusters: number[][] = [];
  for (let city = 0; city < cities; city++) {
    const own = range(districts).filter((d) => d % cities === city);
    const groups: number[][] = [];
    for (let i = 0; i < own.length; i += DISTRICTS_PER_CLUSTER) groups.push(own.slice(i, i + DISTRICTS_PER_CLUSTER));
    if (groups.length > 1 && groups[groups.length - 1].length < 2) groups[groups.length - 2].push(...groups.pop()!);
    clusters.push(...groups.filter((group) => group.length >= 2));
  }
  return clusters;
}

export class HistoryGenerator {
  readonly plan: HistoryPlan;
  private readonly random: SeededRandom;
  private readonly seedHex: string;
  private readonly national: Federation;
  private readonly cities: Federation[] = [];
  private readonly districts: District[] = [];
  private readonly clusters: Cluster[] = [];
  private readonly revisions = new Map<string, number>();

  // Unions, by index (parallel arrays keep a national-scale history in little memory).
  private readonly unionFederation: number[] = [];
  private readonly unionHome: number[] = [];
  private readonly unionFounded: number[] = [];
  private readonly unionFederationSince: number[] = [];
  private readonly unionSector: UnionSector[] = [];
  private readonly unionActive: boolean[] = [];
  private readonly unionMembers: number[][] = [];
  private readonly unionSlot: number[] = [];
  private readonly unionRevision: number[] = [];
  private readonly democracyRevision: number[] = [];
  /** Conferences held in `conferenceYear`: bit 1 workers, bit 2 civil servants. */
  private readonly conferenceYear: number[] = [];
  private readonly conferenceMask: number[] = [];

  // Members, by index.
  private readonly memberUnion: number[] = [];
  private readonly memberLastDay: number[] = [];
  private readonly memberRevision: number[] = [];
  private readonly memberSlotInUnion: number[] = [];
  private readonly memberSlotInHome: number[] = [];

  private awardSeq = 0;
  private initiativeSeq = 0;
  private agreementSeq = 0;
  private eventSeq = 0;
  private recordingClock = 0;
  private readonly counts: Record<string, number> = {};
  private emitted = 0;
  private appendCount = 0;
  private recordedLate = 0;
  private lastWindow = '';

  private pending: PendingEvent[] = [];
  private inInitialRoll = false;

  constructor(options: HistoryOptions) {
    this.plan = planHistory(options);
    this.random = new SeededRandom(`history:${String(this.plan.seed)}`);
    this.seedHex = new SeededRandom(`ids:${String(this.plan.seed)}`).int(0, 0xffffffff).toString(16).padStart(8, '0');
    this.national = { id: 'vn', name: 'Tổng Liên đoàn Lao động Việt Nam', registeredDay: dayOf('1929-07-28') };
  }

  /** Events per type so far, and what the history holds. */
  summary(): HistorySummary {
    return {
      events: this.emitted,
      appends: this.appendCount,
      types: { ...this.counts },
      lastWindow: this.lastWindow,
      unionsFounded: this.unionFederation.length,
      unionsActive: this.districts.reduce((sum, d) => sum + d.unions.length, 0),
      membersJoined: this.memberUnion.length,
      membersActive: this.districts.reduce((sum, d) => sum + d.members.length, 0),
      recordedLate: this.recordedLate,
    };
  }

  /** The appends, in recording order, until `plan.events` events or the end of the last year. */
  *appends(): Generator<HistoryAppend> {
    const { firstYear, years } = this.plan;
    for (let year = firstYear; year < firstYear + years; year++) {
      for (let month = 1; month <= 12; month++) {
        if (year === firstYear && month === 1) {
          this.inInitialRoll = true;
          this.initialRoll();
          this.inInitialRoll = false;
          // Recording starts on the day the system went live, whatever the dates of the roll.
          this.recordingClock = dayOf(`${year}-01-02`) * DAY_MS + MORNING_MS;
        }
        this.window(year, month);
        this.lastWindow = `${year}-${String(month).padStart(2, '0')}`;
        for (const append of this.flush()) {
          yield append;
          if (this.emitted >= this.plan.events) return;
        }
      }
    }
  }

  // ---------------------------------------------------------------- the structure on the day the system started

  private initialRoll(): void {
    const { plan, random } = this;
    const start = dayOf(`${plan.firstYear}-01-01`);
    this.registerFederation(this.national, null, 'national', 0);
    for (let c = 0; c < plan.cities; c++) {
      const city: Federation = {
        id: `city-${pad(c + 1, 2)}`,
        name: `LĐLĐ ${CITY_NAMES[c] ?? `tỉnh số ${c + 1}`}`,
        registeredDay: dayOf('1946-01-01') + random.int(0, 3650),
      };
      this.cities.push(city);
      this.registerFederation(city, this.national.id, 'city', 0);
    }
    const weights = range(plan.districts).map(() => 0.4 + random.next() ** 2 * 2.5);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    for (let d = 0; d < plan.districts; d++) {
      const city = d % plan.cities;
      const district: District = {
        index: d,
        id: districtId(d),
        name: `LĐLĐ ${DISTRICT_NAMES[d] ?? `quận số ${d + 1}`}`,
        registeredDay: Math.max(this.cities[city].registeredDay, dayOf('1976-01-01')) + random.int(0, 4000),
        city,
        unions: [],
        members: [],
        balances: FUNDS.map(() => 0),
        entrySeq: 0,
        correctable: [],
        closedCorrectable: [],
        revocable: [],
      };
      this.districts.push(district);
      this.registerFederation(district, this.cities[city].id, 'district', d);
    }

    // The existing roll: unions founded and members joined before the system started, recorded in its first month.
    for (const district of this.districts) {
      const share = weights[district.index] / totalWeight;
      const unions = Math.max(2, Math.round(plan.initialUnions * share));
      const members = Math.max(unions, Math.round(plan.initialMembers * share));
      const unionWeights: number[] = [];
      const first = this.unionFederation.length;
      for (let u = 0; u < unions; u++) {
        const founded = random.int(district.registeredDay + 1, start - 60);
        this.foundUnion(district, founded);
        unionWeights.push(0.2 + random.next() ** 3 * 10);
      }
      const cumulative = cumulativeOf(unionWeights);
      for (let m = 0; m < members; m++) {
        const union = first + (m < unions ? m : pickCumulative(cumulative, random.next()));
        this.joinMember(union, random.int(this.unionFounded[union], start - 1));
      }
      FUNDS.forEach((fund, index) => {
        this.fundEvent(district, {
          type: 'FundOpened',
          data: {
            occurredOn: dateOf(start),
            federationId: district.id,
            fundId: fund.id,
            kind: fund.kind,
            name: fund.name,
          },
        });
        // The balance carried over from the books kept before (số dư chuyển sang).
        const amount = random.amount(members * 20_000 * (fund.share / 25), 2, 1_000_000);
        this.contribution(district, start, index, amount, { kind: 'federation', id: district.id, name: null });
      });
    }

    this.clusters.push(
      ...clustersOf(plan.districts, plan.cities).map((districts, i) => ({
        id: clusterId(i),
        name: `Cụm thi đua số ${i + 1} ${this.cities[districts[0] % plan.cities].name}`,
        districts,
      })),
    );
  }

  private registerFederation(
    federation: Federation,
    parentId: string | null,
    level: 'national' | 'city' | 'district',
    home: number,
  ): void {
    this.add('federation', `federation-${federation.id}`, home, {
      type: 'FederationRegistered',
      data: {
        occurredOn: dateOf(federation.registeredDay),
        federationId: federation.id,
        name: federation.name,
        level,
        parentId,
      },
    });
  }

  // ---------------------------------------------------------------- one month

  private window(year: number, month: number): void {
    const start = dayOf(`${year}-${pad(month, 2)}-01`);
    const end = dayOf(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1, 2)}-01`) - 1;
    // Ordinary facts fall on [start, end - 2]; the last day is kept for dissolutions and the moves they force.
    const day = () => this.random.int(start, end - 2);

    if (month === 1) this.yearOpens(year, start);
    for (const district of this.districts) {
      this.organisation(district, day, end);
      this.membership(district, month, start, end, day);
      this.recognition(district, year, month, start, end, day);
      if (month <= 3) this.conferences(district, year, month, end, day);
      this.agreements(district, day);
      this.funds(district, month, start, day);
      if (month === 1 && year > this.plan.firstYear) this.closeBooks(district, year, start);
    }
    if (month === 7 && year === this.plan.firstYear + this.plan.years - 1) this.renames(start);
    if (month === 11) this.yearEndConferences(year, dayOf(`${year}-11-22`));
    for (const district of this.districts) this.windowEnds(district, end);
  }

  private yearOpens(year: number, start: number): void {
    const { random } = this;
    for (const district of this.districts) {
      const members = district.members.length;
      const unions = district.unions.length;
      // Targets a district beats or misses: the seeds report 57% to 192% for members, 100% to 333% for unions.
      this.federationEvent(district, {
        type: 'DevelopmentTargetSet',
        data: {
          occurredOn: dateOf(start + random.int(4, 14)),
          federationId: district.id,
          year,
          newMembers: Math.max(1, Math.round((members * RATES.joins) / (0.55 + random.next() * 1.4))),
          newUnions: Math.max(1, Math.round((unions * RATES.unionsFounded) / (1 + random.next() * 2.3))),
        },
      });
      this.federationEvent(district, {
        type: 'WorkforceReported',
        data: {
          occurredOn: dateOf(start + random.int(4, 20)),
          federationId: district.id,
          year,
          workers: Math.round(members * (1.25 + random.next() * 0.65)),
        },
      });
    }
    for (const cluster of this.clusters) {
      const federationIds = cluster.districts.map((d) => this.districts[d].id);
      this.clusterEvent(cluster, {
        type: 'ClusterFormed',
        data: { occurredOn: dateOf(start + 2), clusterId: cluster.id, year, name: cluster.name, federationIds },
      });
      if (year === this.plan.firstYear) this.electLeader(cluster, year, start + 4);
      const weights = Object.fromEntries(INDICATORS.map((i) => [i, random.int(5, 30)])) as Record<Indicator, number>;
      this.clusterEvent(cluster, {
        type: 'ScoringRuleAdopted',
        data: {
          occurredOn: dateOf(start + random.int(14, 27)),
          clusterId: cluster.id,
          year,
          weights,
          tieBreak: random.chance(0.5) ? ['memberDevelopmentRate', 'awards'] : ['unionFoundingRate'],
        },
      });
    }
  }

  private electLeader(cluster: Cluster, forYear: number, day: number): void {
    const [leader, deputy] = shuffled(this.random, cluster.districts);
    this.clusterEvent(cluster, {
      type: 'ClusterLeaderElected',
      data: {
        occurredOn: dateOf(day),
        clusterId: cluster.id,
        forYear,
        leaderFederationId: this.districts[leader].id,
        deputyFederationId: this.districts[deputy].id,
      },
    });
  }

  /** Cluster conferences (22/11): each district graded and ranked, and next year's leader elected. */
  private yearEndConferences(year: number, day: number): void {
    const grades = ['excellent', 'good', 'good', 'fair', 'weak'] as const;
    for (const cluster of this.clusters) {
      shuffled(this.random, cluster.districts).forEach((d, rank) => {
        this.clusterEvent(cluster, {
          type: 'EvaluationRecorded',
          data: {
            occurredOn: dateOf(day),
            clusterId: cluster.id,
            year,
            federationId: this.districts[d].id,
            grade: grades[Math.min(grades.length - 1, Math.floor((rank * grades.length) / cluster.districts.length))],
            rank: rank + 1,
          },
        });
      });
      this.electLeader(cluster, year + 1, day);
    }
  }

  /** The 2025 reorganisation renamed district federations. */
  private renames(start: number): void {
    for (const district of this.districts) {
      if (!this.random.chance(0.2)) continue;
      const to = district.name.replace('LĐLĐ', 'Công đoàn khu vực');
      this.federationEvent(district, {
        type: 'FederationRenamed',
        data: { occurredOn: dateOf(start), federationId: district.id, from: district.name, to },
      });
      district.name = to;
    }
  }

  private organisation(district: District, day: () => number, end: number): void {
    const founded = this.random.count((district.unions.length * RATES.unionsFounded) / 12);
    for (let i = 0; i < founded; i++) this.foundUnion(district, Math.min(day(), end - 2));
  }

  private membership(district: District, month: number, start: number, end: number, day: () => number): void {
    const { random } = this;
    const active = district.members.length;
    const joins = random.count(((active * RATES.joins) / 12) * JOIN_MONTH_FACTOR[month - 1]);
    for (let i = 0; i < joins; i++) {
      // Bigger unions recruit more: most joins go to the union of a member picked at random.
      const union =
        active > 0 && random.chance(0.8)
          ? this.memberUnion[random.pick(district.members)]
          : random.pick(district.unions);
      if (union === undefined) continue;
      if (random.chance(RATES.lateJoins)) {
        // Recorded late: joined up to five months ago.
        const date = start - random.int(1, 150);
        if (date >= this.unionFounded[union] && date >= this.unionFederationSince[union]) {
          this.joinMember(union, date);
          continue;
        }
      }
      this.joinMember(union, Math.max(day(), this.unionFounded[union]));
    }

    const leaves = random.count((active * RATES.leaves) / 12);
    for (let i = 0; i < leaves && district.members.length > 0; i++) {
      const member = random.pick(district.members);
      if (this.memberLastDay[member] > end - 2) continue;
      this.memberLeaves(member, Math.max(day(), this.memberLastDay[member]));
    }

    const transfers = random.count((active * RATES.memberTransfers) / 12);
    for (let i = 0; i < transfers && district.members.length > 0 && district.unions.length > 1; i++) {
      const member = random.pick(district.members);
      const to = random.pick(district.unions);
      if (to === this.memberUnion[member]) continue;
      const date = Math.max(day(), this.memberLastDay[member], this.unionFounded[to]);
      if (date > end - 2) continue;
      this.transferMember(member, to, date);
    }
  }

  private recognition(
    district: District,
    year: number,
    month: number,
    start: number,
    end: number,
    day: () => number,
  ): void {
    const { random } = this;
    const awards = random.count(district.members.length * RATES.awards * AWARD_MONTH_SHARE[month - 1]);
    for (let i = 0; i < awards; i++) {
      const kind = random.weighted([
        ['member', 85],
        ['union', 12],
        ['federation', 3],
      ] as const);
      // January's titles are mostly for the year just closed.
      const forYear = (date: number) => (month === 1 && random.chance(0.7) ? yearOfDay(date) - 1 : yearOfDay(date));
      if (kind === 'member' && district.members.length > 0) {
        const member = random.pick(district.members);
        if (this.memberLastDay[member] > end - 2) continue;
        const date = Math.max(day(), this.memberLastDay[member]);
        const union = this.memberUnion[member];
        this.grantAward(
          district.index,
          { kind: 'member', id: memberId(member) },
          this.districts[this.unionFederation[union]].id,
          random.weighted(MEMBER_TITLES),
          date,
          forYear(date),
        );
        // Later facts about the member come after the grant, so the member's union on that date is the one used.
        this.memberLastDay[member] = date + 1;
      } else if (kind === 'union' && district.unions.length > 0) {
        const union = random.pick(district.unions);
        // Collective titles of the November conference, recorded only in January.
        const late = month === 1 && random.chance(RATES.lateCollectiveAwards);
        const lateDate = start - random.int(1, 47);
        const date =
          late && lateDate >= this.unionFounded[union] && lateDate >= this.unionFederationSince[union]
            ? lateDate
            : Math.max(day(), this.unionFounded[union]);
        this.grantAward(
          this.unionHome[union],
          { kind: 'union', id: unionId(union) },
          this.districts[this.unionFederation[union]].id,
          random.chance(0.7) ? 'Công đoàn cơ sở vững mạnh' : 'Bằng khen của LĐLĐ',
          date,
          date < start ? yearOfDay(date) : forYear(date),
        );
      } else if (kind === 'federation') {
        const date = day();
        this.grantAward(
          district.index,
          { kind: 'federation', id: district.id },
          district.id,
          'Cờ thi đua',
          date,
          forYear(date),
        );
      }
    }

    const revocations = random.count(awards * RATES.awardRevocations);
    for (let i = 0; i < revocations && district.revocable.length > 0; i++) {
      const index = random.int(0, district.revocable.length - 1);
      const award = district.revocable[index];
      if (award.day > end - 2) continue;
      district.revocable[index] = district.revocable[district.revocable.length - 1];
      district.revocable.pop();
      this.add('award', `award-${award.awardId}`, award.home, {
        type: 'AwardRevoked',
        data: {
          occurredOn: dateOf(Math.max(day(), award.day)),
          awardId: award.awardId,
          recipient: award.recipient,
          federationId: award.federationId,
          year: award.year,
        },
      });
    }

    const initiatives = random.count((district.members.length * RATES.initiatives) / 12);
    for (let i = 0; i < initiatives; i++) {
      const withUnion = district.unions.length > 0 && random.chance(0.7);
      const union = withUnion ? random.pick(district.unions) : -1;
      const date = withUnion ? Math.max(day(), this.unionFounded[union]) : day();
      const initiative = `i-${pad(++this.initiativeSeq, 7)}`;
      this.add('initiative', `initiative-${initiative}`, withUnion ? this.unionHome[union] : district.index, {
        type: 'InitiativeRecognised',
        data: {
          occurredOn: dateOf(date),
          initiativeId: initiative,
          federationId: withUnion ? this.districts[this.unionFederation[union]].id : district.id,
          unionId: withUnion ? unionId(union) : null,
          title: `Sáng kiến cải tiến số ${this.initiativeSeq}`,
          // Hà Đông 2017: 1,761 initiatives saved over 3 billion đồng.
          valueSavedDong: random.amount(1_700_000, 6),
        },
      });
    }
  }

  private grantAward(
    home: number,
    recipient: RecentAward['recipient'],
    federationId: string,
    title: string,
    date: number,
    year: number,
  ): void {
    const awardId = `a-${pad(++this.awardSeq, 8)}`;
    const level = recipient.kind === 'federation' ? 'city' : this.random.weighted(AWARD_LEVELS);
    this.add('award', `award-${awardId}`, home, {
      type: 'AwardGranted',
      data: { occurredOn: dateOf(date), awardId, title, level, recipient, federationId, year },
    });
    const revocable = this.districts[home].revocable;
    const award: RecentAward = { awardId, recipient, federationId, year, day: date, home };
    if (revocable.length < 200) revocable.push(award);
    else revocable[this.random.int(0, revocable.length - 1)] = award;
  }

  /** Democratic conferences in the first quarter: every public unit's civil-servant one, most workers ones. */
  private conferences(district: District, year: number, month: number, end: number, day: () => number): void {
    const { random } = this;
    for (const union of district.unions) {
      if (this.conferenceYear[union] !== year) {
        this.conferenceYear[union] = year;
        this.conferenceMask[union] = 0;
      }
      const publicSector =
        this.unionSector[union] === 'public-administration' || this.unionSector[union] === 'public-service';
      const held = this.conferenceMask[union];
      const monthsLeft = 4 - month;
      const plans: ['workers' | 'civil-servants', number][] = [];
      if (!(held & 1) && random.chance(RATES.workersConference / 3)) plans.push(['workers', 1]);
      if (publicSector && !(held & 2) && random.chance(1 / monthsLeft)) plans.push(['civil-servants', 2]);
      for (const [kind, bit] of plans) {
        const date = Math.max(day(), this.unionFounded[union]);
        if (date > end - 2) continue;
        this.conferenceMask[union] |= bit;
        this.add(
          'democracy',
          `democracy-${unionId(union)}`,
          district.index,
          {
            type: 'ConferenceHeld',
            data: {
              occurredOn: dateOf(date),
              unionId: unionId(union),
              federationId: this.districts[this.unionFederation[union]].id,
              year,
              kind,
            },
          },
          [this.democracyRevision, union],
        );
      }
    }
  }

  /** Collective labour agreements (thỏa ước lao động tập thể) of enterprises, three years each. */
  private agreements(district: District, day: () => number): void {
    const { random } = this;
    const count = random.count((district.unions.length * RATES.agreements) / 12);
    for (let i = 0; i < count; i++) {
      const union = random.pick(district.unions);
      if (!this.unionSector[union].endsWith('enterprise')) continue;
      const date = Math.max(day(), this.unionFounded[union]);
      const agreement = `ag-${pad(++this.agreementSeq, 7)}`;
      const validUntil = dateOf(date + 3 * 365);
      this.add(
        'democracy',
        `democracy-${unionId(union)}`,
        district.index,
        {
          type: 'AgreementSigned',
          data: {
            occurredOn: dateOf(date),
            unionId: unionId(union),
            federationId: this.districts[this.unionFederation[union]].id,
            agreementId: agreement,
            title: `Thỏa ước lao động tập thể ${yearOfDay(date)}`,
            validFrom: dateOf(date),
            validUntil,
          },
        },
        [this.democracyRevision, union],
      );
    }
  }

  // ---------------------------------------------------------------- funds

  private funds(district: District, month: number, start: number, day: () => number): void {
    const { random } = this;
    const perThousand = district.members.length / 1000;
    const planned: PlannedEntry[] = [];
    let seq = 0;
    if (month === 1) {
      // The Tết budget: gifts are paid "từ nguồn của LĐLĐ Thành phố và LĐLĐ quận", put in the social fund first.
      const amount = random.amount(district.members.length * 40_000, 1.5, 1_000_000);
      planned.push({ day: start, seq: seq++, type: 'contribution', fund: 0, amount, source: 'federation' });
    }
    for (let i = random.count(perThousand * RATES.contributions); i > 0; i--) {
      const fund = this.fundByShare();
      const source = random.weighted([
        ['union', 40],
        ['member', 25],
        ['organisation', 20],
        ['individual', 10],
        ['federation', 5],
      ] as const);
      planned.push({ day: day(), seq: seq++, type: 'contribution', fund, amount: random.amount(6_000_000, 8), source });
    }
    for (let i = random.count(perThousand * RATES.payments * PAYMENT_MONTH_FACTOR[month - 1]); i > 0; i--) {
      planned.push({ day: day(), seq: seq++, type: 'payment', ...this.payment(district, month) });
    }
    for (let i = random.count(perThousand * RATES.fundTransfers); i > 0; i--) {
      const from = random.int(0, FUNDS.length - 1);
      const to = (from + random.int(1, FUNDS.length - 1)) % FUNDS.length;
      planned.push({ day: day(), seq: seq++, type: 'transfer', from, to, share: 0.1 + random.next() * 0.2 });
    }
    for (let i = random.count(perThousand * RATES.corrections); i > 0 && district.correctable.length > 0; i--) {
      const index = random.int(0, district.correctable.length - 1);
      const target = district.correctable[index];
      district.correctable[index] = district.correctable[district.correctable.length - 1];
      district.correctable.pop();
      // Back-dated to the corrected entry's own date more often than not: "it was wrong from the start".
      const date = random.chance(0.6) ? target.day : Math.max(day(), target.day);
      if (target.kind === 'payment' && (target.amountEach !== null || random.chance(0.5))) {
        planned.push({ day: date, seq: seq++, type: 'correction', target, kind: 'reversal', delta: -target.amount });
      } else if (target.kind === 'payment') {
        const delta = -Math.max(1000, Math.round((target.amount * (0.05 + random.next() * 0.4)) / 1000) * 1000);
        if (target.amount + delta > 0)
          planned.push({ day: date, seq: seq++, type: 'correction', target, kind: 'adjustment', delta });
      } else {
        const delta = Math.max(1000, Math.round((target.amount * (0.05 + random.next() * 0.4)) / 1000) * 1000);
        planned.push({ day: date, seq: seq++, type: 'correction', target, kind: 'adjustment', delta });
      }
    }

    // In date order, so no fund is ever below zero at the end of any day (the fund book's rule).
    planned.sort((a, b) => a.day - b.day || a.seq - b.seq);
    for (const entry of planned) {
      switch (entry.type) {
        case 'contribution': {
          const id = entry.source === 'union' ? this.someUnionId(district, entry.day) : null;
          this.contribution(district, entry.day, entry.fund, entry.amount, { kind: entry.source, id, name: null });
          break;
        }
        case 'payment': {
          let { recipients, amount } = entry;
          const balance = district.balances[entry.fund];
          if (amount > balance) {
            if (entry.amountEach === null) break;
            recipients = Math.floor(balance / entry.amountEach);
            if (recipients < 2) break;
            amount = recipients * entry.amountEach;
          }
          const entryId = this.entryId(district);
          district.balances[entry.fund] -= amount;
          this.fundEvent(district, {
            type: 'SupportPaid',
            data: {
              occurredOn: dateOf(entry.day),
              federationId: district.id,
              entryId,
              fundId: FUNDS[entry.fund].id,
              amount,
              purpose: entry.purpose,
              recipient: this.recipientOn(district, entry.day, entry.recipient),
              recipients,
              amountEach: entry.amountEach,
            },
          });
          this.correctable(district, {
            entryId,
            kind: 'payment',
            fund: entry.fund,
            amount,
            amountEach: entry.amountEach,
            category: entry.purpose,
            recipients,
            day: entry.day,
          });
          break;
        }
        case 'transfer': {
          const amount = Math.floor((district.balances[entry.from] * entry.share) / 1000) * 1000;
          if (amount <= 0) break;
          district.balances[entry.from] -= amount;
          district.balances[entry.to] += amount;
          this.fundEvent(district, {
            type: 'FundTransferred',
            data: {
              occurredOn: dateOf(entry.day),
              federationId: district.id,
              entryId: this.entryId(district),
              fromFundId: FUNDS[entry.from].id,
              toFundId: FUNDS[entry.to].id,
              amount,
            },
          });
          break;
        }
        case 'correction':
          this.correct(district, entry.target, entry.kind, entry.delta, entry.day);
          break;
      }
    }
  }

  /** Records a correction dated `day`; `recordDay` puts it after later facts of the book (a reopening). */
  private correct(
    district: District,
    target: FundEntry,
    kind: 'reversal' | 'adjustment',
    delta: number,
    day: number,
    recordDay = day,
  ): void {
    // Reversing a payment or paying less puts money back; a contribution is only ever corrected upwards.
    district.balances[target.fund] += target.kind === 'payment' ? -delta : delta;
    const fundId = FUNDS[target.fund].id;
    const reason =
      kind === 'reversal'
        ? 'Chứng từ chi trùng: hủy bút toán'
        : target.kind === 'payment'
          ? 'Điều chỉnh số tiền chi theo chứng từ gốc'
          : 'Bổ sung số tiền tiếp nhận theo sao kê ngân hàng';
    this.fundEvent(
      district,
      {
        type: 'EntryCorrected',
        data: {
          occurredOn: dateOf(day),
          federationId: district.id,
          entryId: this.entryId(district),
          correctsEntryId: target.entryId,
          kind,
          fundId,
          amountDelta: delta,
          reason,
          corrects: {
            kind: target.kind,
            fromFundId: target.kind === 'payment' ? fundId : null,
            toFundId: target.kind === 'contribution' ? fundId : null,
            category: target.category,
            recipientsDelta: kind === 'reversal' ? -target.recipients : 0,
          },
        },
      },
      reason,
      recordDay,
    );
  }

  /** Kết sổ: the fund book is closed for the year before, late in January; nothing may be dated in it any more. */
  private closeBooks(district: District, year: number, start: number): void {
    const { random } = this;
    const closedThrough = start - 1;
    const closedOn = start + random.int(24, 27);
    const close = (day: number) =>
      this.fundEvent(district, {
        type: 'PeriodClosed',
        data: { occurredOn: dateOf(day), federationId: district.id, closedThrough: dateOf(closedThrough) },
      });
    close(closedOn);
    // Corrections from now on are dated in the open period: only entries dated after the closing can be corrected.
    district.closedCorrectable = district.correctable.filter((entry) => entry.day <= closedThrough);
    district.correctable = district.correctable.filter((entry) => entry.day > closedThrough);

    // Mở sổ: the audit finds an entry of the year just closed wrong; the book is reopened from its date, the
    // correction dated where the mistake was, and the book closed again — all recorded after the closing.
    if (district.closedCorrectable.length === 0 || !random.chance(RATES.reopenings)) return;
    const target = district.closedCorrectable.splice(random.int(0, district.closedCorrectable.length - 1), 1)[0];
    const reopenedOn = closedOn + 2;
    this.fundEvent(
      district,
      {
        type: 'PeriodReopened',
        data: {
          occurredOn: dateOf(reopenedOn),
          federationId: district.id,
          reopenedFrom: dateOf(target.day),
          reason: `Kiểm toán năm ${year - 1}: điều chỉnh bút toán ${target.entryId}`,
        },
      },
      undefined,
      reopenedOn,
    );
    if (target.kind === 'payment') this.correct(district, target, 'reversal', -target.amount, target.day, reopenedOn);
    else {
      const delta = Math.max(1000, Math.round((target.amount * 0.1) / 1000) * 1000);
      this.correct(district, target, 'adjustment', delta, target.day, reopenedOn);
    }
    close(reopenedOn);
  }

  private payment(district: District, month: number) {
    const { random } = this;
    const tet = month <= 2;
    const purpose: SupportPurpose = random.weighted(
      tet
        ? ([
            ['tet-gifts', 70],
            ['hardship', 20],
            ['illness', 10],
          ] as const)
        : ([
            ['hardship', 35],
            ['illness', 30],
            ['children-gifts', month === 6 || month === 8 ? 40 : 5],
            ['housing', 5],
            ['emergency', 8],
            ['other', 5],
          ] as const),
    );
    const fund = purpose === 'housing' ? 3 : purpose === 'emergency' || purpose === 'hardship' ? random.int(0, 1) : 0;
    if (purpose === 'tet-gifts' || purpose === 'children-gifts') {
      // "242 suất quà mỗi suất 1 triệu đồng"; "trao quà cho 1.296 CNVCLĐ".
      const recipients = Math.max(
        2,
        Math.min(1300, Math.round(district.members.length * (0.005 + random.next() * 0.04))),
      );
      const amountEach = random.int(3, 10) * 100_000;
      const recipient: SupportRecipient = {
        kind: 'workers',
        id: null,
        name: `${recipients} CNVCLĐ có hoàn cảnh khó khăn`,
      };
      return { fund, purpose, recipient, recipients, amountEach, amount: recipients * amountEach };
    }
    const member = district.members.length > 0 ? random.pick(district.members) : -1;
    const recipient: SupportRecipient =
      member >= 0 && random.chance(0.7)
        ? { kind: 'member', id: memberId(member), name: null }
        : { kind: 'family', id: null, name: 'Gia đình đoàn viên có hoàn cảnh khó khăn' };
    // "hỗ trợ 17 công nhân tổng số tiền 8.500.000 đồng": a few hundred thousand to a few million each; a house ~50M.
    const amount =
      purpose === 'housing' ? random.amount(50_000_000, 1.3, 1_000_000) : random.amount(1_500_000, 4, 100_000);
    return { fund, purpose, recipient, recipients: 1, amountEach: null, amount };
  }

  private contribution(
    district: District,
    day: number,
    fund: number,
    amount: number,
    source: ContributionSource,
  ): void {
    const entryId = this.entryId(district);
    district.balances[fund] += amount;
    this.fundEvent(district, {
      type: 'ContributionReceived',
      data: {
        occurredOn: dateOf(day),
        federationId: district.id,
        entryId,
        fundId: FUNDS[fund].id,
        amount,
        source,
      },
    });
    this.correctable(district, {
      entryId,
      kind: 'contribution',
      fund,
      amount,
      amountEach: null,
      category: source.kind,
      recipients: 0,
      day,
    });
  }

  private correctable(district: District, entry: FundEntry): void {
    if (district.correctable.length < 100) district.correctable.push(entry);
    else district.correctable[this.random.int(0, district.correctable.length - 1)] = entry;
  }

  private fundByShare(): number {
    return this.random.weighted(FUNDS.map((fund, index) => [index, fund.share] as const));
  }

  private entryId(district: District): string {
    return `e-${pad(++district.entrySeq, 6)}`;
  }

  /** A union of the district founded by `day`: a fund entry may only name a union that existed on its date. */
  private someUnionId(district: District, day: number): string | null {
    const founded = district.unions.filter((union) => this.unionFounded[union] <= day);
    return founded.length > 0 ? unionId(this.random.pick(founded)) : null;
  }

  /** The payment's recipient as planned, unless the member had not joined yet on its date or has left since. */
  private recipientOn(district: District, day: number, recipient: SupportRecipient): SupportRecipient {
    if (recipient.kind !== 'member' || recipient.id === null) return recipient;
    const member = memberIndexOf(recipient.id);
    const stillHere = district.members[this.memberSlotInHome[member]] === member;
    if (stillHere && this.memberLastDay[member] <= day) return recipient;
    return { kind: 'family', id: null, name: 'Gia đình đoàn viên có hoàn cảnh khó khăn' };
  }

  // ---------------------------------------------------------------- the last day of the month

  /** Unions transferred to another district of the city, and unions dissolved, their members moved first. */
  private windowEnds(district: District, end: number): void {
    const { random } = this;
    const date = dateOf(end);
    const transfers = random.count((district.unions.length * RATES.unionTransfers) / 12);
    const neighbours = this.districts.filter((d) => d.city === district.city && d.index !== district.index);
    for (let i = 0; i < transfers && neighbours.length > 0 && district.unions.length > 0; i++) {
      const union = random.pick(district.unions);
      const to = random.pick(neighbours.filter((d) => d.index !== this.unionFederation[union]));
      if (!to || this.unionFounded[union] >= end) continue;
      this.add(
        'union',
        `union-${unionId(union)}`,
        district.index,
        {
          type: 'UnionTransferred',
          data: {
            occurredOn: date,
            unionId: unionId(union),
            fromFederationId: this.districts[this.unionFederation[union]].id,
            toFederationId: to.id,
          },
        },
        [this.unionRevision, union],
      );
      this.unionFederation[union] = to.index;
      this.unionFederationSince[union] = end;
    }

    const dissolutions = random.count((district.unions.length * RATES.unionsDissolved) / 12);
    for (let i = 0; i < dissolutions && district.unions.length > 2; i++) {
      const union = random.pick(district.unions);
      if (this.unionFounded[union] >= end || this.unionFederationSince[union] === end) continue;
      // Out of the active list first, so its members move to unions that go on.
      removeAt(district.unions, this.unionSlot, union);
      this.unionActive[union] = false;
      this.add(
        'union',
        `union-${unionId(union)}`,
        district.index,
        {
          type: 'UnionDissolved',
          data: {
            occurredOn: date,
            unionId: unionId(union),
            federationId: this.districts[this.unionFederation[union]].id,
          },
        },
        [this.unionRevision, union],
      );
      for (const member of [...this.unionMembers[union]]) {
        if (random.chance(0.7)) this.transferMember(member, random.pick(district.unions), end);
        else this.memberLeaves(member, end);
      }
    }
  }

  // ---------------------------------------------------------------- facts about unions and members

  private foundUnion(district: District, day: number): number {
    const { random } = this;
    const union = this.unionFederation.length;
    const sector = random.weighted(SECTORS);
    this.unionFederation.push(district.index);
    this.unionHome.push(district.index);
    this.unionFounded.push(day);
    this.unionFederationSince.push(day);
    this.unionSector.push(sector);
    this.unionActive.push(true);
    this.unionMembers.push([]);
    this.unionSlot.push(district.unions.length);
    this.unionRevision.push(-1);
    this.democracyRevision.push(-1);
    this.conferenceYear.push(0);
    this.conferenceMask.push(0);
    district.unions.push(union);
    this.add(
      'union',
      `union-${unionId(union)}`,
      district.index,
      {
        type: 'UnionFounded',
        data: {
          occurredOn: dateOf(day),
          unionId: unionId(union),
          federationId: district.id,
          name: `${random.pick(UNION_KINDS[sector])} số ${union + 1}`,
          sector,
        },
      },
      [this.unionRevision, union],
    );
    return union;
  }

  private joinMember(union: number, day: number): void {
    const { random } = this;
    const member = this.memberUnion.length;
    const home = this.unionHome[union];
    const female = random.chance(0.55);
    const names = female ? 'female' : 'male';
    const birthDay = day - random.int(18 * 365, 55 * 365);
    this.memberUnion.push(union);
    this.memberLastDay.push(day);
    this.memberRevision.push(-1);
    this.memberSlotInUnion.push(this.unionMembers[union].length);
    this.unionMembers[union].push(member);
    this.memberSlotInHome.push(this.districts[home].members.length);
    this.districts[home].members.push(member);
    this.add(
      'member',
      `member-${memberId(member)}`,
      home,
      {
        type: 'MemberJoined',
        data: {
          occurredOn: dateOf(day),
          memberId: memberId(member),
          unionId: unionId(union),
          federationId: this.districts[this.unionFederation[union]].id,
          personal: {
            fullName: `${random.pick(FAMILY_NAMES)} ${random.pick(MIDDLE_NAMES[names])} ${random.pick(GIVEN_NAMES[names])}`,
            gender: female ? 'female' : 'male',
            birthDate: dateOf(birthDay),
          },
        },
      },
      [this.memberRevision, member],
    );
  }

  private transferMember(member: number, to: number, day: number): void {
    const from = this.memberUnion[member];
    if (from === to) return;
    removeAt(this.unionMembers[from], this.memberSlotInUnion, member);
    this.memberSlotInUnion[member] = this.unionMembers[to].length;
    this.unionMembers[to].push(member);
    this.memberUnion[member] = to;
    this.memberLastDay[member] = day;
    this.add(
      'member',
      `member-${memberId(member)}`,
      this.unionHome[from],
      {
        type: 'MemberTransferred',
        data: {
          occurredOn: dateOf(day),
          memberId: memberId(member),
          fromUnionId: unionId(from),
          toUnionId: unionId(to),
          fromFederationId: this.districts[this.unionFederation[from]].id,
          toFederationId: this.districts[this.unionFederation[to]].id,
        },
      },
      [this.memberRevision, member],
    );
  }

  private memberLeaves(member: number, day: number): void {
    const union = this.memberUnion[member];
    const home = this.districts[this.unionHome[union]];
    removeAt(this.unionMembers[union], this.memberSlotInUnion, member);
    removeAt(home.members, this.memberSlotInHome, member);
    this.memberLastDay[member] = Number.MAX_SAFE_INTEGER;
    this.add(
      'member',
      `member-${memberId(member)}`,
      home.index,
      {
        type: 'MemberLeft',
        data: {
          occurredOn: dateOf(day),
          memberId: memberId(member),
          unionId: unionId(union),
          federationId: this.districts[this.unionFederation[union]].id,
        },
      },
      [this.memberRevision, member],
    );
    // A few ask, on leaving, for their personal data to be erased: the key is destroyed, the facts stay.
    if (this.random.chance(RATES.forgotten)) {
      this.add(
        'member',
        `member-${memberId(member)}`,
        home.index,
        { type: 'MemberForgotten', data: { occurredOn: dateOf(day), memberId: memberId(member) } },
        [this.memberRevision, member],
      );
    }
  }

  // ---------------------------------------------------------------- streams and recording

  private federationEvent(district: District, event: FederationEvent): void {
    this.add('federation', `federation-${district.id}`, district.index, event);
  }

  private fundEvent(district: District, event: FundBookEvent, reason?: string, recordDay?: number): void {
    this.add('fundbook', `fundbook-${district.id}`, district.index, event, undefined, reason, recordDay);
  }

  private clusterEvent(cluster: Cluster, event: ClusterEvent): void {
    this.add('cluster', `cluster-${cluster.id}`, cluster.districts[0], event);
  }

  /**
   * Buffers an event of this window. `counter` holds the stream's last revision (-1: no stream yet) where the
   * caller keeps it (members, unions, democracy); other streams' revisions are kept here.
   */
  private add(
    category: Category,
    streamId: string,
    home: number,
    event: GeneratedEvent,
    counter?: [number[], number],
    reason?: string,
    recordDay?: number,
  ): void {
    const id = this.nextId();
    const metadata: EventMetadata = {
      occurredOn: event.data.occurredOn,
      recordedAt: '',
      actor: `user:clerk-${this.districts[home]?.id ?? this.national.id}`,
      correlationId: id,
      causationId: null,
      ...(reason ? { reason } : {}),
    };
    const day = dayOf(event.data.occurredOn);
    this.pending.push({
      day,
      recordDay: recordDay ?? day,
      category: CATEGORIES.indexOf(category),
      seq: this.pending.length,
      streamId,
      home,
      counter: counter ?? null,
      initial: this.inInitialRoll,
      event: { id, type: event.type, data: event.data as unknown as Record<string, unknown>, metadata },
    });
  }

  /**
   * Records the window day by day, as clerks do: each fact the morning after its business date, late ones
   * (dated before the window) first; on each day, streams after those they depend on. Consecutive events of
   * one stream share an append.
   */
  private *flush(): Generator<HistoryAppend> {
    const pending = this.pending;
    this.pending = [];
    pending.sort((a, b) => a.recordDay - b.recordDay || a.category - b.category || a.seq - b.seq);
    for (let i = 0; i < pending.length;) {
      const first = pending[i];
      let j = i + 1;
      while (j < pending.length && pending[j].streamId === first.streamId) j++;
      const group = pending.slice(i, j);
      i = j;

      const last = group[group.length - 1].recordDay;
      this.recordingClock = Math.max(this.recordingClock + RECORDING_STEP_MS, (last + 1) * DAY_MS + MORNING_MS);
      const recordedAt = new Date(this.recordingClock).toISOString();
      const recordedDay = Math.floor(this.recordingClock / DAY_MS);
      for (const { event, day, initial } of group) {
        event.metadata.recordedAt = recordedAt;
        this.counts[event.type] = (this.counts[event.type] ?? 0) + 1;
        if (!initial && recordedDay - day > LATE_DAYS) this.recordedLate += 1;
      }
      const revision = this.revisionOf(first);
      this.setRevision(first, revision + group.length);
      this.emitted += group.length;
      this.appendCount += 1;
      yield {
        streamId: first.streamId,
        expectedRevision: revision < 0 ? 'no_stream' : revision,
        events: group.map((p) => p.event),
        home: first.home,
      };
    }
  }

  /** The stream's last revision before the event (-1 when the stream does not exist yet). */
  private revisionOf({ counter, category, streamId, event }: PendingEvent): number {
    if (counter) return counter[0][counter[1]];
    // Awards and initiatives are streams of their own: a grant starts one, a revocation follows the grant.
    if (category === AWARDS || category === INITIATIVES) return event.type === 'AwardRevoked' ? 0 : -1;
    return this.revisions.get(streamId) ?? -1;
  }

  private setRevision({ counter, category, streamId }: PendingEvent, revision: number): void {
    if (counter) counter[0][counter[1]] = revision;
    else if (category !== AWARDS && category !== INITIATIVES) this.revisions.set(streamId, revision);
  }

  /** UUID-shaped, unique per seed and deterministic. */
  private nextId(): string {
    const n = (++this.eventSeq).toString(16).padStart(12, '0');
    return `${this.seedHex}-0000-4000-8000-${n}`;
  }
}

/** Writes a generated history through the port, one append per stream and month. */
export async function writeHistory(
  store: EventStore,
  options: HistoryOptions,
  onProgress?: (events: number) => void,
): Promise<HistorySummary> {
  const generator = new HistoryGenerator(options);
  let written = 0;
  let reported = 0;
  for (const append of generator.appends()) {
    await store.append(append.streamId, append.events, append.expectedRevision);
    written += append.events.length;
    if (onProgress && written - reported >= 10_000) {
      reported = written;
      onProgress(written);
    }
  }
  onProgress?.(written);
  return generator.summary();
}

// ---------------------------------------------------------------- helpers

export const memberId = (member: number) => `m-${pad(member + 1, 8)}`;
const memberIndexOf = (id: string) => Number(id.slice(2)) - 1;
export const unionId = (union: number) => `u-${pad(union + 1, 7)}`;
export const districtId = (district: number) => `d-${pad(district + 1, 4)}`;
export const clusterId = (cluster: number) => `cluster-${pad(cluster + 1, 3)}`;
/** The funds every district keeps. */
export const FUND_IDS: readonly string[] = FUNDS.map((fund) => fund.id);

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Removes `item` from `list` in O(1) by moving the last item into its slot; `slots` maps items to positions. */
function removeAt(list: number[], slots: number[], item: number): void {
  const slot = slots[item];
  const last = list[list.length - 1];
  list[slot] = last;
  slots[last] = slot;
  list.pop();
}

function shuffled<T>(random: SeededRandom, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function cumulativeOf(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

function pickCumulative(cumulative: readonly number[], roll: number): number {
  const target = roll * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const DATE_CACHE = new Map<number, string>();

/** Days since 1970-01-01 of a business date. */
export function dayOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The business date of a day number; cached, as a history has few distinct dates and many events per date. */
export function dateOf(day: number): string {
  let date = DATE_CACHE.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    DATE_CACHE.set(day, date);
  }
  return date;
}

function yearOfDay(day: number): number {
  return Number(dateOf(day).slice(0, 4));
}
