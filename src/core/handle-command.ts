import { createHash, randomUUID } from 'node:crypto';
import { businessDateOf } from './business-date';
import { type Decider, type DomainEvent } from './decider';
import { RuleBroken } from './domain-error';
import {
  DuplicateEventIdError,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type StoredEvent,
  type StreamAppend,
  WrongExpectedRevisionError,
} from './event-store.port';
import { datedStatesOf, type Evolver, streamStatesOf } from './stream-states';

/** Who sends a command, and why: everything that becomes event metadata. */
export interface CommandEnvelope {
  actor: string;
  occurredOn: string;
  correlationId?: string;
  causationId?: string | null;
  idempotencyKey?: string;
  reason?: string;
}

export interface CommandOutcome {
  streamId: string;
  /** Stream revision of the last event recorded. */
  revision: number;
  /** Global position of the command's own last event: pass it to queries as `consistentWith`. */
  position: number;
  events: { id: string; type: string }[];
  /** True when an `Idempotency-Key` matched an earlier request and nothing new was recorded. */
  replayed: boolean;
}

export interface CommandDeps {
  store: EventStore;
  now: () => Date;
}

/** Reused key, different request: refusing beats silently answering for another command. */
export class IdempotencyKeyReused extends RuleBroken {
  constructor(key: string) {
    super(
      'idempotency.key-reused',
      `Idempotency-Key '${key}' was already used for a different request; send a new key for a new request`,
    );
  }
}

export class ConcurrentModification extends RuleBroken {
  constructor(streamId: string) {
    super('concurrency.conflict', `${streamId} was changed by another request at the same time; retry the request`);
  }
}

/** Conflicting writers retry from a fresh read; past this many attempts the caller is told to retry. */
const MAX_ATTEMPTS = 8;

/**
 * The other streams a decision reads, each at the revision it was read at. The append is conditional on all
 * of them (one atomic multi-stream append), so a rule that spans several entities holds under concurrency:
 * if any stream read has moved by the time of the append, the whole decision is taken again.
 */
export class DecisionReads {
  private readonly revisions = new Map<string, ExpectedRevision>();

  constructor(private readonly store: EventStore) {}

  /**
   * A stream folded by its decider in recorded order — the command's own, or another it looks up — from the
   * snapshot kept of it (`stream-states.ts`): only the events recorded since are read. The decision is conditional
   * on the revision folded to.
   */
  async folded<State, Event extends DomainEvent>(streamId: string, decider: Folding<State, Event>) {
    const folded = await streamStatesOf(this.store).fold(this.store, streamId, asEvolver(decider), toDomainEvent);
    this.read(streamId, folded.revision);
    return folded;
  }

  /** Another aggregate as it is now (see `folded`). */
  async state<State, Event extends DomainEvent>(streamId: string, decider: Folding<State, Event>): Promise<State> {
    return (await this.folded(streamId, decider)).state;
  }

  /** Another aggregate as it stood on a business date (see `loadStateOn`), from the snapshot kept of it. */
  async stateOn<State, Event extends DomainEvent>(
    streamId: string,
    decider: Folding<State, Event>,
    date: string,
  ): Promise<State> {
    const { state, revision } = await datedStatesOf(this.store).stateOn(
      this.store,
      streamId,
      asEvolver(decider),
      date,
      toDomainEvent,
    );
    this.read(streamId, revision);
    return state;
  }

  /** The first read of a stream is what the decision saw: its revision (-1: none) is the append's condition. */
  private read(streamId: string, revision: number): void {
    if (!this.revisions.has(streamId)) this.revisions.set(streamId, revision < 0 ? 'no_stream' : revision);
  }

  revisionOf(streamId: string): ExpectedRevision | undefined {
    return this.revisions.get(streamId);
  }

  streams(): string[] {
    return [...this.revisions.keys()];
  }
}

/** Facts a decision records in other streams than its own (a union's roster, a federation's cluster seat). */
export interface AlsoRecorded {
  streamId: string;
  events: DomainEvent[];
}

export interface CommandPlan<State, Event extends DomainEvent, Lookups> {
  /** What the decider needs to know besides its own state, read through `reads` so the append depends on it. */
  loadLookups?: (state: State, reads: DecisionReads) => Promise<Lookups>;
  /** Events that belong in other streams, appended in the same atomic append as the command's own. */
  alsoRecord?: (events: Event[], lookups: Lookups) => AlsoRecorded[];
}

/**
 * The whole write path: read the stream → fold → decide → append with the expected revision, conditional on
 * every other stream the decision read. A concurrent writer makes the append fail; we re-read and decide
 * again, so of two conflicting commands exactly one wins and the other meets the rule it now breaks.
 */
export async function handleCommand<State, Command, Event extends DomainEvent, Lookups>(
  deps: CommandDeps,
  streamId: string,
  decider: Decider<State, Command, Event, Lookups>,
  command: Command,
  envelope: CommandEnvelope,
  plan: CommandPlan<State, Event, Lookups> | ((state: State, reads: DecisionReads) => Promise<Lookups>) = {},
): Promise<CommandOutcome> {
  for (let attempt = 1; ; attempt++) {
    const decision = await decideOnce(deps, streamId, decider, command, envelope, plan);
    if ('replayed' in decision) return decision.replayed;
    try {
      const result = await deps.store.appendToStreams(decision.appends);
      const own = result.streams[0];
      return {
        streamId,
        revision: own.lastRevision,
        // The command's own last event, as a replay of it answers; facts recorded beside it come after.
        position: decision.appends[0].events.length > 0 ? own.position : result.position,
        events: decision.appends[0].events.map(({ id, type }) => ({ id, type })),
        replayed: false,
      };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        if (attempt < MAX_ATTEMPTS) continue;
        throw new ConcurrentModification(error.streamId);
      }
      if (error instanceof DuplicateEventIdError && envelope.idempotencyKey) {
        throw new IdempotencyKeyReused(envelope.idempotencyKey);
      }
      throw error;
    }
  }
}

/**
 * The decision a command would record, stream by stream, without recording anything: a dry run. Refused
 * exactly as `handleCommand` would refuse it.
 */
export async function previewCommand<State, Command, Event extends DomainEvent, Lookups>(
  deps: CommandDeps,
  streamId: string,
  decider: Decider<State, Command, Event, Lookups>,
  command: Command,
  envelope: CommandEnvelope,
  plan: CommandPlan<State, Event, Lookups> = {},
): Promise<{ streamId: string; events: { type: string; data: Record<string, unknown> }[] }[]> {
  const decision = await decideOnce(deps, streamId, decider, command, envelope, plan);
  if ('replayed' in decision) return [];
  return decision.appends
    .filter((append) => append.events.length > 0)
    .map((append) => ({ streamId: append.streamId, events: append.events.map(({ type, data }) => ({ type, data })) }));
}

/** One read → fold → decide, as the appends it would make (the command's own stream first), or an earlier outcome. */
async function decideOnce<State, Command, Event extends DomainEvent, Lookups>(
  deps: CommandDeps,
  streamId: string,
  decider: Decider<State, Command, Event, Lookups>,
  command: Command,
  envelope: CommandEnvelope,
  plan: CommandPlan<State, Event, Lookups> | ((state: State, reads: DecisionReads) => Promise<Lookups>),
): Promise<{ appends: StreamAppend[] } | { replayed: CommandOutcome }> {
  const { loadLookups = async () => undefined as Lookups, alsoRecord } =
    typeof plan === 'function' ? { loadLookups: plan } : plan;
  const commandHash = envelope.idempotencyKey ? hashOf({ streamId, command }) : undefined;
  const reads = new DecisionReads(deps.store);
  const { state, keyed } = await reads.folded(streamId, decider);
  if (envelope.idempotencyKey) {
    const earlier = keyed.get(envelope.idempotencyKey);
    if (earlier) {
      if (earlier.commandHash !== commandHash) throw new IdempotencyKeyReused(envelope.idempotencyKey);
      return { replayed: outcomeOf(streamId, earlier.events, true) };
    }
  }

  const lookups = await loadLookups(state, reads);
  const recordedAt = deps.now();
  const decided = decider.decide(
    command,
    state,
    {
      occurredOn: envelope.occurredOn,
      today: businessDateOf(recordedAt),
    },
    lookups,
  );

  const metadata = metadataOf(envelope, recordedAt, commandHash);
  let index = 0;
  const toStored = (event: DomainEvent): EventToAppend => ({
    // Ids derived from the actor's idempotency key make a racing retry collapse into the first append,
    // and make the key's reuse for another entity collide on the id.
    id: envelope.idempotencyKey ? deterministicId(envelope.actor, envelope.idempotencyKey, index++) : randomUUID(),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata,
  });
  const appends = new Map<string, StreamAppend>([
    [streamId, { streamId, expectedRevision: reads.revisionOf(streamId)!, events: decided.map(toStored) }],
  ]);
  for (const other of decided.length > 0 && alsoRecord ? alsoRecord(decided, lookups) : []) {
    const append = appends.get(other.streamId) ?? {
      streamId: other.streamId,
      expectedRevision: reads.revisionOf(other.streamId) ?? 'any',
      events: [],
    };
    append.events.push(...other.events.map(toStored));
    appends.set(other.streamId, append);
  }
  // Every stream read and not written is a condition: the decision holds only if none has moved.
  for (const read of reads.streams()) {
    if (!appends.has(read))
      appends.set(read, { streamId: read, expectedRevision: reads.revisionOf(read)!, events: [] });
  }
  return { appends: [...appends.values()] };
}

/** A stream folded, for look-ups across aggregates: from the snapshot kept of it, reading only what is new. */
export async function loadState<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Folding<State, Event>,
): Promise<State> {
  return (await streamStatesOf(store).fold(store, streamId, asEvolver(decider), toDomainEvent)).state;
}

/**
 * An aggregate as it stood on a business date, as far as is known now: its events dated up to then,
 * in date order (a late-recorded fact lands where it belongs). When nothing is dated that early the
 * whole history is folded, so the decider can say "founded only on …" rather than "does not exist".
 * Answered from the snapshot kept of the stream (`DatedStates`) when the date is on or after its latest event's.
 */
export async function loadStateOn<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Folding<State, Event>,
  date: string,
): Promise<State> {
  return (await datedStatesOf(store).stateOn(store, streamId, asEvolver(decider), date, toDomainEvent)).state;
}

/** What folding a stream needs of its decider. */
type Folding<State, Event extends DomainEvent> = Pick<Decider<State, never, Event, never>, 'initialState' | 'evolve'>;

/** The snapshots fold stored events as plain domain events; a stream's events are its decider's. */
function asEvolver<State, Event extends DomainEvent>(decider: Folding<State, Event>): Evolver<State> {
  return decider as unknown as Evolver<State>;
}

export function toDomainEvent(event: StoredEvent): DomainEvent {
  // Older or foreign events may lack data.occurredOn; metadata always has it.
  return { type: event.type, data: { occurredOn: event.metadata.occurredOn, ...event.data } };
}

function metadataOf(envelope: CommandEnvelope, recordedAt: Date, commandHash: string | undefined): EventMetadata {
  const correlationId = envelope.correlationId ?? randomUUID();
  return {
    occurredOn: envelope.occurredOn,
    recordedAt: recordedAt.toISOString(),
    actor: envelope.actor,
    correlationId,
    causationId: envelope.causationId ?? null,
    ...(envelope.idempotencyKey ? { idempotencyKey: envelope.idempotencyKey, commandHash } : {}),
    ...(envelope.reason ? { reason: envelope.reason } : {}),
  };
}

function outcomeOf(
  streamId: string,
  events: readonly Pick<StoredEvent, 'id' | 'type' | 'revision' | 'position'>[],
  replayed: boolean,
): CommandOutcome {
  const last = events[events.length - 1];
  return {
    streamId,
    revision: last.revision,
    position: last.position,
    events: events.map(({ id, type }) => ({ id, type })),
    replayed,
  };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** A UUID-shaped id that is the same for the same actor, key and index. */
export function deterministicId(actor: string, key: string, index: number): string {
  const hex = createHash('sha256').update(`${actor}\u0000${key}\u0000${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
