import type { StoredEvent } from '../../src/core/event-store.port';
import type { DocumentRef, Projection } from '../../src/core/projection';

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

type Data = Record<string, unknown> & { occurredOn: string };

export const clustersProjection: Projection = {
  name: 'clusters',
  version: 1,
  eventTypes: ['ClusterFormed', 'ClusterLeaderElected', 'ScoringRuleAdopted', 'EvaluationRecorded'],
  collections: { [CLUSTER_YEARS]: { indexes: [['clusterId'], ['year']] } },

  documentsOf(event: StoredEvent): DocumentRef[] {
    const d = event.data as Data;
    const year = event.type === 'ClusterLeaderElected' ? Number(d.forYear) : Number(d.year);
    return [{ collection: CLUSTER_YEARS, id: clusterYearId(String(d.clusterId), year) }];
  },

  evolve(doc: unknown, event: StoredEvent): unknown {
    const d = event.data as Data;
    const year = event.type === 'ClusterLeaderElected' ? Number(d.forYear) : Number(d.year);
    const current: ClusterYearDoc = (doc as ClusterYearDoc | null) ?? {
      clusterId: String(d.clusterId),
      year,
      name: null,
      federationIds: [],
      leader: null,
      scoringRule: null,
      evaluations: {},
    };
    switch (event.type) {
      case 'ClusterFormed':
        return { ...current, name: String(d.name), federationIds: [...(d.federationIds as string[])] };
      case 'ClusterLeaderElected':
        if (current.leader && current.leader.electedOn > d.occurredOn) return current;
        return {
          ...current,
          leader: {
            federationId: String(d.leaderFederationId),
            deputyFederationId: (d.deputyFederationId as string | null) ?? null,
            electedOn: d.occurredOn,
          },
        };
      case 'ScoringRuleAdopted':
        if (current.scoringRule && current.scoringRule.adoptedOn > d.occurredOn) return current;
        return {
          ...current,
          scoringRule: {
            weights: { ...(d.weights as Record<string, number>) },
            tieBreak: [...(d.tieBreak as string[])],
            adoptedOn: d.occurredOn,
          },
        };
      case 'EvaluationRecorded':
        return {
          ...current,
          evaluations: {
            ...current.evaluations,
            [String(d.federationId)]: {
              grade: String(d.grade),
              rank: (d.rank as number | null) ?? null,
              recordedOn: d.occurredOn,
            },
          },
        };
      default:
        return current;
    }
  },
};
