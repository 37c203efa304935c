import { assertNotBefore, assertNotInFuture, yearOf } from '../core/business-date';
import { assertNever, type DecisionContext, type Decider } from '../core/decider';
import { NotFound, RuleBroken } from '../core/domain-error';
import { assertFederationActiveOn, type FederationState } from '../organisation/federation';
import { type ClusterEvent, type Grade, type Indicator, INDICATORS, MAX_WEIGHT, weightsOf } from './clusters.events';

export interface ScoringRule {
  weights: Record<Indicator, number>;
  tieBreak: Indicator[];
}

/** One year of a cluster: who competes, by which rule, and the grades given. */
export interface ClusterYear {
  name: string;
  federationIds: string[];
  formedOn: string;
  scoringRule: ScoringRule | null;
  /** Grade given to each evaluated federation. */
  evaluations: Record<string, Grade>;
}

export interface ClusterLeadership {
  leaderFederationId: string;
  deputyFederationId: string | null;
}

/** An emulation cluster (Cụm thi đua), all its years. */
export interface ClusterState {
  id: string;
  years: Record<number, ClusterYear>;
  /** Cụm trưởng / Cụm phó for each year elected; a later election for the same year supersedes. */
  leaders: Record<number, ClusterLeadership>;
}

export type ClusterCommand =
  | { type: 'FormCluster'; clusterId: string; year: number; name: string; federationIds: string[] }
  | {
      type: 'ElectClusterLeader';
      clusterId: string;
      forYear: number;
      leaderFederationId: string;
      deputyFederationId: string | null;
    }
  | {
      type: 'AdoptScoringRule';
      clusterId: string;
      year: number;
      /** Indicators left out weigh 0. */
      weights: Partial<Record<Indicator, number>>;
      tieBreak: Indicator[];
    }
  | {
      type: 'RecordEvaluation';
      clusterId: string;
      year: number;
      federationId: string;
      grade: Grade;
      rank: number | null;
    };

/** The federations the command names, by id, read by the command layer. */
export interface ClusterLookups {
  federations?: Record<string, FederationState>;
}

export const initialClusterState: ClusterState = { id: '', years: {}, leaders: {} };

export const clusterDecider: Decider<ClusterState, ClusterCommand, ClusterEvent, ClusterLookups> = {
  initialState: initialClusterState,

  evolve(state, event) {
    switch (event.type) {
      case 'ClusterFormed':
        return {
          ...state,
          id: event.data.clusterId,
          years: {
            ...state.years,
            [event.data.year]: {
              name: event.data.name,
              federationIds: event.data.federationIds,
              formedOn: event.data.occurredOn,
              scoringRule: null,
              evaluations: {},
            },
          },
        };
      case 'ClusterLeaderElected':
        return {
          ...state,
          leaders: {
            ...state.leaders,
            [event.data.forYear]: {
              leaderFederationId: event.data.leaderFederationId,
              deputyFederationId: event.data.deputyFederationId,
            },
          },
        };
      case 'ScoringRuleAdopted':
        return withYear(state, event.data.year, (year) => ({
          ...year,
          scoringRule: { weights: event.data.weights, tieBreak: event.data.tieBreak },
        }));
      case 'EvaluationRecorded':
        return withYear(state, event.data.year, (year) => ({
          ...year,
          evaluations: { ...year.evaluations, [event.data.federationId]: event.data.grade },
        }));
      default:
        return assertNever(event);
    }
  },

  decide(command, state, context, lookups) {
    assertNotInFuture(context.occurredOn, context.today);
    switch (command.type) {
      case 'FormCluster':
        return form(command, state, context, lookups);
      case 'ElectClusterLeader':
        return elect(command, state, context, lookups);
      case 'AdoptScoringRule':
        return adoptScoringRule(command, state, context);
      case 'RecordEvaluation':
        return recordEvaluation(command, state, context);
      default:
        return assertNever(command);
    }
  },
};

type CommandOf<T extends ClusterCommand['type']> = Extract<ClusterCommand, { type: T }>;

function form(
  command: CommandOf<'FormCluster'>,
  state: ClusterState,
  { occurredOn }: DecisionContext,
  lookups: ClusterLookups,
): ClusterEvent[] {
  const existing = state.years[command.year];
  if (existing) {
    throw new RuleBroken(
      'cluster.already-formed',
      `cluster '${command.clusterId}' was already formed for ${command.year} on ${existing.formedOn}`,
    );
  }
  // Clusters are formed at the start of their year, or at the end of the year before; late records allowed a year.
  const recordedIn = yearOf(occurredOn);
  if (!Number.isInteger(command.year) || command.year < recordedIn - 1 || command.year > recordedIn + 1) {
    throw new RuleBroken(
      'cluster.year',
      `a cluster formed on ${occurredOn} can be for ${recordedIn - 1}, ${recordedIn} or ${recordedIn + 1}, ` +
        `not ${command.year}`,
    );
  }
  const duplicate = command.federationIds.find((id, index) => command.federationIds.indexOf(id) !== index);
  if (duplicate !== undefined) {
    throw new RuleBroken('cluster.duplicate-federation', `federation '${duplicate}' is listed more than once`);
  }
  if (command.federationIds.length < 2) {
    throw new RuleBroken(
      'cluster.too-few-federations',
      `a cluster needs at least 2 federations to compete, got ${command.federationIds.length}`,
    );
  }
  const named = command.federationIds.map((id) => assertFederationActiveOn(lookups.federations?.[id], id, occurredOn));
  for (const { id, clusters } of named) {
    const competing = clusters[String(command.year)];
    if (competing !== undefined && competing !== command.clusterId) {
      throw new RuleBroken(
        'cluster.federation-in-another-cluster',
        `federation '${id}' already competes in cluster '${competing}' for ${command.year}: a federation competes in ` +
          'at most one cluster a year',
      );
    }
  }
  return [
    {
      type: 'ClusterFormed',
      data: {
        occurredOn,
        clusterId: command.clusterId,
        year: command.year,
        name: command.name,
        federationIds: command.federationIds,
      },
    },
  ];
}

function elect(
  command: CommandOf<'ElectClusterLeader'>,
  state: ClusterState,
  { occurredOn }: DecisionContext,
  lookups: ClusterLookups,
): ClusterEvent[] {
  const latest = latestFormedYear(state, command.clusterId);
  assertNotBefore(occurredOn, earliestFormation(state), `cluster '${command.clusterId}'`);
  // Elected for the year being formed or the next one; never for a year already superseded.
  const last = Math.max(latest, yearOf(occurredOn) + 1);
  if (!Number.isInteger(command.forYear) || command.forYear < latest || command.forYear > last) {
    throw new RuleBroken(
      'cluster.election-year',
      `a leader elected on ${occurredOn} can be for ${latest} to ${last} (the latest year formed and the next), ` +
        `not ${command.forYear}`,
    );
  }
  if (command.leaderFederationId === command.deputyFederationId) {
    throw new RuleBroken(
      'cluster.leader-is-deputy',
      `federation '${command.leaderFederationId}' cannot be both leader and deputy of the cluster`,
    );
  }
  // Members of the year elected for, or of the latest year when that year is not formed yet.
  const year = state.years[command.forYear] ? command.forYear : latest;
  const candidates = [command.leaderFederationId, command.deputyFederationId].filter((id): id is string => id !== null);
  for (const id of candidates) {
    assertFederationActiveOn(lookups.federations?.[id], id, occurredOn);
    assertMember(state, command.clusterId, year, id);
  }
  const current = state.leaders[command.forYear];
  if (
    current?.leaderFederationId === command.leaderFederationId &&
    current.deputyFederationId === command.deputyFederationId
  ) {
    throw new RuleBroken(
      'cluster.leader-unchanged',
      `'${command.leaderFederationId}' is already the elected leader for ${command.forYear}, with the same deputy`,
    );
  }
  return [
    {
      type: 'ClusterLeaderElected',
      data: {
        occurredOn,
        clusterId: command.clusterId,
        forYear: command.forYear,
        leaderFederationId: command.leaderFederationId,
        deputyFederationId: command.deputyFederationId,
      },
    },
  ];
}

function adoptScoringRule(
  command: CommandOf<'AdoptScoringRule'>,
  state: ClusterState,
  { occurredOn }: DecisionContext,
): ClusterEvent[] {
  const year = formedYear(state, command.clusterId, command.year);
  assertNotBefore(occurredOn, year.formedOn, `cluster '${command.clusterId}' for ${command.year}`);
  const unknown = Object.keys(command.weights).filter((key) => !isIndicator(key));
  if (unknown.length > 0) {
    throw new RuleBroken(
      'scoring-rule.weight',
      `unknown indicators ${unknown.join(', ')}; weights may name ${INDICATORS.join(', ')}`,
    );
  }
  const weights = weightsOf(command.weights);
  for (const indicator of INDICATORS) {
    const weight = weights[indicator];
    if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
      throw new RuleBroken(
        'scoring-rule.weight',
        `weight of ${indicator} must be a whole number from 0 to ${MAX_WEIGHT}, got ${String(weight)}`,
      );
    }
  }
  if (INDICATORS.every((indicator) => weights[indicator] === 0)) {
    throw new RuleBroken('scoring-rule.no-weight', 'at least one indicator must weigh more than 0');
  }
  const badTieBreak = command.tieBreak.find(
    (item, index) => !isIndicator(item) || command.tieBreak.indexOf(item) !== index,
  );
  if (badTieBreak !== undefined) {
    throw new RuleBroken(
      'scoring-rule.tie-break',
      `tieBreak must list distinct indicators among ${INDICATORS.join(', ')}; '${badTieBreak}' is unknown or repeated`,
    );
  }
  const current = year.scoringRule;
  if (
    current &&
    INDICATORS.every((indicator) => current.weights[indicator] === weights[indicator]) &&
    current.tieBreak.join() === command.tieBreak.join()
  ) {
    throw new RuleBroken(
      'scoring-rule.unchanged',
      `cluster '${command.clusterId}' already ranks ${command.year} by this rule`,
    );
  }
  return [
    {
      type: 'ScoringRuleAdopted',
      data: { occurredOn, clusterId: command.clusterId, year: command.year, weights, tieBreak: command.tieBreak },
    },
  ];
}

function recordEvaluation(
  command: CommandOf<'RecordEvaluation'>,
  state: ClusterState,
  { occurredOn }: DecisionContext,
): ClusterEvent[] {
  const year = formedYear(state, command.clusterId, command.year);
  assertNotBefore(occurredOn, year.formedOn, `cluster '${command.clusterId}' for ${command.year}`);
  assertMember(state, command.clusterId, command.year, command.federationId);
  const given = year.evaluations[command.federationId];
  if (given !== undefined) {
    throw new RuleBroken(
      'evaluation.already-recorded',
      `federation '${command.federationId}' was already graded ${given} for ${command.year}`,
    );
  }
  const members = year.federationIds.length;
  if (command.rank !== null && (!Number.isInteger(command.rank) || command.rank < 1 || command.rank > members)) {
    throw new RuleBroken(
      'evaluation.rank',
      `rank must be a whole number from 1 to ${members} (the federations in the cluster for ${command.year}), ` +
        `got ${String(command.rank)}`,
    );
  }
  return [
    {
      type: 'EvaluationRecorded',
      data: {
        occurredOn,
        clusterId: command.clusterId,
        year: command.year,
        federationId: command.federationId,
        grade: command.grade,
        rank: command.rank,
      },
    },
  ];
}

function isIndicator(value: string): value is Indicator {
  return (INDICATORS as readonly string[]).includes(value);
}

function formedYears(state: ClusterState): number[] {
  return Object.keys(state.years).map(Number);
}

/** The latest year formed; a cluster with no year formed does not exist. */
function latestFormedYear(state: ClusterState, clusterId: string): number {
  const years = formedYears(state);
  if (years.length === 0) throw new NotFound('cluster', clusterId);
  return Math.max(...years);
}

function earliestFormation(state: ClusterState): string {
  return Object.values(state.years)
    .map((year) => year.formedOn)
    .reduce((a, b) => (a < b ? a : b));
}

function formedYear(state: ClusterState, clusterId: string, year: number): ClusterYear {
  const formed = state.years[year];
  if (formed) return formed;
  if (formedYears(state).length === 0) throw new NotFound('cluster', clusterId);
  throw new RuleBroken(
    'cluster.year-not-formed',
    `cluster '${clusterId}' has not been formed for ${year}; form it (its federations) first`,
  );
}

function assertMember(state: ClusterState, clusterId: string, year: number, federationId: string): void {
  if (!state.years[year].federationIds.includes(federationId)) {
    throw new RuleBroken(
      'cluster.not-a-member',
      `federation '${federationId}' is not in cluster '${clusterId}' for ${year}`,
    );
  }
}

/** Events are only recorded for formed years, so the year is always there when replaying. */
function withYear(state: ClusterState, year: number, update: (year: ClusterYear) => ClusterYear): ClusterState {
  const current = state.years[year];
  return current ? { ...state, years: { ...state.years, [year]: update(current) } } : state;
}
