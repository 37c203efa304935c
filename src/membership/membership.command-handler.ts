import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNever } from '../core/decider';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { type CommandEnvelope, type CommandOutcome, handleCommand, loadStateOn } from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/event-store.module';
import { unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { type MemberCommand, memberDecider } from './member';
import { memberStream } from './membership.events';

export class RecordMembershipCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: MemberCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Routes each membership command to the member's stream. The unions are read as they stood on the
 * command's date, so the federation recorded in the event is the one the union belonged to then.
 */
@CommandHandler(RecordMembershipCommand)
export class MembershipCommandHandler implements ICommandHandler<RecordMembershipCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  execute({ command, envelope }: RecordMembershipCommand): Promise<CommandOutcome> {
    const deps = { store: this.store, now: this.now };
    const union = (id: string) => loadStateOn(this.store, unionStream(id), unionDecider, envelope.occurredOn);
    const stream = memberStream(command.memberId);
    switch (command.type) {
      case 'JoinMember':
        return handleCommand(deps, stream, memberDecider, command, envelope, async () => ({
          targetUnion: await union(command.unionId),
        }));
      case 'TransferMember':
        // The member's current union is known only once its history is folded.
        return handleCommand(deps, stream, memberDecider, command, envelope, async (member) => ({
          currentUnion: member.unionId ? await union(member.unionId) : undefined,
          targetUnion: await union(command.toUnionId),
        }));
      case 'RecordMemberLeft':
        return handleCommand(deps, stream, memberDecider, command, envelope, async (member) => ({
          currentUnion: member.unionId ? await union(member.unionId) : undefined,
        }));
      default:
        return assertNever(command);
    }
  }
}
