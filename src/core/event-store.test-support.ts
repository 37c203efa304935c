import type { EventToAppend, StoredEvent } from './event-store.port';

/** An event for unit tests of the event store's plumbing, where only its id (and place) matter. */
export function testEvent(id: string): EventToAppend {
  return {
    id,
    type: 'T',
    data: {},
    metadata: {
      occurredOn: '2024-01-15',
      recordedAt: '2024-01-16T02:00:00.000Z',
      actor: 'a',
      correlationId: 'c',
      causationId: null,
    },
  };
}

/** `testEvent` as stored on stream `s`, at revision and position `position`. */
export function testStoredEvent(position: number): StoredEvent {
  return { ...testEvent(`id-${position}`), streamId: 's', revision: position, position };
}
