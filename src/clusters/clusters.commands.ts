import { cluster, type CommandScope, field, idIn, malformed, optionalBodyId, pathId } from '../auth/command-scope';
import type { CommandEntry, CommandTable, LookupContext } from '../commands/command-table';
import type { AlsoRecorded } from '../core/handle-command';
import { federationDecider, type FederationState } from '../organisation/federation';
import { federationStream } from '../organisation/organisation.events';
import { type ClusterCommand, clusterDecider, type ClusterLookups } from './cluster';
import { MAX_CLUSTER_FEDERATIONS } from './clusters.dto';
import { type ClusterEvent, clusterStream } from './clusters.events';

/** Leaders, scoring rules, evaluations: a cluster spans districts, so every federation in it. */
const clusterInPath: CommandScope = async (input, organisation) =>
  cluster(organisation, pathId(input, 'id'), [
    optionalBodyId(input, 'leaderFederationId'),
    optionalBodyId(input, 'deputyFederationId'),
    optionalBodyId(input, 'federationId'),
  ]);

const inTheCluster: CommandEntry<ClusterCommand> = {
  scope: clusterInPath,
  stream: (command) => clusterStream(command.clusterId),
  decider: clusterDecider,
  // Membership of the year is enough: a federation merged since can still be graded for a past year.
  lookups: (_command, _state, look) => federations(look, []),
};

export const clustersCommands: CommandTable<ClusterCommand> = {
  FormCluster: {
    ...inTheCluster,
    /** Forming a cluster year: every federation named, and every one already in the cluster. */
    scope: async (input, organisation) => {
      const named = field(input.body, 'federationIds');
      if (!Array.isArray(named) || named.length === 0 || named.length > MAX_CLUSTER_FEDERATIONS) {
        malformed(`federationIds must be an array of 1 to ${MAX_CLUSTER_FEDERATIONS} federation ids`);
      }
      return cluster(
        organisation,
        pathId(input, 'id'),
        named.map((id, index) => idIn(id, `federationIds[${index}]`)),
      );
    },
    // Each federation is read through the decision's reads, and its seat for the year recorded in its own
    // stream in the same append: two clusters formed at once cannot both take the same federation.
    lookups: (command, _state, look) => federations(look, command.federationIds),
    alsoRecord: seatsTaken,
  },
  ElectClusterLeader: {
    ...inTheCluster,
    lookups: (command, _state, look) =>
      federations(
        look,
        command.deputyFederationId === null
          ? [command.leaderFederationId]
          : [command.leaderFederationId, command.deputyFederationId],
      ),
  },
  AdoptScoringRule: inTheCluster,
  RecordEvaluation: inTheCluster,
};

/** The federations whose existence and activity the decider checks. */
async function federations({ reads }: LookupContext, ids: string[]): Promise<ClusterLookups> {
  const distinct = [...new Set(ids)];
  const states = await Promise.all(distinct.map((id) => reads.state(federationStream(id), federationDecider)));
  return { federations: Object.fromEntries(distinct.map((id, i): [string, FederationState] => [id, states[i]])) };
}

/** A cluster formed for a year gives each of its federations that year's seat. */
function seatsTaken(events: ClusterEvent[]): AlsoRecorded[] {
  return events.flatMap((event) =>
    event.type === 'ClusterFormed'
      ? event.data.federationIds.map((federationId) => ({
          streamId: federationStream(federationId),
          events: [
            {
              type: 'FederationEnteredCluster',
              data: {
                occurredOn: event.data.occurredOn,
                federationId,
                clusterId: event.data.clusterId,
                year: event.data.year,
              },
            },
          ],
        }))
      : [],
  );
}
