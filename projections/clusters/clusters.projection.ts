import { defineProjection } from '../../src/core/projection';
import type { ClusterEvent } from '../../src/clusters/clusters.events';

/**
 * Emulation clusters (Cụm thi đua), one document per cluster and year: who competes, the leader and
 * deputy elected for that year, the scoring rule adopted, and the grades the cluster conference gave.
 * Choices that can be revised (leader, scoring rule) keep the date they were made: the latest dated
 * one wins, whatever order they were recorded in.
 */
export interface ClusterYearDoc {
  clusterId: string;
  year: number;
  name: string | null;
  federationIds: string[];
  leader: { federationId: string; deputyFederationId: string | null; electedOn: string } | null;
  scoringRule: { weights: Record<string, number>; tieBreak: string[]; adoptedOn: string } | null;
  evaluations: Record<string, { grade: string; rank: number | null; recordedOn: string }>;
}

export const CLUSTER_YEARS = 'cluster_years';
export const clusterYearId = (clusterId: string, year: number) => `${clusterId}:${year}`;

/** The year a cluster event is about: a leader is elected for the following year, everything else names it. */
const yearOf = (event: ClusterEvent) => (event.type === 'ClusterLeaderElected' ? event.data.forYear : event.data.year);

export const clustersProjection = defineProjection<ClusterEvent, ClusterYearDoc>({
  name: 'clusters',
  version: 1,
  eventTypes: { ClusterFormed: true, ClusterLeaderElected: true, ScoringRuleAdopted: true, EvaluationRecorded: true },
  collections: { [CLUSTER_YEARS]: { indexes: [['clusterId'], ['year']] } },

  documentsOf(event) {
    return [{ collection: CLUSTER_YEARS, id: clusterYearId(event.data.clusterId, yearOf(event)) }];
  },

  evolve(doc, event) {
    const d = event.data;
    const current: ClusterYearDoc = doc ?? {
      clusterId: d.clusterId,
      year: yearOf(event),
      name: null,
      federationIds: [],
      leader: null,
      scoringRule: null,
      evaluations: {},
    };
    switch (event.type) {
      case 'ClusterFormed':
        return { ...current, name: event.data.name, federationIds: [...event.data.federationIds] };
      case 'ClusterLeaderElected':
        if (current.leader && current.leader.electedOn > d.occurredOn) return current;
        return {
          ...current,
          leader: {
            federationId: event.data.leaderFederationId,
            deputyFederationId: event.data.deputyFederationId ?? null,
            electedOn: d.occurredOn,
          },
        };
      case 'ScoringRuleAdopted':
        if (current.scoringRule && current.scoringRule.adoptedOn > d.occurredOn) return current;
        return {
          ...current,
          scoringRule: {
            weights: { ...event.data.weights },
            tieBreak: [...event.data.tieBreak],
            adoptedOn: d.occurredOn,
          },
        };
      case 'EvaluationRecorded':
        return {
          ...current,
          evaluations: {
            ...current.evaluations,
            [event.data.federationId]: {
              grade: event.data.grade,
              rank: event.data.rank ?? null,
              recordedOn: d.occurredOn,
            },
          },
        };
    }
  },
});
