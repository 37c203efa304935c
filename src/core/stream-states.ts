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

/** What a snapshot folds with: a decider's initial state and `evolve`, over stored events as domain events. */
export type Evolver<State> = Pick<Decider<State, never, DomainEvent, never>, 'initialState' | 'evolve'>;

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

  get size(): number {
    return this.entries.size;
  }

  private remember(streamId: string, decider: Evolver<unknown>, folded: FoldedStream<unknown>): void {
    keepLatest(this.entries, this.capacity, streamId, { decider, folded }, (entry) => entry.folded.revision);
  }
}

/**
 * Keeps a stream's fold as the one used last, unless a fold further on by the same decider is kept (two commands
 * on one stream at once: the later fold stays); past `capacity`, the one used least recently goes.
 */
function keepLatest<Kept extends { decider: Evolver<unknown> }>(
  entries: Map<string, Kept>,
  capacity: number,
  streamId: string,
  entry: Kept,
  revisionOf: (entry: Kept) => number,
): void {
  const known = entries.get(streamId);
  if (known && known.decider === entry.decider && revisionOf(known) > revisionOf(entry)) return;
  entries.delete(streamId);
  entries.set(streamId, entry);
  if (entries.size > capacity) entries.delete(entries.keys().next().value!);
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

/** A stream folded in date order (see `foldOnDate`) up to a revision, with the latest business date in it. */
interface DatedEntry {
  decider: Evolver<unknown>;
  state: unknown;
  revision: number;
  /** The latest `occurredOn` of the stream's events; null while it has none. */
  latestDate: string | null;
}

/**
 * The look-ups' snapshots: a stream as it stood on a business date (a join checks its union as it stood on the
 * join's date). Folding "as it stood on a date" takes the events dated up to then, in date order, so a snapshot
 * of the whole stream in date order answers every date on or after its latest event's: the usual case, a
 * command dated today about an entity whose history is older. The next look-up reads only the events recorded
 * since and folds them on while each is dated on or after the latest so far (in date order they come last). A
 * back-dated event, or a date before the latest, is answered from the whole stream, as without a snapshot.
 */
export class DatedStates {
  private readonly entries = new Map<string, DatedEntry>();

  constructor(private readonly capacity = STREAM_STATES_CAPACITY) {}

  /** The stream's state on `date` and the revision it was read to (-1: the stream does not exist). */
  async stateOn<State>(
    store: EventStore,
    streamId: string,
    decider: Evolver<State>,
    date: string,
    toDomainEvent: (event: StoredEvent) => DomainEvent,
  ): Promise<{ state: State; revision: number }> {
    const { entry, history } = await this.current(store, streamId, decider as Evolver<unknown>, toDomainEvent);
    if (entry.latestDate === null || date >= entry.latestDate) {
      return { state: entry.state as State, revision: entry.revision };
    }
    // A date before the latest event: the events dated up to it, from the whole stream (read once).
    const events = history ?? (await store.readStream(streamId, 0, entry.revision + 1)).map(toDomainEvent);
    return { state: foldOnDate(decider, events, date), revision: entry.revision };
  }

  /**
   * The stream's snapshot brought up to date: the new events folded on, or, with none kept or a back-dated event
   * among the new ones (in date order it lands among the older ones), the whole stream folded again — then with
   * the history it read.
   */
  private async current(
    store: EventStore,
    streamId: string,
    decider: Evolver<unknown>,
    toDomainEvent: (event: StoredEvent) => DomainEvent,
  ): Promise<{ entry: DatedEntry; history?: DomainEvent[] }> {
    const known = this.entries.get(streamId);
    if (known && known.decider === decider) {
      const tail = await store.readStream(streamId, known.revision + 1);
      const entry =
        tail.length === 0 ? known : foldedInOrder(known, tail.map(toDomainEvent), tail[tail.length - 1].revision);
      if (entry) {
        this.remember(streamId, entry);
        return { entry };
      }
    }
    const stored = await store.readStream(streamId);
    const history = stored.map(toDomainEvent);
    const entry = wholeStream(decider, history, stored.length > 0 ? stored[stored.length - 1].revision : -1);
    this.remember(streamId, entry);
    return { entry, history };
  }

  private remember(streamId: string, entry: DatedEntry): void {
    keepLatest(this.entries, this.capacity, streamId, entry, (kept) => kept.revision);
  }
}

/** The entry with `events` folded on, or null when one of them is dated before the latest so far. */
function foldedInOrder(entry: DatedEntry, events: readonly DomainEvent[], revision: number): DatedEntry | null {
  let { state, latestDate } = entry;
  for (const event of events) {
    const date = event.data.occurredOn;
    if (latestDate !== null && date < latestDate) return null;
    state = entry.decider.evolve(state, event);
    latestDate = date;
  }
  return { decider: entry.decider, state, revision, latestDate };
}

function wholeStream(decider: Evolver<unknown>, history: readonly DomainEvent[], revision: number): DatedEntry {
  let latestDate: string | null = null;
  for (const { data } of history) if (latestDate === null || data.occurredOn > latestDate) latestDate = data.occurredOn;
  return { decider, state: foldOnDate(decider, history, null), revision, latestDate };
}

/**
 * A stream as it stood on a business date, as far as is known now: its events dated up to then, in date order
 * (a late-recorded fact lands where it belongs; events of one day keep the order they were recorded in). When
 * nothing is dated that early the whole history is folded, so the decider can say "founded only on …" rather
 * than "does not exist". `date` null: every event.
 */
export function foldOnDate<State>(
  decider: Evolver<State>,
  history: readonly DomainEvent[],
  date: string | null,
): State {
  const upToDate = history
    .filter((event) => date === null || event.data.occurredOn <= date)
    // Array sort is stable: events of the same day keep the order they were recorded in.
    .sort((a, b) => (a.data.occurredOn < b.data.occurredOn ? -1 : a.data.occurredOn > b.data.occurredOn ? 1 : 0));
  return (upToDate.length > 0 ? upToDate : history).reduce(decider.evolve, decider.initialState);
}

interface StatesOfStore {
  folded: StreamStates;
  dated: DatedStates;
}

const perStore = new WeakMap<EventStore, StatesOfStore>();

function statesOf(store: EventStore): StatesOfStore {
  let states = perStore.get(store);
  if (!states) perStore.set(store, (states = { folded: new StreamStates(), dated: new DatedStates() }));
  return states;
}

/** The snapshots kept for a store: one set per store object, so a new store starts with none. */
export function streamStatesOf(store: EventStore): StreamStates {
  return statesOf(store).folded;
}

/** The look-ups' snapshots kept for a store (see `DatedStates`). */
export function datedStatesOf(store: EventStore): DatedStates {
  return statesOf(store).dated;
}
