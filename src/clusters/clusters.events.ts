import type { DomainEvent } from '../core/decider';

/**
 * What a cluster ranks its federations by, each year (chỉ tiêu thi đua): member development rate,
 * union founding rate, democratic-conference coverage, support paid per member, awards, initiatives.
 * The ranking projection computes each from the history and weighs it under the scoring rule.
 */
export const INDICATORS = [
  'memberDevelopmentRate',
  'unionFoundingRate',
  'conferenceCoverage',
  'supportPerMember',
  'awards',
  'initiatives',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** Every indicator's weight, those not given 0: a rule's weights as adopted. */
export function weightsOf(given: Readonly<Partial<Record<string, number>>> = {}): Record<Indicator, number> {
  return Object.fromEntries(INDICATORS.map((indicator) => [indicator, given[indicator] ?? 0])) as Record<
    Indicator,
    number
  >;
}

/** Grades a cluster conference gives (xuất sắc / tốt / khá / yếu). */
export const GRADES = ['excellent', 'good', 'fair', 'weak'] as const;
export type Grade = (typeof GRADES)[number];

/** Weights are whole points: no floating point in a rule auditors must be able to recompute. */
export const MAX_WEIGHT = 100;

// Emulation cluster (Cụm thi đua) stream, every year of one cluster: `cluster-<clusterId>`.
/** The federations that compete together in one year. */
export type ClusterFormed = DomainEvent<
  'ClusterFormed',
  { clusterId: string; year: number; name: string; federationIds: string[] }
>;
/** Cụm trưởng and Cụm phó, elected (usually at the year-end conference) for the following year. */
export type ClusterLeaderElected = DomainEvent<
  'ClusterLeaderElected',
  { clusterId: string; forYear: number; leaderFederationId: string; deputyFederationId: string | null }
>;
/**
 * The rule a year is ranked by: a score is the weighted sum of indicators; equal scores are ordered by
 * `tieBreak` (each indicator in turn, higher first), and ties that remain by federation id, so a ranking
 * is always total and reproducible. A later rule for the same year replaces the earlier one.
 */
export type ScoringRuleAdopted = DomainEvent<
  'ScoringRuleAdopted',
  { clusterId: string; year: number; weights: Record<Indicator, number>; tieBreak: Indicator[] }
>;
/** The grade (and rank, when the conference gave one) a federation received for a year. */
export type EvaluationRecorded = DomainEvent<
  'EvaluationRecorded',
  { clusterId: string; year: number; federationId: string; grade: Grade; rank: number | null }
>;

export type ClusterEvent = ClusterFormed | ClusterLeaderElected | ScoringRuleAdopted | EvaluationRecorded;

export const clusterStream = (clusterId: string) => `cluster-${clusterId}`;
