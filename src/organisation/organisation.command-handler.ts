import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertNever } from '../core/decider';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import {
  type CommandEnvelope,
  type CommandOutcome,
  type CommandPlan,
  handleCommand,
  previewCommand,
} from '../core/handle-command';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { type FederationCommand, federationDecider } from './federation';
import {
  federationStream,
  type ReorganisationRecorded,
  reorganisationStream,
  unionStream,
} from './organisation.events';
import {
  changesOf,
  namedIn,
  type Reorganise,
  reorganisationDecider,
  type ReorganisationLookups,
  type ReorganisationState,
} from './reorganisation';
import { fundBookDecider } from '../funds/fund-book';
import { fundBookStream } from '../funds/funds.events';
import { fundBooksReadBy, handoversOf } from './fund-handover';
import { UNION_DIRECTORY, type UnionDirectory } from './union-directory.port';
import { type UnionCommand, unionDecider } from './union';

export class RecordOrganisationCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: FederationCommand | UnionCommand | Reorganise,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** A reorganisation's dry run: what it would record, stream by stream, refused exactly as recording it would be. */
export class PreviewReorganisation extends Command<PlannedChange[]> {
  constructor(
    readonly command: Reorganise,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

export type PlannedChange = { streamId: string; events: { type: string; data: Record<string, unknown> }[] };

/** Routes each organisation command to its stream and loads what its decider needs to look up. */
@CommandHandler(RecordOrganisationCommand)
export class OrganisationCommandHandler implements ICommandHandler<RecordOrganisationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) readonly now: Clock,
    @Inject(UNION_DIRECTORY) private readonly directory: UnionDirectory,
  ) {}

  execute({ command, envelope }: RecordOrganisationCommand): Promise<CommandOutcome> {
    const deps = { store: this.store, now: this.now };
    switch (command.type) {
      case 'Reorganise':
        return handleCommand(
          deps,
          reorganisationStream(command.reorganisationId),
          reorganisationDecider,
          command,
          envelope,
          this.reorganisationPlan(command, envelope.occurredOn),
        );
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

  /** Everything the reorganisation names, read through the decision's reads, and the unions under each ending federation. */
  reorganisationPlan(
    command: Reorganise,
    date: string,
  ): CommandPlan<ReorganisationState, ReorganisationRecorded, ReorganisationLookups> {
    return {
      loadLookups: async (_state, reads) => {
        const named = namedIn(command);
        const underEach = await Promise.all(named.ending.map((id) => this.directory.unionsOf(id, date)));
        const unionIds = [...new Set([...named.unions, ...underEach.flat()])];
        const bookIds = fundBooksReadBy(command.merges);
        const [federations, unions, books] = await Promise.all([
          Promise.all(named.federations.map((id) => reads.state(federationStream(id), federationDecider))),
          Promise.all(unionIds.map((id) => reads.state(unionStream(id), unionDecider))),
          Promise.all(bookIds.map((id) => reads.state(fundBookStream(id), fundBookDecider))),
        ]);
        return {
          federations: Object.fromEntries(named.federations.map((id, i) => [id, federations[i]])),
          unions: Object.fromEntries(unionIds.map((id, i) => [id, unions[i]])),
          unionsUnder: Object.fromEntries(named.ending.map((id, i) => [id, underEach[i]])),
          fundBooks: Object.fromEntries(bookIds.map((id, i) => [id, books[i]])),
        };
      },
      alsoRecord: ([recorded], lookups) => [...changesOf(recorded), ...handoversOf(recorded, lookups.fundBooks)],
    };
  }
}

/** Answers a reorganisation's dry run. */
@CommandHandler(PreviewReorganisation)
export class PreviewReorganisationHandler implements ICommandHandler<PreviewReorganisation> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly organisation: OrganisationCommandHandler,
  ) {}

  execute({ command, envelope }: PreviewReorganisation): Promise<PlannedChange[]> {
    return previewCommand(
      { store: this.store, now: this.organisation.now },
      reorganisationStream(command.reorganisationId),
      reorganisationDecider,
      command,
      envelope,
      this.organisation.reorganisationPlan(command, envelope.occurredOn),
    );
  }
}
