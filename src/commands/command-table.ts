import type { CommandScope } from '../auth/command-scope';
import type { Decider, DomainEvent } from '../core/decider';
import type { EventStore } from '../core/event-store.port';
import {
  type AlsoRecorded,
  type CommandDeps,
  type CommandEnvelope,
  type CommandOutcome,
  type DecisionReads,
  handleCommand,
  previewCommand,
} from '../core/handle-command';
import type { UnionDirectory } from '../organisation/union-directory.port';
import type { PersonalDataKeys } from '../privacy/personal-data-keys.port';

/** The ports a command's look-ups and hooks may use besides the decision's own reads. */
export interface CommandServices {
  store: EventStore;
  directory: UnionDirectory;
  keys: PersonalDataKeys;
}

/** What a look-up reads with: the decision's reads, the command's business date, and the ports. */
export interface LookupContext extends CommandServices {
  reads: DecisionReads;
  /** The command's business date (`occurredOn`). */
  date: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- one table holds entries of many deciders; each entry is typed where it is written */

/**
 * Everything the command path needs to know about one command type, in one place: the stream it is recorded
 * in, the decider that takes the decision, what the decider must look up in other streams, the facts it
 * records beside its own, and which federations a recorder must hold to send it (read by the auth guard).
 */
export interface CommandEntry<Command, State = any, Event extends DomainEvent = any, Lookups = any> {
  /** Which federations the command touches, read from the raw request by the auth guard before validation. */
  scope: CommandScope;
  stream: (command: Command) => string;
  decider: Decider<State, Command, Event, Lookups>;
  /**
   * What the decider needs besides its own state. Read through `look.reads`, the append is conditional on each
   * stream read (a cross-entity rule then holds under concurrency); `look.store` reads without that condition.
   */
  lookups?: (command: Command, state: State, look: LookupContext) => Promise<Lookups>;
  /** Facts recorded in other streams in the same atomic append (a union's roster, a federation's seat). */
  alsoRecord?: (events: Event[], lookups: Lookups) => AlsoRecorded[];
  /** Rewrites the command and its decider before deciding, e.g. to seal personal data before it is hashed. */
  prepare?: (
    command: Command,
    services: CommandServices,
  ) => Promise<{ command: unknown; decider: Decider<State, any, any, Lookups> }>;
  /** Runs once the command is recorded (or replayed), e.g. destroying a forgotten member's key. */
  afterRecorded?: (command: Command, services: CommandServices) => Promise<unknown>;
}

/** One entry per command type of a context: a missing or an extra type fails to compile. */
export type CommandTable<Command extends { type: string }> = {
  [Type in Command['type']]: CommandEntry<Extract<Command, { type: Type }>>;
};

/* eslint-enable @typescript-eslint/no-explicit-any */

type Deps = CommandDeps & { services: CommandServices };

/** Records a command as its table entry says: the one path from a route to the append. */
export async function recordByEntry<Command>(
  deps: Deps,
  entry: CommandEntry<Command>,
  command: Command,
  envelope: CommandEnvelope,
): Promise<CommandOutcome> {
  const { decider, decided } = await prepared(deps.services, entry, command);
  const plan = planOf(deps.services, entry, command, envelope.occurredOn);
  const outcome = await handleCommand(deps, entry.stream(command), decider, decided, envelope, plan);
  await entry.afterRecorded?.(command, deps.services);
  return outcome;
}

/** What a command would record, stream by stream, without recording it; refused as recording it would be. */
export async function previewByEntry<Command>(
  deps: Deps,
  entry: CommandEntry<Command>,
  command: Command,
  envelope: CommandEnvelope,
): Promise<PlannedChange[]> {
  const { decider, decided } = await prepared(deps.services, entry, command);
  const plan = planOf(deps.services, entry, command, envelope.occurredOn);
  return previewCommand(deps, entry.stream(command), decider, decided, envelope, plan);
}

export type PlannedChange = { streamId: string; events: { type: string; data: Record<string, unknown> }[] };

async function prepared<Command>(services: CommandServices, entry: CommandEntry<Command>, command: Command) {
  if (!entry.prepare) return { decider: entry.decider, decided: command };
  const rewritten = await entry.prepare(command, services);
  return { decider: rewritten.decider, decided: rewritten.command };
}

function planOf<Command>(services: CommandServices, entry: CommandEntry<Command>, command: Command, date: string) {
  const { lookups, alsoRecord } = entry;
  return {
    // A decider that looks nothing up is given an empty record, never undefined.
    loadLookups: (state: unknown, reads: DecisionReads) =>
      lookups ? lookups(command, state, { ...services, reads, date }) : Promise.resolve({}),
    alsoRecord,
  };
}
