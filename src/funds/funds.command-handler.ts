import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { type CommandEnvelope, type CommandOutcome, handleCommand } from '../core/handle-command';
import { memberDecider } from '../membership/member';
import { memberStream } from '../membership/membership.events';
import { unionDecider } from '../organisation/union';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { federationDecider } from '../organisation/federation';
import { federationStream, unionStream } from '../organisation/organisation.events';
import { type FundBookCommand, fundBookDecider, namedParty } from './fund-book';
import { fundBookStream } from './funds.events';

export class RecordFundsCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: FundBookCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Every funds command goes to its federation's one fund book stream, so a transfer between two funds is one
 * atomic append, and two clerks spending the same money at once meet the optimistic concurrency check.
 */
@CommandHandler(RecordFundsCommand)
export class FundsCommandHandler implements ICommandHandler<RecordFundsCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  execute({ command, envelope }: RecordFundsCommand): Promise<CommandOutcome> {
    return handleCommand(
      { store: this.store, now: this.now },
      fundBookStream(command.federationId),
      fundBookDecider,
      command,
      envelope,
      async (_book, reads) => {
        const party = namedParty(command);
        const date = envelope.occurredOn;
        return {
          federation: await reads.state(federationStream(command.federationId), federationDecider),
          union: party?.kind === 'union' ? await reads.stateOn(unionStream(party.id), unionDecider, date) : undefined,
          member:
            party?.kind === 'member' ? await reads.stateOn(memberStream(party.id), memberDecider, date) : undefined,
        };
      },
    );
  }
}
