import { Inject } from '@nestjs/common';
import { Command, type CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import type { CommandEnvelope, CommandOutcome } from '../core/handle-command';
import type { CommandResponseDto } from '../http/command-response.dto';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { UNION_DIRECTORY, type UnionDirectory } from '../organisation/union-directory.port';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../privacy/personal-data-keys.port';
import { type AnyCommand, entryFor } from './all-commands';
import { type PlannedChange, previewByEntry, recordByEntry } from './command-table';

/**
 * One command bus message for every command, and one handler that records it as its table entry says.
 * The bus is kept (rather than controllers calling `recordByEntry` themselves) because it is the one door
 * metrics and spans wrap (`instrumentCommandBus`) and the one the demo seed and the benchmark send through
 * without HTTP; it holds no logic of its own.
 */
export class RecordCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: AnyCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** A dry run: what the command would record, stream by stream, refused exactly as recording it would be. */
export class PreviewCommand extends Command<PlannedChange[]> {
  constructor(
    readonly command: AnyCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

abstract class TableCommandHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly now: Clock,
    @Inject(UNION_DIRECTORY) private readonly directory: UnionDirectory,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
  ) {}

  protected get deps() {
    const { store, now, directory, keys } = this;
    return { store, now, services: { store, directory, keys } };
  }
}

@CommandHandler(RecordCommand)
export class RecordCommandHandler extends TableCommandHandler implements ICommandHandler<RecordCommand> {
  execute({ command, envelope }: RecordCommand): Promise<CommandOutcome> {
    return recordByEntry(this.deps, entryFor(command), command, envelope);
  }
}

@CommandHandler(PreviewCommand)
export class PreviewCommandHandler extends TableCommandHandler implements ICommandHandler<PreviewCommand> {
  execute({ command, envelope }: PreviewCommand): Promise<PlannedChange[]> {
    return previewByEntry(this.deps, entryFor(command), command, envelope);
  }
}

/** What a command route answers: the entity it was about, and where its events landed. */
export async function record(
  bus: CommandBus,
  id: string,
  envelope: CommandEnvelope,
  command: AnyCommand,
): Promise<CommandResponseDto> {
  return { id, ...(await bus.execute(new RecordCommand(command, envelope))) };
}
