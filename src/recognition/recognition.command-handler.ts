import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNever } from '../core/decider';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import {
  type CommandEnvelope,
  type CommandOutcome,
  handleCommand,
  loadState,
  loadStateOn,
} from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { memberDecider } from '../membership/member';

import { memberStream } from '../membership/membership.events';
import { federationDecider } from '../organisation/federation';
import { federationStream, unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { type AwardCommand, type AwardLookups, awardDecider } from './award';
import { type InitiativeCommand, initiativeDecider } from './initiative';
import { type AwardRecipient, awardStream, initiativeStream } from './recognition.events';

export class RecordRecognitionCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: AwardCommand | InitiativeCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Routes each recognition command to its stream. Members and unions are read as they stood on the
 * command's date, so a title is counted for the federation its recipient belonged to then.
 */
@CommandHandler(RecordRecognitionCommand)
export class RecognitionCommandHandler implements ICommandHandler<RecordRecognitionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  execute({ command, envelope }: RecordRecognitionCommand): Promise<CommandOutcome> {
    const deps = { store: this.store, now: this.now };
    switch (command.type) {
      case 'GrantAward':
        return handleCommand(deps, awardStream(command.awardId), awardDecider, command, envelope, () =>
          this.recipient(command.recipient, envelope.occurredOn),
        );
      case 'RevokeAward':
        return handleCommand(deps, awardStream(command.awardId), awardDecider, command, envelope, async () => ({}));
      case 'RecogniseInitiative':
        return handleCommand(
          deps,
          initiativeStream(command.initiativeId),
          initiativeDecider,
          command,
          envelope,
          async () => ({
            federation: await loadState(this.store, federationStream(command.federationId), federationDecider),
            union: command.unionId === null ? undefined : await this.unionOn(command.unionId, envelope.occurredOn),
          }),
        );
      default:
        return assertNever(command);
    }
  }

  private async recipient({ kind, id }: AwardRecipient, date: string): Promise<AwardLookups> {
    switch (kind) {
      case 'member': {
        // A member's federation is its union's on that date.
        const member = await loadStateOn(this.store, memberStream(id), memberDecider, date);
        return { member, union: member.unionId ? await this.unionOn(member.unionId, date) : undefined };
      }
      case 'union':
        return { union: await this.unionOn(id, date) };
      case 'federation':
        return { federation: await loadState(this.store, federationStream(id), federationDecider) };
      default:
        return assertNever(kind);
    }
  }

  private unionOn(id: string, date: string) {
    return loadStateOn(this.store, unionStream(id), unionDecider, date);
  }
}
