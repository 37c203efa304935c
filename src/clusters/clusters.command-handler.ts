import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNever } from '../core/decider';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import {
  type AlsoRecorded,
  type CommandEnvelope,
  type CommandOutcome,
  type DecisionReads,
  handleCommand,
} from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { federationDecider, type FederationState } from '../organisation/federation';
import { federationStream } from '../organisation/organisation.events';
import { type ClusterCommand, clusterDecider, type ClusterLookups } from './cluster';
import { type ClusterEvent, clusterStream } from './clusters.events';

export class RecordClusterCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: ClusterCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** Routes each cluster command to the cluster's stream and loads the federations it names. */
@CommandHandler(RecordClusterCommand)
export class ClustersCommandHandler implements ICommandHandler<RecordClusterCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  execute({ command, envelope }: RecordClusterCommand): Promise<CommandOutcome> {
    return handleCommand(
      { store: this.store, now: this.now },
      clusterStream(command.clusterId),
      clusterDecider,
      command,
      envelope,
      {
        // Each federation is read through the decision's reads, and its seat for the year recorded in its own
        // stream in the same append: two clusters formed at once cannot both take the same federation.
        loadLookups: (_state, reads) => federations(reads, namedFederations(command)),
        alsoRecord: seatsTaken,
      },
    );
  }
}

async function federations(reads: DecisionReads, ids: string[]): Promise<ClusterLookups> {
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

/** The federations whose existence and activity the decider checks. */
function namedFederations(command: ClusterCommand): string[] {
  switch (command.type) {
    case 'FormCluster':
      return command.federationIds;
    case 'ElectClusterLeader':
      return command.deputyFederationId === null
        ? [command.leaderFederationId]
        : [command.leaderFederationId, command.deputyFederationId];
    case 'AdoptScoringRule':
    case 'RecordEvaluation':
      // Membership of the year is enough: a federation merged since can still be graded for a past year.
      return [];
    default:
      return assertNever(command);
  }
}
