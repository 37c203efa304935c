import type { Decider, DomainEvent } from './decider';
import type { EventStore, StoredEvent } from './event-store.port';

/** What an earlier request with an `Idempotency-Key` recorded: enough to answer its replay. */
export interface KeyedOutcome {
  commandHash: string | undefined;
  events: Pick<StoredEvent, 'id' | 'type' | 'revision' | 'position'>[];
}

/** A stream folded by a decider up to a revision (-1: the stream does not exist). */
export interface FoldedStream<State> {
  state: State;
  revision: number;
  /** The events recorded under an idempotency key, by key. */
  keyed: ReadonlyMap<string, KeyedOutcome>;
}

type Evolver<State> = Pick<Decider<State, never, DomainEvent, never>, 'initialState' | 'evolve'>;

interface Entry {
  decider: Evolver<unknown>;
  folded: FoldedStream<unknown>;
}

/** Streams kept folded per store; the least recently used go first past this many. */
export const STREAM_STATES_CAPACITY = 5_000;

/**
 * The command side's snapshots: each stream a command decided on, folded by its decider, kept in memory with
 * the revision it was folded to. The next command on the stream reads only the events recorded since (by any
 * writer, in this process or another) and folds them on: a fund book thousands of entries long costs a
 * command what a short stream does. The append stays conditional on the revision read, so a snapshot never
 * decides on stale state: a writer that moved the stream in between makes the append fail and the command
 * decide again, from the new events.
 *
 * Sound because deciders are pure folds (`evolve` returns a new state and never mutates the old one), so
 * folding the tail onto the snapshot gives the state folding the whole stream gives.
 */
export class StreamStates {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = STREAM_STATES_CAPACITY) {}

  async fold<State>(
    store: EventStore,
    streamId: string,
    decider: Evolver<State>,
    toDomainEvent: (event: StoredEvent) => DomainEvent,
  ): Promise<FoldedStream<State>> {
    const known = this.entries.get(streamId);
    const base: FoldedStream<State> =
      known && known.decider === (decider as Evolver<unknown>)
        ? (known.folded as FoldedStream<State>)
        : { state: decider.initialState, revision: -1, keyed: new Map() };
    const tail = await store.readStream(streamId, base.revision + 1);
    const folded = tail.length === 0 ? base : foldOn(base, tail, decider, toDomainEvent);
    this.remember(streamId, decider as Evolver<unknown>, folded as FoldedStream<unknown>);
    return folded;
  }

  /** Forgets every snapshot (tests; a store replaced under the service). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(streamId: string, decider: Evolver<unknown>, folded: FoldedStream<unknown>): void {
    const known = this.entries.get(streamId);
    // Two commands on one stream at once: keep the later fold.
    if (known && known.decider === decider && known.folded.revision > folded.revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { decider, folded });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

function foldOn<State>(
  base: FoldedStream<State>,
  tail: readonly StoredEvent[],
  decider: Evolver<State>,
  toDomainEvent: (event: StoredEvent) => DomainEvent,
): FoldedStream<State> {
  let state = base.state;
  let keyed: Map<string, KeyedOutcome> | null = null;
  for (const event of tail) {
    state = decider.evolve(state, toDomainEvent(event));
    const key = event.metadata.idempotencyKey;
    if (key === undefined) continue;
    keyed ??= new Map(base.keyed);
    const { id, type, revision, position } = event;
    const earlier = keyed.get(key);
    keyed.set(key, {
      commandHash: earlier?.commandHash ?? event.metadata.commandHash,
      events: [...(earlier?.events ?? []), { id, type, revision, position }],
    });
  }
  return { state, revision: tail[tail.length - 1].revision, keyed: keyed ?? base.keyed };
}

const perStore = new WeakMap<EventStore, StreamStates>();

/** The snapshots kept for a store: one set per store object, so a new store starts with none. */
export function streamStatesOf(store: EventStore): StreamStates {
  let states = perStore.get(store);
  if (!states) perStore.set(store, (states = new StreamStates()));
  return states;
}
