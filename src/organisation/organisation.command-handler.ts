import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNever } from '../core/decider';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { type CommandEnvelope, type CommandOutcome, handleCommand } from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { type FederationCommand, federationDecider } from './federation';
import { federationStream, unionStream } from './organisation.events';
import { type UnionCommand, unionDecider } from './union';

export class RecordOrganisationCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: FederationCommand | UnionCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** Routes each organisation command to its stream and loads what its decider needs to look up. */
@CommandHandler(RecordOrganisationCommand)
export class OrganisationCommandHandler implements ICommandHandler<RecordOrganisationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  execute({ command, envelope }: RecordOrganisationCommand): Promise<CommandOutcome> {
    const deps = { store: this.store, now: this.now };
    switch (command.type) {
      case 'RegisterFederation':
      case 'MergeFederation': {
        const otherId = command.type === 'RegisterFederation' ? command.parentId : command.intoFederationId;
        return handleCommand(
          deps,
          federationStream(command.federationId),
          federationDecider,
          command,
          envelope,
          async (_state, reads) => ({
            other: otherId === null ? undefined : await reads.state(federationStream(otherId), federationDecider),
          }),
        );
      }
      case 'RenameFederation':
      case 'DissolveFederation':
      case 'SetDevelopmentTarget':
      case 'ReportWorkforce':
        return handleCommand(
          deps,
          federationStream(command.federationId),
          federationDecider,
          command,
          envelope,
          async () => ({}),
        );
      case 'FoundUnion':
        return handleCommand(deps, unionStream(command.unionId), unionDecider, command, envelope, async (_, reads) => ({
          federation: await reads.state(federationStream(command.federationId), federationDecider),
        }));
      case 'TransferUnion':
        return handleCommand(deps, unionStream(command.unionId), unionDecider, command, envelope, async (_, reads) => ({
          federation: await reads.state(federationStream(command.toFederationId), federationDecider),
        }));
      case 'DissolveUnion':
        return handleCommand(deps, unionStream(command.unionId), unionDecider, command, envelope, async () => ({}));
      default:
        return assertNever(command);
    }
  }
}
