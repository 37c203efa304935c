import { type Indicator, INDICATORS } from '../../src/clusters/clusters.events';
import type { ProjectionReader } from '../../src/core/projection-reader';
import { LATEST_DATE, type ReadAt, compareIds } from '../../src/core/read-store.port';
import { CLUSTER_YEARS, type ClusterYearDoc, clusterYearId } from '../clusters/clusters.projection';
import { FEDERATION_FUNDS, type FederationFundsDoc } from '../funds/funds.projection';
import { type DevelopmentRates, developmentRates } from '../membership/membership.queries';
import { FEDERATIONS, type FederationDoc } from '../membership/membership.projection';
import {
  FEDERATION_YEARS,
  type FederationYearRecognitionDoc,
  federationYearId,
} from '../recognition/recognition.projection';

/**
 * Cluster rankings (xếp hạng Cụm thi đua): per cluster and year, each federation's indicators, its
 * score under the scoring rule adopted for the year, its rank, and the grade the cluster conference
 * recorded beside it. Computed on demand from four read models; nothing here is stored.
 *
 * ## Method
 * 1. **Indicators** of each federation in the cluster for year Y, counted as of D = min(Y-12-31, asOf):
 *    - `memberDevelopmentRate`, `unionFoundingRate`: new members / unions founded from Y-01-01 to D ÷
 *      the year's targets × 100 (one decimal; null without a target) — `developmentRates` of membership;
 *    - `conferenceCoverage`: units that held a democratic conference for Y ÷ active units on D × 100;
 *    - `supportPerMember`: đồng paid as support from Y-01-01 to D (cumulative `supportPaid` of the
 *      federation's funds on D minus on (Y-1)-12-31) ÷ members on D, rounded down (null with no members);
 *    - `awards`, `initiatives`: titles for Y (granted, not revoked) and initiatives recognised in Y.
 *      These are read as of `asOf` itself, not capped at D: titles for Y are often granted at the
 *      year-end conference early in Y+1, and belong to Y all the same.
 * 2. **Points**, 0..100 per indicator: value ÷ the best value in the cluster that year × 100, two
 *    decimals, half up; 0 when the value is null or the best is 0.
 * 3. **Score** = Σ weight × points ÷ Σ weights, two decimals, half up; the weights are the scoring rule
 *    adopted for Y (the latest adopted by `asOf`). Points and score are computed in whole hundredths,
 *    so the figures shown are the figures compared.
 * 4. **Rank**: score descending; equal scores by the rule's `tieBreak` indicators in order (higher raw
 *    value first, null last); then by federation id ascending. Every rank is distinct.
 * 5. With **no scoring rule** for Y the ranking still lists indicators and points, but score and rank are
 *    null and `method.score` says why — a missing decision of the cluster is not an error of the reader.
 * 6. **Recorded** beside each: the grade and rank the cluster conference gave (`EvaluationRecorded`), and
 *    whether that rank agrees with the computed one (null when either is missing).
 * The cluster's own decisions (members, leader, rule, evaluations) are read as of `asOf`; `knownAt`
 * applies to every read.
 */

export type IndicatorValues = Record<Indicator, number | null>;

/** The counts behind the indicators, so a reader sees "160/202 đơn vị (79,2%)", not only 79.2. */
export interface IndicatorFigures {
  target: { newMembers: number; newUnions: number } | null;
  newMembers: number;
  unionsFounded: number;
  members: number;
  conferences: { held: number; units: number };
  supportPaidDong: number;
  valueSavedDong: number;
}

/** What ranks one federation after the one ranked just above it. */
export type RankCriterion = 'score' | Indicator | 'federationId';

export interface RankedFederation {
  federationId: string;
  /** The federation's name on the indicator date; null if it was not registered then. */
  name: string | null;
  indicators: IndicatorValues;
  figures: IndicatorFigures;
  points: Record<Indicator, number>;
  score: number | null;
  rank: number | null;
  /** Why this federation comes after the one ranked just above: its score, a tie-break indicator, or its id. */
  rankDecidedBy: RankCriterion | null;
  recorded: { grade: string; rank: number | null; recordedOn: string } | null;
  /** Whether the rank the conference recorded is the computed one; null when either is missing. */
  rankAgrees: boolean | null;
}

export interface RankingMethod {
  /** D: the date indicators are counted up to. */
  indicatorsAsOf: string;
  /** The date the cluster's decisions, awards and initiatives are read as of; 9999-12-31 (latest) without asOf. */
  decisionsAsOf: string;
  knownAt: number | null;
  indicators: Record<Indicator, string>;
  points: string;
  score: string;
  /** The order applied, first criterion first, e.g. ['score desc', 'awards desc', 'federationId asc']. */
  rankOrder: string[];
  recorded: string;
}

export interface ClusterRanking {
  clusterId: string;
  year: number;
  name: string;
  leader: { federationId: string; deputyFederationId: string | null; electedOn: string } | null;
  scoringRule: { weights: Record<string, number>; tieBreak: string[]; adoptedOn: string } | null;
  method: RankingMethod;
  federations: RankedFederation[];
}

/** The read models a ranking reads. */
export interface RankingReaders {
  membership: ProjectionReader;
  funds: ProjectionReader;
  recognition: ProjectionReader;
  clusters: ProjectionReader;
}

/** Rates carry one decimal, so they are compared in tenths; the other indicators are whole numbers. */
const TENTHS: ReadonlySet<Indicator> = new Set<Indicator>([
  'memberDevelopmentRate',
  'unionFoundingRate',
  'conferenceCoverage',
]);

const INDICATOR_TEXT: Record<Indicator, string> = {
  memberDevelopmentRate: 'new members in the year ÷ the year’s target × 100 (one decimal)',
  unionFoundingRate: 'grassroots unions founded in the year ÷ the year’s target × 100 (one decimal)',
  conferenceCoverage: 'units that held a democratic conference for the year ÷ active units × 100 (one decimal)',
  supportPerMember: 'đồng paid as support in the year ÷ members at the indicator date, rounded down',
  awards: 'titles for the year, granted and not revoked',
  initiatives: 'initiatives recognised in the year',
};

/**
 * The ranking of a cluster for a year, or null when the cluster was not formed for that year (as of
 * `at`). Throws RangeError when `asOf` lies before the year began: there is nothing to rank yet.
 */
export async function clusterRanking(
  readers: RankingReaders,
  clusterId: string,
  year: number,
  at: ReadAt = {},
): Promise<ClusterRanking | null> {
  const knownAt = at.knownAt;
  const decisionsAsOf = at.asOf ?? LATEST_DATE;
  const cluster = await readers.clusters.get<ClusterYearDoc>(CLUSTER_YEARS, clusterYearId(clusterId, year), {
    asOf: decisionsAsOf,
    knownAt,
  });
  // A leader elected ahead of the year creates the document before the cluster is formed for it.
  if (!cluster || cluster.name === null) return null;

  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  if (decisionsAsOf < yearStart) {
    throw new RangeError(`asOf ${decisionsAsOf} is before ${year} began: there is nothing to rank for ${year} yet`);
  }
  const indicatorsAsOf = decisionsAsOf < yearEnd ? decisionsAsOf : yearEnd;

  const measured = await Promise.all(
    cluster.federationIds.map((federationId) =>
      measure(readers, federationId, year, indicatorsAsOf, decisionsAsOf, knownAt),
    ),
  );
  const rule = cluster.scoringRule;
  const ranked = rank(measured, rule);
  const federations = ranked.map((entry): RankedFederation => {
    const evaluation = cluster.evaluations[entry.federationId];
    const recorded = evaluation
      ? { grade: evaluation.grade, rank: evaluation.rank, recordedOn: evaluation.recordedOn }
      : null;
    return {
      ...entry,
      recorded,
      rankAgrees: recorded?.rank != null && entry.rank !== null ? recorded.rank === entry.rank : null,
    };
  });

  return {
    clusterId,
    year,
    name: cluster.name,
    leader: cluster.leader,
    scoringRule: rule,
    method: {
      indicatorsAsOf,
      decisionsAsOf,
      knownAt: knownAt ?? null,
      indicators: INDICATOR_TEXT,
      points:
        'value ÷ the best value in the cluster × 100, two decimals half up; 0 when the value is missing or the best is 0',
      score: rule
        ? `Σ weight × points ÷ Σ weights (the rule adopted on ${rule.adoptedOn}), two decimals half up`
        : `no scoring rule adopted for ${year}: score and rank are null, indicators and points are listed by federation id`,
      rankOrder: rule ? rankOrder(rule.tieBreak) : ['federationId asc'],
      recorded:
        'the grade and rank the cluster conference recorded; rankAgrees compares that rank with the computed one',
    },
    federations,
  };
}

export function rankOrder(tieBreak: readonly string[]): string[] {
  return ['score desc', ...tieBreak.filter(isIndicator).map((indicator) => `${indicator} desc`), 'federationId asc'];
}

/** One federation's indicators, before comparing with the others. */
export interface MeasuredFederation {
  federationId: string;
  name: string | null;
  indicators: IndicatorValues;
  figures: IndicatorFigures;
}

async function measure(
  readers: RankingReaders,
  federationId: string,
  year: number,
  indicatorsAsOf: string,
  decisionsAsOf: string,
  knownAt: number | undefined,
): Promise<MeasuredFederation> {
  const atIndicators: ReadAt = { asOf: indicatorsAsOf, knownAt };
  const [federation, rates, fundsThen, fundsBefore, recognition] = await Promise.all([
    readers.membership.get<FederationDoc>(FEDERATIONS, federationId, atIndicators),
    developmentRates(readers.membership, federationId, year, atIndicators),
    readers.funds.get<FederationFundsDoc>(FEDERATION_FUNDS, federationId, atIndicators),
    readers.funds.get<FederationFundsDoc>(FEDERATION_FUNDS, federationId, { asOf: `${year - 1}-12-31`, knownAt }),
    readers.recognition.get<FederationYearRecognitionDoc>(FEDERATION_YEARS, federationYearId(federationId, year), {
      asOf: decisionsAsOf,
      knownAt,
    }),
  ]);
  const supportPaidDong = (fundsThen?.supportPaid ?? 0) - (fundsBefore?.supportPaid ?? 0);
  const members = rates?.members ?? 0;
  return {
    federationId,
    name: federation?.name ?? null,
    indicators: {
      memberDevelopmentRate: rates?.memberDevelopmentRate ?? null,
      unionFoundingRate: rates?.unionFoundingRate ?? null,
      conferenceCoverage: rates?.conferences.rate ?? null,
      supportPerMember: members > 0 ? floorDiv(supportPaidDong, members) : null,
      awards: recognition?.awards ?? 0,
      initiatives: recognition?.initiatives ?? 0,
    },
    figures: figuresOf(rates, supportPaidDong, recognition),
  };
}

function figuresOf(
  rates: DevelopmentRates | null,
  supportPaidDong: number,
  recognition: FederationYearRecognitionDoc | null,
): IndicatorFigures {
  return {
    target: rates?.target ?? null,
    newMembers: rates?.newMembers ?? 0,
    unionsFounded: rates?.unionsFounded ?? 0,
    members: rates?.members ?? 0,
    conferences: { held: rates?.conferences.held ?? 0, units: rates?.conferences.units ?? 0 },
    supportPaidDong,
    valueSavedDong: recognition?.valueSavedDong ?? 0,
  };
}

/**
 * Points, score and rank of every federation (pure): the ranking rules of the method above. Without a
 * rule, score and rank are null and the federations are listed by id.
 */
export function rank(
  measured: readonly MeasuredFederation[],
  rule: { weights: Record<string, number>; tieBreak: string[] } | null,
): Omit<RankedFederation, 'recorded' | 'rankAgrees'>[] {
  const best = Object.fromEntries(
    INDICATORS.map((indicator) => [
      indicator,
      measured.reduce((max, m) => Math.max(max, scaled(indicator, m.indicators[indicator]) ?? 0), 0),
    ]),
  ) as Record<Indicator, number>;

  const scored = measured.map((m) => {
    const points = Object.fromEntries(
      INDICATORS.map((indicator) => {
        const value = scaled(indicator, m.indicators[indicator]);
        const top = best[indicator];
        return [indicator, value === null || value <= 0 || top === 0 ? 0 : divideHalfUp(value, top, 10_000)];
      }),
    ) as Record<Indicator, number>;
    return { ...m, pointsHundredths: points, scoreHundredths: rule ? weighted(points, rule.weights) : null };
  });

  const tieBreak = (rule?.tieBreak ?? []).filter((key): key is Indicator => isIndicator(key));
  const criteria: {
    key: RankCriterion;
    compare: (a: (typeof scored)[number], b: (typeof scored)[number]) => number;
  }[] = rule
    ? [
        { key: 'score', compare: (a, b) => (b.scoreHundredths ?? 0) - (a.scoreHundredths ?? 0) },
        ...tieBreak.map((indicator) => ({
          key: indicator,
          compare: (a: (typeof scored)[number], b: (typeof scored)[number]) =>
            higherFirst(scaled(indicator, a.indicators[indicator]), scaled(indicator, b.indicators[indicator])),
        })),
        { key: 'federationId', compare: (a, b) => compareIds(a.federationId, b.federationId) },
      ]
    : [{ key: 'federationId', compare: (a, b) => compareIds(a.federationId, b.federationId) }];

  const ordered = [...scored].sort((a, b) => {
    for (const { compare } of criteria) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  });

  return ordered.map((entry, index) => {
    const previous = index > 0 ? ordered[index - 1] : null;
    return {
      federationId: entry.federationId,
      name: entry.name,
      indicators: entry.indicators,
      figures: entry.figures,
      points: hundredthsToNumbers(entry.pointsHundredths),
      score: entry.scoreHundredths === null ? null : entry.scoreHundredths / 100,
      rank: rule ? index + 1 : null,
      rankDecidedBy:
        rule && previous ? (criteria.find(({ compare }) => compare(previous, entry) !== 0)?.key ?? null) : null,
    };
  });
}

/** Σ weight × points ÷ Σ weights, in hundredths; 0 when every weight is 0. */
function weighted(points: Record<Indicator, number>, weights: Record<string, number>): number {
  let sum = 0;
  let total = 0;
  for (const indicator of INDICATORS) {
    const weight = weights[indicator] ?? 0;
    sum += weight * points[indicator];
    total += weight;
  }
  return total === 0 ? 0 : divideHalfUp(sum, total);
}

/** An indicator as a whole number (rates in tenths), so comparisons and ratios are exact. */
function scaled(indicator: Indicator, value: number | null): number | null {
  if (value === null) return null;
  return TENTHS.has(indicator) ? Math.round(value * 10) : value;
}

/** Higher value first; a missing value after any value. */
function higherFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/** round(part × scale ÷ whole), half up, for part ≥ 0 and whole > 0: exact, as products can pass 2^53. */
function divideHalfUp(part: number, whole: number, scale = 1): number {
  const p = BigInt(part) * BigInt(scale);
  const w = BigInt(whole);
  return Number((2n * p + w) / (2n * w));
}

/** ⌊a ÷ b⌋ for whole đồng, without floating point. */
function floorDiv(a: number, b: number): number {
  const q = BigInt(a) / BigInt(b);
  // BigInt division truncates toward zero; a corrected-down total can be negative.
  return Number(BigInt(a) % BigInt(b) !== 0n && a < 0 ? q - 1n : q);
}

function hundredthsToNumbers(points: Record<Indicator, number>): Record<Indicator, number> {
  return Object.fromEntries(INDICATORS.map((indicator) => [indicator, points[indicator] / 100])) as Record<
    Indicator,
    number
  >;
}

function isIndicator(value: string): value is Indicator {
  return (INDICATORS as readonly string[]).includes(value);
}
