/**
 * A decider is the whole write-side model of one aggregate, as pure functions:
 * fold past events into state with `evolve`, then `decide` what a command produces.
 * Nothing here touches the clock, a database or NestJS: time and look-ups come in as arguments.
 */
/** One fact, past tense. Its business date travels inside, as `data.occurredOn` (`YYYY-MM-DD`). */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data & { occurredOn: string };
}

/** A command asking for exactly one event's facts; its business date comes apart, with the context. */
export type CommandFor<Type extends string, Event extends DomainEvent> = { type: Type } & Omit<
  Event['data'],
  'occurredOn'
>;

/** What the command layer knows when it asks for a decision. */
export interface DecisionContext {
  /** The business date the command says the fact happened on. */
  occurredOn: string;
  /** Today's date at the recording clerk's clock, `YYYY-MM-DD`: business dates may not be later. */
  today: string;
}

export interface Decider<State, Command, Event extends DomainEvent, Lookups = undefined> {
  initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: DecisionContext, lookups: Lookups): Event[];
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event, never>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Makes a `switch` over a union exhaustive: a missing case fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
