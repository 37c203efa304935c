import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNever } from '../core/decider';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { type CommandEnvelope, type CommandOutcome, handleCommand, loadState } from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { federationDecider, type FederationState } from '../organisation/federation';
import { federationStream } from '../organisation/organisation.events';
import { type ClusterCommand, clusterDecider, type ClusterLookups } from './cluster';
import { clusterStream } from './clusters.events';

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
      () => this.federations(namedFederations(command)),
    );
  }

  private async federations(ids: string[]): Promise<ClusterLookups> {
    const distinct = [...new Set(ids)];
    const states = await Promise.all(
      distinct.map((id) => loadState(this.store, federationStream(id), federationDecider)),
    );
    return { federations: Object.fromEntries(distinct.map((id, i): [string, FederationState] => [id, states[i]])) };
  }
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
