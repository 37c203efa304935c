import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { type CommandEnvelope, type CommandOutcome, handleCommand, loadStateOn } from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { democracyStream } from './democracy.events';
import { type WorkplaceDemocracyCommand, workplaceDemocracyDecider } from './workplace-democracy';

export class RecordDemocracyCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: WorkplaceDemocracyCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** Routes each command to the union's democracy stream, with the union as it stood on the business date. */
@CommandHandler(RecordDemocracyCommand)
export class DemocracyCommandHandler implements ICommandHandler<RecordDemocracyCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  execute({ command, envelope }: RecordDemocracyCommand): Promise<CommandOutcome> {
    return handleCommand(
      { store: this.store, now: this.now },
      democracyStream(command.unionId),
      workplaceDemocracyDecider,
      command,
      envelope,
      async () => ({
        union: await loadStateOn(this.store, unionStream(command.unionId), unionDecider, envelope.occurredOn),
      }),
    );
  }
}
