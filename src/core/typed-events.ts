import type { DomainEvent } from './decider';
import type { StoredEvent } from './event-store.port';

/**
 * Every type of an event union, each once, as the keys of a record: a type left out, or one the union does
 * not have, fails to compile (an array could not say "all of them").
 */
export type EventTypes<E extends DomainEvent> = { readonly [T in E['type']]: true };

/**
 * True when a stored event is of one of `types`, and so a `StoredEvent<E>`: an event's stored `type` says
 * the shape of its `data`, the one its context declares and its decider wrote.
 */
export function isEventOf<E extends DomainEvent>(
  event: StoredEvent,
  types: ReadonlySet<string>,
): event is StoredEvent<E> {
  return types.has(event.type);
}
