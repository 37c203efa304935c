/**
 * The demo history, as figures. Each figure quotes the seed article it comes from (the project brief's `shared/seeds`,
 * summarised in DOMAIN.md, "Figures in the seeds"); figures marked "illustrative" are not in any article and
 * were chosen to be plausible. `demo-plan.ts` turns these declarations into commands; nothing here is random.
 */
import type { Grade, Indicator } from '../clusters/clusters.events';
import type { AwardLevel } from '../recognition/recognition.events';
import type { FundKind, SourceKind, SupportPurpose, SupportRecipientKind } from '../funds/funds.events';
import type { UnionSector } from '../organisation/organisation.events';

// ---------------------------------------------------------------------------------------------------------------
// Federations
// ---------------------------------------------------------------------------------------------------------------

export const CITY = { id: 'ha-noi', name: 'LĐLĐ thành phố Hà Nội', registeredOn: '1990-01-01' };

export interface DistrictDeclaration {
  id: string;
  name: string;
  registeredOn: string;
  /** Its communes (xã) or wards (phường), for the names of the units in them. */
  places: string[];
}

export const DISTRICTS: DistrictDeclaration[] = [
  {
    id: 'hoan-kiem',
    name: 'LĐLĐ quận Hoàn Kiếm',
    registeredOn: '1991-01-01',
    places: [
      'Hàng Bạc',
      'Hàng Bài',
      'Tràng Tiền',
      'Lý Thái Tổ',
      'Cửa Nam',
      'Hàng Trống',
      'Phúc Tân',
      'Chương Dương',
      'Hàng Bồ',
      'Hàng Buồm',
      'Hàng Đào',
      'Hàng Gai',
      'Hàng Mã',
      'Cửa Đông',
      'Đồng Xuân',
      'Phan Chu Trinh',
      'Trần Hưng Đạo',
      'Hàng Bông',
    ],
  },
  {
    id: 'hai-ba-trung',
    name: 'LĐLĐ quận Hai Bà Trưng',
    registeredOn: '1991-01-01',
    places: ['Bạch Mai', 'Minh Khai', 'Thanh Nhàn', 'Vĩnh Tuy', 'Bách Khoa', 'Lê Đại Hành'],
  },
  {
    // Hà Đông joined Hà Nội when Hà Tây was merged into the capital on 1 August 2008.
    id: 'ha-dong',
    name: 'LĐLĐ quận Hà Đông',
    registeredOn: '2008-08-01',
    places: [
      'Văn Quán',
      'Mộ Lao',
      'Quang Trung',
      'Yết Kiêu',
      'Hà Cầu',
      'Kiến Hưng',
      'Phú Lãm',
      'La Khê',
      'Nguyễn Trãi',
      'Phúc La',
      'Vạn Phúc',
      'Dương Nội',
      'Phú La',
      'Phú Lương',
      'Biên Giang',
      'Đồng Mai',
      'Yên Nghĩa',
    ],
  },
  {
    id: 'phuc-tho',
    name: 'LĐLĐ huyện Phúc Thọ',
    registeredOn: '1991-01-01',
    places: [
      'Võng Xuyên',
      'Hát Môn',
      'Tam Hiệp',
      'Long Xuyên',
      'Ngọc Tảo',
      'Sen Phương',
      'Phụng Thượng',
      'Thọ Lộc',
      'Thượng Cốc',
      'Xuân Đình',
      'Vân Phúc',
      'Vân Nam',
      'Vân Hà',
      'Tích Giang',
      'Trạch Mỹ Lộc',
      'Phúc Hòa',
      'Tam Thuấn',
      'Liên Hiệp',
      'Hiệp Thuận',
      'Thanh Đa',
    ],
  },
  {
    id: 'ba-vi',
    name: 'LĐLĐ huyện Ba Vì',
    registeredOn: '1991-01-01',
    places: [
      'Tản Lĩnh',
      'Ba Trại',
      'Tây Đằng',
      'Cẩm Lĩnh',
      'Vân Hòa',
      'Thụy An',
      'Phú Sơn',
      'Minh Quang',
      'Khánh Thượng',
      'Yên Bài',
      'Sơn Đà',
      'Tòng Bạt',
      'Phú Cường',
      'Cổ Đô',
      'Phong Vân',
      'Phú Đông',
      'Phú Châu',
      'Thái Hòa',
      'Đồng Thái',
      'Vạn Thắng',
      'Chu Minh',
      'Tiên Phong',
      'Vật Lại',
      'Châu Sơn',
      'Phú Phương',
      'Tản Hồng',
      'Đông Quang',
      'Thuần Mỹ',
      'Cam Thượng',
    ],
  },
  {
    id: 'thach-that',
    name: 'LĐLĐ huyện Thạch Thất',
    registeredOn: '1991-01-01',
    places: [
      'Liên Quan',
      'Bình Phú',
      'Thạch Hòa',
      'Hữu Bằng',
      'Phùng Xá',
      'Cần Kiệm',
      'Bình Yên',
      'Tân Xã',
      'Hạ Bằng',
      'Đồng Trúc',
      'Kim Quan',
      'Cẩm Yên',
      'Lại Thượng',
      'Phú Kim',
      'Hương Ngải',
      'Canh Nậu',
      'Dị Nậu',
      'Thạch Xá',
      'Chàng Sơn',
      'Tiến Xuân',
      'Yên Bình',
      'Yên Trung',
      'Đại Đồng',
      'Tân Phú',
    ],
  },
  {
    id: 'dan-phuong',
    name: 'LĐLĐ huyện Đan Phượng',
    registeredOn: '1991-01-01',
    places: [
      'Phùng',
      'Tân Hội',
      'Liên Hà',
      'Đan Phượng',
      'Thượng Mỗ',
      'Hạ Mỗ',
      'Song Phượng',
      'Đồng Tháp',
      'Hồng Hà',
      'Liên Hồng',
      'Liên Trung',
      'Phương Đình',
      'Tân Lập',
      'Trung Châu',
      'Thọ An',
      'Thọ Xuân',
    ],
  },
  {
    id: 'hoai-duc',
    name: 'LĐLĐ huyện Hoài Đức',
    registeredOn: '1991-01-01',
    places: [
      'Trạm Trôi',
      'An Khánh',
      'Kim Chung',
      'Vân Canh',
      'Đức Giang',
      'Sơn Đồng',
      'Di Trạch',
      'An Thượng',
      'Cát Quế',
      'Đắc Sở',
      'Dương Liễu',
      'Đông La',
      'Đức Thượng',
      'Lại Yên',
      'La Phù',
      'Minh Khai',
      'Song Phương',
      'Tiền Yên',
      'Vân Côn',
      'Yên Sở',
    ],
  },
  {
    id: 'quoc-oai',
    name: 'LĐLĐ huyện Quốc Oai',
    registeredOn: '1991-01-01',
    places: [
      'Quốc Oai',
      'Sài Sơn',
      'Phượng Cách',
      'Ngọc Mỹ',
      'Đồng Quang',
      'Cấn Hữu',
      'Yên Sơn',
      'Nghĩa Hương',
      'Liệp Tuyết',
      'Tuyết Nghĩa',
      'Ngọc Liệp',
      'Thạch Thán',
      'Cộng Hòa',
      'Đại Thành',
      'Tân Hòa',
      'Tân Phú',
      'Hòa Thạch',
      'Đông Xuân',
      'Đông Yên',
      'Phú Mãn',
      'Phú Cát',
    ],
  },
];

/** A realistic mix for district unions: schools, commune offices and health stations beside private firms. */
export const RURAL_SECTOR_MIX: [UnionSector, number][] = [
  ['public-administration', 20], // illustrative
  ['public-service', 25],
  ['state-enterprise', 5],
  ['non-state-enterprise', 50],
];

// ---------------------------------------------------------------------------------------------------------------
// Cluster 4, 2023 — seed 001: "Ngày 22/11, Cụm thi đua số 4 LĐLĐ thành phố Hà Nội (gồm LĐLĐ các huyện: Phúc Thọ,
// Ba Vì, Thạch Thất, Đan Phượng, Hoài Đức, Quốc Oai) tổ chức Hội nghị Tổng kết công tác thi đua, khen thưởng năm
// 2023"; "LĐLĐ các huyện trong Cụm hiện đang quản lý 1.172 Công đoàn cơ sở với tổng số 44.579 đoàn viên".
// ---------------------------------------------------------------------------------------------------------------

export interface ClusterDistrictDeclaration {
  federationId: string;
  /** Grassroots unions founded before the plan year (1995–2022). */
  existingUnions: number;
  /** Target of new unions for the plan year (DevelopmentTargetSet.newUnions). */
  unionsTarget: number;
  /** Unions founded in the plan year: founded ÷ target × 100 is the founding rate the article gives. */
  unionsFounded: number;
  /** Members who joined before the plan year (2010–2022). */
  existingMembers: number;
  membersTarget: number;
  /** Members who joined in the plan year: joined ÷ target × 100 is the development rate the article gives. */
  newMembers: number;
  /** Workers in covered units, reported for the plan year (illustrative: above the members). */
  workforce: number;
  /** Share of enterprise units that held a workers' conference (illustrative). */
  workersConferenceShare: number;
  /** The grade the cluster conference gave, and the rank when it gave one. */
  grade: Grade;
  rank: number | null;
  /** Titles granted at the year-end conference (illustrative counts). */
  awards: AwardDeclaration[];
  /** Initiatives recognised in the year (illustrative). */
  initiatives: number;
  /** Tết Quý Mão gifts from the district's social fund (illustrative; the article mentions "Tết sum vầy"). */
  tetGifts: { raised: number; recipients: number; amountEach: number };
}

export interface AwardDeclaration {
  title: string;
  level: AwardLevel;
  /** Id prefix after the federation: `ba-vi-ldg-2023-0001`. */
  code: string;
  count: number;
  /** Who receives it: members (women only for "Giỏi việc nước, đảm việc nhà") or the federation itself. */
  to: 'member' | 'woman' | 'federation';
}

const LAO_DONG_GIOI = { title: 'Lao động giỏi', level: 'district', code: 'ldg', to: 'member' } as const;
const GIOI_VIEC_NUOC = { title: 'Giỏi việc nước, đảm việc nhà', level: 'district', code: 'gvn', to: 'woman' } as const;
const CONG_NHAN_GIOI = { title: 'Công nhân giỏi Thủ đô', level: 'city', code: 'cng', to: 'member' } as const;

export const CLUSTER_4 = {
  id: 'cum-4',
  name: 'Cụm thi đua số 4 LĐLĐ thành phố Hà Nội',
  year: 2023,
  // "LĐLĐ các huyện trong Cụm hiện đang quản lý 1.172 Công đoàn cơ sở với tổng số 44.579 đoàn viên" (at year end).
  totalUnions: 1172,
  totalMembers: 44_579,
  // Illustrative: the plan year opens with targets, the cluster and its rule.
  plannedOn: '2023-01-03',
  formedOn: '2023-01-06',
  workforceReportedOn: '2023-06-30',
  /** Unions founded and members recruited in the plan year fall on these dates. */
  recruitingFrom: '2023-01-05',
  recruitingTo: '2023-11-20',
  existingUnionsFrom: '1995-01-01',
  existingUnionsTo: '2022-12-31',
  existingMembersFrom: '2010-01-01',
  existingMembersTo: '2022-12-31',
  /** Democratic conferences are held in the first quarter. */
  conferencesFrom: '2023-01-09',
  conferencesTo: '2023-03-31',
  // "Ngày 22/11 … Hội nghị Tổng kết công tác thi đua, khen thưởng năm 2023".
  conferenceOn: '2023-11-22',
  // "Ông Nguyễn Đức Nghĩa - Chủ tịch LĐLĐ huyện Ba Vì, Cụm Trưởng"; "ông Phùng Quốc Tuệ - Chủ tịch LĐLĐ huyện
  // Quốc Oai, Cụm phó": the 2023 leadership.
  leadership2023: { leader: 'ba-vi', deputy: 'quoc-oai' },
  // DOMAIN.md: "bầu LĐLĐ huyện Quốc Oai là đơn vị Cụm trưởng Cụm thi đua năm 2024"; deputy illustrative.
  leadership2024: { leader: 'quoc-oai', deputy: 'ba-vi' },
  // Illustrative weights, whole points.
  scoringRule: {
    weights: {
      memberDevelopmentRate: 30,
      unionFoundingRate: 25,
      conferenceCoverage: 15,
      supportPerMember: 10,
      awards: 10,
      initiatives: 10,
    } satisfies Record<Indicator, number>,
    tieBreak: ['memberDevelopmentRate', 'unionFoundingRate'] as Indicator[],
  },
  districts: [
    {
      // "tỷ lệ phát triển đoàn viên của LĐLĐ huyện Ba Vì đạt 121%, tỷ lệ thành lập Công đoàn cơ sở vượt 200%":
      // 1,210 ÷ 1,000 = 121%; 11 ÷ 5 = 220%. Ba Vì led the cluster in 2023 (DOMAIN.md).
      federationId: 'ba-vi',
      existingUnions: 220,
      unionsTarget: 5,
      unionsFounded: 11,
      existingMembers: 7000,
      membersTarget: 1000,
      newMembers: 1210,
      workforce: 11_800,
      workersConferenceShare: 0.7,
      grade: 'excellent',
      rank: 1,
      awards: [
        { ...LAO_DONG_GIOI, count: 3 },
        { ...GIOI_VIEC_NUOC, count: 2 },
        { ...CONG_NHAN_GIOI, count: 1 },
        { title: 'Bằng khen của LĐLĐ Thành phố', level: 'city', code: 'bk', count: 1, to: 'federation' },
      ],
      initiatives: 6,
      tetGifts: { raised: 320_000_000, recipients: 300, amountEach: 500_000 },
    },
    {
      // "LĐLĐ huyện Phúc thọ, tỷ lệ phát triển đoàn viên đạt 191%, tỷ lệ thành lập Công đoàn cơ sở vượt 300%":
      // 955 ÷ 500 = 191%; 10 ÷ 3 = 333%.
      federationId: 'phuc-tho',
      existingUnions: 160,
      unionsTarget: 3,
      unionsFounded: 10,
      existingMembers: 5000,
      membersTarget: 500,
      newMembers: 955,
      workforce: 8_400,
      workersConferenceShare: 0.6,
      grade: 'good',
      rank: null,
      awards: [
        { ...LAO_DONG_GIOI, count: 2 },
        { ...GIOI_VIEC_NUOC, count: 2 },
      ],
      initiatives: 4,
      tetGifts: { raised: 180_000_000, recipients: 200, amountEach: 500_000 },
    },
    {
      // "LĐLĐ huyện Thạch Thất tỷ lệ phát triển đoàn viên … đạt 138,8%, tỷ lệ thành lập Công đoàn cơ sở vượt
      // 333,3%": 694 ÷ 500 = 138.8%; 10 ÷ 3 = 333.3%.
      federationId: 'thach-that',
      existingUnions: 180,
      unionsTarget: 3,
      unionsFounded: 10,
      existingMembers: 6500,
      membersTarget: 500,
      newMembers: 694,
      workforce: 12_600,
      workersConferenceShare: 0.55,
      grade: 'good',
      rank: null,
      awards: [
        { ...LAO_DONG_GIOI, count: 2 },
        { ...GIOI_VIEC_NUOC, count: 1 },
      ],
      initiatives: 5,
      tetGifts: { raised: 200_000_000, recipients: 250, amountEach: 500_000 },
    },
    {
      // "LĐLĐ huyện Đan Phượng tỷ lệ phát triển đoàn viên … đạt 192,7%, tỷ lệ thành lập Công đoàn cơ sở vượt
      // 200%": 1,927 ÷ 1,000 = 192.7%; 11 ÷ 5 = 220%.
      federationId: 'dan-phuong',
      existingUnions: 170,
      unionsTarget: 5,
      unionsFounded: 11,
      existingMembers: 6000,
      membersTarget: 1000,
      newMembers: 1927,
      workforce: 10_900,
      workersConferenceShare: 0.65,
      grade: 'excellent',
      rank: null,
      awards: [
        { ...LAO_DONG_GIOI, count: 3 },
        { ...GIOI_VIEC_NUOC, count: 2 },
      ],
      initiatives: 5,
      tetGifts: { raised: 240_000_000, recipients: 260, amountEach: 500_000 },
    },
    {
      // "LĐLĐ huyện Hoài Đức tỷ lệ phát triển đoàn viên … đạt 152,7%, tỷ lệ thành lập Công đoàn cơ sở vượt 180%":
      // 1,527 ÷ 1,000 = 152.7%; 19 ÷ 10 = 190%.
      federationId: 'hoai-duc',
      existingUnions: 215,
      unionsTarget: 10,
      unionsFounded: 19,
      existingMembers: 8193,
      membersTarget: 1000,
      newMembers: 1527,
      workforce: 15_300,
      workersConferenceShare: 0.6,
      grade: 'good',
      rank: null,
      awards: [
        { ...LAO_DONG_GIOI, count: 2 },
        { ...GIOI_VIEC_NUOC, count: 1 },
        { ...CONG_NHAN_GIOI, count: 1 },
      ],
      initiatives: 4,
      tetGifts: { raised: 260_000_000, recipients: 320, amountEach: 500_000 },
    },
    {
      // "LĐLĐ huyện Quốc Oai tỷ lệ phát triển đoàn viên … đạt 57,3%, tỷ lệ thành lập Công đoàn cơ sở đạt 100%":
      // 573 ÷ 1,000 = 57.3%; 4 ÷ 4 = 100%.
      federationId: 'quoc-oai',
      existingUnions: 162,
      unionsTarget: 4,
      unionsFounded: 4,
      existingMembers: 5000,
      membersTarget: 1000,
      newMembers: 573,
      workforce: 9_800,
      workersConferenceShare: 0.5,
      grade: 'fair',
      rank: null,
      awards: [{ ...LAO_DONG_GIOI, count: 2 }],
      initiatives: 3,
      tetGifts: { raised: 150_000_000, recipients: 180, amountEach: 500_000 },
    },
  ] satisfies ClusterDistrictDeclaration[],
};

// ---------------------------------------------------------------------------------------------------------------
// Funds: one declaration per entry, in the order they are recorded in the federation's fund book.
// ---------------------------------------------------------------------------------------------------------------

export interface FundDeclaration {
  id: string;
  kind: FundKind;
  name: string;
  openedOn: string;
}

export type EntryDeclaration =
  | {
      entry: 'contribution';
      id: string;
      on: string;
      fundId: string;
      amount: number;
      source: { kind: SourceKind; id?: string; name: string };
    }
  | {
      entry: 'payment';
      id: string;
      on: string;
      fundId: string;
      purpose: SupportPurpose;
      recipient: { kind: SupportRecipientKind; id?: string; name: string };
      /** One recipient of `amount`, or `recipients` × `amountEach`. */
      amount: number;
      recipients?: number;
      amountEach?: number;
    }
  | { entry: 'reversal'; id: string; on: string; correctsEntryId: string; reason: string };

export interface FundBookDeclaration {
  federationId: string;
  funds: FundDeclaration[];
  entries: EntryDeclaration[];
}

// ---------------------------------------------------------------------------------------------------------------
// Hoàn Kiếm, 2020 — seed 000.
// ---------------------------------------------------------------------------------------------------------------

export const HOAN_KIEM_2020 = {
  federationId: 'hoan-kiem',
  year: 2020,
  // "Liên đoàn Lao động quận Hoàn Kiếm hiện quản lý 480 công đoàn cơ sở với 28.935 đoàn viên".
  unions: 480,
  members: 28_935,
  // "83/83 đơn vị tổ chức Hội nghị cán bộ công chức, viên chức": the public administration and service units.
  publicAdministrationUnits: 38, // the 38 / 45 split is illustrative
  publicServiceUnits: 45,
  civilServantConferences: 83,
  // "185/348 đơn vị, doanh nghiệp tổ chức Hội nghị người lao động".
  stateEnterpriseUnits: 60, // the 60 / 288 split is illustrative
  nonStateEnterpriseUnits: 288,
  workersConferences: 185,
  // 480 − 83 − 348 = 49 unions the article's conference figures do not count: taken here as enterprise unions
  // founded during 2020, after the first-quarter conference season.
  foundedIn2020: 49,
  unitsFrom: '1992-01-01',
  unitsTo: '2019-12-31',
  newUnitsFrom: '2020-04-01',
  newUnitsTo: '2020-11-30',
  membersFrom: '2010-01-01',
  membersTo: '2020-12-31',
  conferencesFrom: '2020-01-06',
  conferencesTo: '2020-03-31',
};

export const HOAN_KIEM_FUNDS_2020: FundBookDeclaration = {
  federationId: 'hoan-kiem',
  funds: [
    {
      id: 'hoan-kiem-kinh-phi',
      kind: 'union-budget',
      name: 'Tài chính công đoàn LĐLĐ quận Hoàn Kiếm',
      openedOn: '2020-01-02',
    },
    { id: 'hoan-kiem-quy-xa-hoi', kind: 'social', name: 'Quỹ Xã hội LĐLĐ quận Hoàn Kiếm', openedOn: '2020-01-02' },
    {
      id: 'hoan-kiem-quy-den-on',
      kind: 'gratitude',
      name: 'Quỹ Đền ơn đáp nghĩa quận Hoàn Kiếm',
      openedOn: '2020-01-02',
    },
    {
      id: 'hoan-kiem-quy-bien-dao',
      kind: 'sea-islands',
      name: 'Quỹ vì biển đảo quận Hoàn Kiếm',
      openedOn: '2020-01-02',
    },
    { id: 'hoan-kiem-quy-covid', kind: 'covid', name: 'Ủng hộ phòng, chống dịch Covid-19', openedOn: '2020-02-10' },
  ],
  entries: [
    // "242 suất quà mỗi suất 1 triệu đồng của Liên đoàn lao động Thành phố và Liên đoàn Lao động quận": funded
    // first by both (the half-and-half split is illustrative), then paid as one payment of 242 × 1,000,000 đ.
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0001',
      on: '2020-01-10',
      fundId: 'hoan-kiem-kinh-phi',
      amount: 121_000_000,
      source: { kind: 'federation', id: 'ha-noi', name: 'LĐLĐ thành phố Hà Nội' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0002',
      on: '2020-01-10',
      fundId: 'hoan-kiem-kinh-phi',
      amount: 121_000_000,
      source: { kind: 'federation', id: 'hoan-kiem', name: 'LĐLĐ quận Hoàn Kiếm' },
    },
    {
      entry: 'payment',
      id: 'hk-2020-chi-0001',
      on: '2020-01-20',
      fundId: 'hoan-kiem-kinh-phi',
      purpose: 'tet-gifts',
      recipient: { kind: 'workers', name: 'CNVCLĐ có hoàn cảnh khó khăn quận Hoàn Kiếm' },
      amount: 242_000_000,
      recipients: 242,
      amountEach: 1_000_000,
    },
    // "vận động CNVCLĐ đóng góp ủng hộ công tác phòng, chống dịch Covid - 19 … kết quả ủng hộ hơn 1 tỷ đồng":
    // 1,050,000,000 đ in four collections (the split is illustrative).
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0003',
      on: '2020-03-05',
      fundId: 'hoan-kiem-quy-covid',
      amount: 350_000_000,
      source: { kind: 'organisation', name: 'CNVCLĐ các doanh nghiệp quận Hoàn Kiếm' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0004',
      on: '2020-03-20',
      fundId: 'hoan-kiem-quy-covid',
      amount: 280_000_000,
      source: { kind: 'organisation', name: 'CNVCLĐ các cơ quan, đơn vị hành chính sự nghiệp' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0005',
      on: '2020-03-31',
      fundId: 'hoan-kiem-quy-covid',
      amount: 220_000_000,
      source: { kind: 'individual', name: 'Ủng hộ qua tin nhắn điện thoại' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0006',
      on: '2020-04-10',
      fundId: 'hoan-kiem-quy-covid',
      amount: 200_000_000,
      source: { kind: 'member', name: 'Đoàn viên công đoàn quận Hoàn Kiếm' },
    },
    // "trao 500 tấm chắn và 60 triệu đồng ủng hộ các đơn vị tuyến đầu phòng chống dịch bệnh Covid - 19".
    {
      entry: 'payment',
      id: 'hk-2020-chi-0002',
      on: '2020-04-20',
      fundId: 'hoan-kiem-quy-covid',
      purpose: 'frontline',
      recipient: { kind: 'outside-unit', name: 'Các đơn vị tuyến đầu phòng, chống dịch Covid-19 quận Hoàn Kiếm' },
      amount: 60_000_000,
    },
    // "vận động CNVCLĐ ủng hộ Quỹ xã hội, Quỹ đền ơn đáp nghĩa, quỹ vì biển đảo năm 2020 với số tiền 58 triệu đồng":
    // social 25,000,000 + gratitude 18,000,000 + sea islands 15,000,000 (the split is illustrative).
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0007',
      on: '2020-04-24',
      fundId: 'hoan-kiem-quy-xa-hoi',
      amount: 10_000_000,
      source: { kind: 'union', id: 'hoan-kiem-cd-001', name: 'CNVCLĐ khối hành chính sự nghiệp' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0008',
      on: '2020-05-08',
      fundId: 'hoan-kiem-quy-xa-hoi',
      amount: 8_000_000,
      source: { kind: 'member', name: 'Đoàn viên khối doanh nghiệp' },
    },
    // "Nhân tháng Công nhân … trợ cấp đột xuất cho 17 CNVCLĐ có hoàn cảnh khó khăn với số tiền 8,5 triệu đồng".
    {
      entry: 'payment',
      id: 'hk-2020-chi-0003',
      on: '2020-05-20',
      fundId: 'hoan-kiem-quy-xa-hoi',
      purpose: 'emergency',
      recipient: { kind: 'workers', name: 'CNVCLĐ có hoàn cảnh khó khăn (Tháng Công nhân 2020)' },
      amount: 8_500_000,
      recipients: 17,
      amountEach: 500_000,
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0009',
      on: '2020-06-15',
      fundId: 'hoan-kiem-quy-xa-hoi',
      amount: 7_000_000,
      source: { kind: 'member', name: 'Đoàn viên khối doanh nghiệp' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0010',
      on: '2020-07-10',
      fundId: 'hoan-kiem-quy-den-on',
      amount: 10_000_000,
      source: { kind: 'member', name: 'CNVCLĐ quận Hoàn Kiếm' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0011',
      on: '2020-07-20',
      fundId: 'hoan-kiem-quy-den-on',
      amount: 8_000_000,
      source: { kind: 'member', name: 'CNVCLĐ quận Hoàn Kiếm' },
    },
    // The correction: the same 8,000,000 đ was entered a second time by mistake, then reversed.
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0012',
      on: '2020-07-20',
      fundId: 'hoan-kiem-quy-den-on',
      amount: 8_000_000,
      source: { kind: 'member', name: 'CNVCLĐ quận Hoàn Kiếm' },
    },
    {
      entry: 'reversal',
      id: 'hk-2020-dc-0001',
      on: '2020-07-31',
      correctsEntryId: 'hk-2020-thu-0012',
      reason: 'Ghi trùng: khoản ủng hộ 8.000.000 đ ngày 20/07/2020 đã được ghi ở bút toán hk-2020-thu-0011',
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0013',
      on: '2020-08-05',
      fundId: 'hoan-kiem-quy-bien-dao',
      amount: 9_000_000,
      source: { kind: 'member', name: 'CNVCLĐ quận Hoàn Kiếm' },
    },
    {
      entry: 'contribution',
      id: 'hk-2020-thu-0014',
      on: '2020-08-25',
      fundId: 'hoan-kiem-quy-bien-dao',
      amount: 6_000_000,
      source: { kind: 'union', id: 'hoan-kiem-cd-002', name: 'CĐCS khối doanh nghiệp' },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Hà Đông, 2017 — seed 004.
// ---------------------------------------------------------------------------------------------------------------

export const HA_DONG_2017 = {
  federationId: 'ha-dong',
  year: 2017,
  // "triển khai Hội nghị dân chủ tới 160/202 đơn vị (đạt 79,2%); trong đó, 100% các đơn vị tổ chức Hội nghị
  // CBCCVC; 61% đơn vị tổ chức Hội nghị NLĐ": 94 public units (all held) + 66 of 108 enterprises (61.1%) = 160.
  unions: 202,
  publicAdministrationUnits: 40, // the 40 / 54 split is illustrative
  publicServiceUnits: 54,
  stateEnterpriseUnits: 20, // the 20 / 88 split is illustrative
  nonStateEnterpriseUnits: 88,
  civilServantConferences: 94,
  workersConferences: 66,
  /** Illustrative: the article gives no member count; a modest one so per-member figures are not zero. */
  members: 2000,
  unitsFrom: '2008-08-01',
  unitsTo: '2016-12-31',
  membersFrom: '2009-01-01',
  membersTo: '2016-12-31',
  conferencesFrom: '2017-01-05',
  conferencesTo: '2017-03-31',
  // "có 1.761 sáng kiến cải tiến sáng tạo, sáng kiến kinh nghiệm làm lợi trên 3 tỷ đồng".
  initiatives: 1761,
  initiativesSavedDong: 3_018_000_000,
  initiativesFrom: '2017-02-01',
  initiativesTo: '2017-12-15',
};

export const HA_DONG_FUNDS_2017: FundBookDeclaration = {
  federationId: 'ha-dong',
  funds: [
    {
      id: 'ha-dong-kinh-phi',
      kind: 'union-budget',
      name: 'Tài chính công đoàn LĐLĐ quận Hà Đông',
      openedOn: '2017-01-03',
    },
    { id: 'ha-dong-quy-xa-hoi', kind: 'social', name: 'Quỹ Xã hội Công đoàn quận Hà Đông', openedOn: '2017-01-03' },
    {
      id: 'ha-dong-quy-vi-nguoi-ngheo',
      kind: 'poverty',
      name: 'Quỹ Vì người nghèo quận Hà Đông',
      openedOn: '2017-01-03',
    },
    { id: 'ha-dong-quy-den-on', kind: 'gratitude', name: 'Quỹ Đền ơn đáp nghĩa quận Hà Đông', openedOn: '2017-01-03' },
  ],
  entries: [
    // Illustrative: the budget the support and the children's gifts below were paid from.
    {
      entry: 'contribution',
      id: 'hd-2017-thu-0001',
      on: '2017-01-16',
      fundId: 'ha-dong-kinh-phi',
      amount: 900_000_000,
      source: { kind: 'organisation', name: 'Kinh phí công đoàn 2% các cơ quan, doanh nghiệp' },
    },
    {
      entry: 'contribution',
      id: 'hd-2017-thu-0002',
      on: '2017-01-16',
      fundId: 'ha-dong-kinh-phi',
      amount: 600_000_000,
      source: { kind: 'member', name: 'Đoàn phí công đoàn năm 2017' },
    },
    // "hỗ trợ xây dựng 1 mái ấm CĐ, hỗ trợ kinh phí xây dựng cho 2 gia đình chính sách có hoàn cảnh khó khăn; thăm
    // hỏi CNLĐ có hoàn cảnh khó khăn... với tổng số tiền là 128 triệu đồng": 50,000,000 + 2 × 20,000,000 +
    // 38 × 1,000,000 (the split is illustrative).
    {
      entry: 'payment',
      id: 'hd-2017-chi-0001',
      on: '2017-04-20',
      fundId: 'ha-dong-kinh-phi',
      purpose: 'housing',
      recipient: { kind: 'member', id: 'ha-dong-dv-000017', name: 'Mái ấm Công đoàn' },
      amount: 50_000_000,
    },
    {
      entry: 'payment',
      id: 'hd-2017-chi-0002',
      on: '2017-07-25',
      fundId: 'ha-dong-kinh-phi',
      purpose: 'housing',
      recipient: { kind: 'family', name: 'Gia đình chính sách có hoàn cảnh khó khăn' },
      amount: 40_000_000,
      recipients: 2,
      amountEach: 20_000_000,
    },
    {
      entry: 'payment',
      id: 'hd-2017-chi-0003',
      on: '2017-09-15',
      fundId: 'ha-dong-kinh-phi',
      purpose: 'hardship',
      recipient: { kind: 'workers', name: 'CNLĐ có hoàn cảnh khó khăn' },
      amount: 38_000_000,
      recipients: 38,
      amountEach: 1_000_000,
    },
    // "tặng quà cho con em CNVCLĐ có thành tích xuất sắc trong năm học với tổng số tiền hơn 1,3 tỉ đồng":
    // 2,600 gifts × 500,000 đ (the count is illustrative).
    {
      entry: 'payment',
      id: 'hd-2017-chi-0004',
      on: '2017-06-01',
      fundId: 'ha-dong-kinh-phi',
      purpose: 'children-gifts',
      recipient: { kind: 'family', name: 'Con CNVCLĐ có thành tích xuất sắc trong năm học' },
      amount: 1_300_000_000,
      recipients: 2600,
      amountEach: 500_000,
    },
    // "phát động CNVCLĐ đóng góp xây dựng Quỹ Xã hội CĐ (thu được 108 triệu đồng)".
    {
      entry: 'contribution',
      id: 'hd-2017-thu-0003',
      on: '2017-03-10',
      fundId: 'ha-dong-quy-xa-hoi',
      amount: 45_000_000,
      source: { kind: 'member', name: 'CNVCLĐ khối hành chính sự nghiệp' },
    },
    {
      entry: 'contribution',
      id: 'hd-2017-thu-0004',
      on: '2017-05-12',
      fundId: 'ha-dong-quy-xa-hoi',
      amount: 63_000_000,
      source: { kind: 'member', name: 'CNVCLĐ khối doanh nghiệp' },
    },
    // "quỹ vì người nghèo, quỹ đền ơn đáp nghĩa với tổng số tiền trên 1,25 tỉ đồng": 750,000,000 + 500,000,000
    // (the split is illustrative).
    {
      entry: 'contribution',
      id: 'hd-2017-thu-0005',
      on: '2017-10-17',
      fundId: 'ha-dong-quy-vi-nguoi-ngheo',
      amount: 750_000_000,
      source: { kind: 'member', name: 'CNVCLĐ quận Hà Đông' },
    },
    {
      entry: 'contribution',
      id: 'hd-2017-thu-0006',
      on: '2017-07-20',
      fundId: 'ha-dong-quy-den-on',
      amount: 500_000_000,
      source: { kind: 'member', name: 'CNVCLĐ quận Hà Đông' },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Hai Bà Trưng, Tết 2025 — seed 002: "tổ chức Chương trình 'Tết sum vầy - Xuân ơn Đảng', trao quà cho 1.296 CNVCLĐ
// có hoàn cảnh khó khăn" (Tết Nguyên đán Ất Tỵ fell on 29 January 2025). The amount each and the fund's income are
// illustrative.
// ---------------------------------------------------------------------------------------------------------------

export const HAI_BA_TRUNG_FUNDS_TET_2025: FundBookDeclaration = {
  federationId: 'hai-ba-trung',
  funds: [
    {
      id: 'hai-ba-trung-quy-xa-hoi',
      kind: 'social',
      name: 'Quỹ Xã hội LĐLĐ quận Hai Bà Trưng',
      openedOn: '2024-12-02',
    },
  ],
  entries: [
    {
      entry: 'contribution',
      id: 'hbt-2025-thu-0001',
      on: '2024-12-16',
      fundId: 'hai-ba-trung-quy-xa-hoi',
      amount: 300_000_000,
      source: { kind: 'organisation', name: 'Các doanh nghiệp đồng hành "Tết sum vầy"' },
    },
    {
      entry: 'contribution',
      id: 'hbt-2025-thu-0002',
      on: '2025-01-06',
      fundId: 'hai-ba-trung-quy-xa-hoi',
      amount: 250_000_000,
      source: { kind: 'union', name: 'Các công đoàn cơ sở quận Hai Bà Trưng' },
    },
    {
      entry: 'contribution',
      id: 'hbt-2025-thu-0003',
      on: '2025-01-10',
      fundId: 'hai-ba-trung-quy-xa-hoi',
      amount: 150_000_000,
      source: { kind: 'federation', id: 'ha-noi', name: 'LĐLĐ thành phố Hà Nội' },
    },
    {
      entry: 'payment',
      id: 'hbt-2025-chi-0001',
      on: '2025-01-17',
      fundId: 'hai-ba-trung-quy-xa-hoi',
      purpose: 'tet-gifts',
      recipient: { kind: 'workers', name: 'CNVCLĐ có hoàn cảnh khó khăn ("Tết sum vầy - Xuân ơn Đảng" 2025)' },
      amount: 648_000_000,
      recipients: 1296,
      amountEach: 500_000,
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// The 2025 reorganisation — DOMAIN.md: "Vietnam ended its district level of government on 1 July 2025; the district
// labour federations (LĐLĐ quận/huyện) ceased, and their grassroots unions passed to commune/ward-level unions
// (Công đoàn xã/phường)". The new communes and wards are real; which old communes each took is simplified
// (illustrative), and a district's own offices and firms go to its first successor.
// ---------------------------------------------------------------------------------------------------------------

export interface SuccessorDeclaration {
  id: string;
  name: string;
  /** The district's old communes or wards (its `places`) whose units this successor takes. */
  places: string[];
}

export interface DistrictReorganisationDeclaration {
  federationId: string;
  /**
   * The first takes every unit no other successor takes: the district merges into it. The others take the units
   * of their places, moved one by one before the merge.
   */
  successors: [SuccessorDeclaration, ...SuccessorDeclaration[]];
}

export const REORGANISATION_2025 = {
  on: '2025-07-01',
  reason: 'Sắp xếp tổ chức bộ máy: kết thúc hoạt động LĐLĐ cấp huyện từ ngày 01/7/2025',
  districts: [
    {
      federationId: 'hoan-kiem',
      successors: [
        { id: 'phuong-hoan-kiem', name: 'Công đoàn phường Hoàn Kiếm', places: [] },
        {
          id: 'phuong-cua-nam',
          name: 'Công đoàn phường Cửa Nam',
          places: ['Cửa Nam', 'Hàng Bông', 'Trần Hưng Đạo', 'Phan Chu Trinh'],
        },
        { id: 'phuong-hong-ha', name: 'Công đoàn phường Hồng Hà', places: ['Chương Dương', 'Phúc Tân'] },
      ],
    },
    {
      federationId: 'hai-ba-trung',
      successors: [{ id: 'phuong-hai-ba-trung', name: 'Công đoàn phường Hai Bà Trưng', places: [] }],
    },
    {
      federationId: 'ha-dong',
      successors: [{ id: 'phuong-ha-dong', name: 'Công đoàn phường Hà Đông', places: [] }],
    },
    {
      federationId: 'phuc-tho',
      successors: [{ id: 'xa-phuc-tho', name: 'Công đoàn xã Phúc Thọ', places: [] }],
    },
    {
      federationId: 'ba-vi',
      successors: [
        // Quảng Oai: the old district seat (Tây Đằng).
        { id: 'xa-quang-oai', name: 'Công đoàn xã Quảng Oai', places: [] },
        { id: 'xa-ba-vi', name: 'Công đoàn xã Ba Vì', places: ['Khánh Thượng', 'Minh Quang', 'Ba Trại', 'Tản Lĩnh'] },
        { id: 'xa-vat-lai', name: 'Công đoàn xã Vật Lại', places: ['Vật Lại', 'Phú Sơn', 'Đồng Thái', 'Tản Hồng'] },
        {
          id: 'xa-co-do',
          name: 'Công đoàn xã Cổ Đô',
          places: ['Cổ Đô', 'Phú Cường', 'Phong Vân', 'Phú Đông', 'Vạn Thắng'],
        },
      ],
    },
    {
      federationId: 'thach-that',
      successors: [{ id: 'xa-thach-that', name: 'Công đoàn xã Thạch Thất', places: [] }],
    },
    {
      federationId: 'dan-phuong',
      successors: [{ id: 'xa-dan-phuong', name: 'Công đoàn xã Đan Phượng', places: [] }],
    },
    {
      federationId: 'hoai-duc',
      successors: [{ id: 'xa-hoai-duc', name: 'Công đoàn xã Hoài Đức', places: [] }],
    },
    {
      federationId: 'quoc-oai',
      successors: [{ id: 'xa-quoc-oai', name: 'Công đoàn xã Quốc Oai', places: [] }],
    },
  ] satisfies DistrictReorganisationDeclaration[],
};
