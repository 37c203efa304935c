import { InMemoryEventStore } from '../infrastructure/memory/in-memory-event-store';
import type { Decider, DomainEvent } from './decider';
import type { EventToAppend } from './event-store.port';
import { handleCommand, toDomainEvent } from './handle-command';
import { StreamStates, streamStatesOf } from './stream-states';

type Added = DomainEvent<'Added', { amount: number }>;
interface Tally {
  total: number;
  entries: number;
}

const tally: Decider<Tally, { type: 'Add'; amount: number }, Added, unknown> = {
  initialState: { total: 0, entries: 0 },
  evolve: (state, event) => ({ total: state.total + event.data.amount, entries: state.entries + 1 }),
  decide: (command, _state, { occurredOn }) => [{ type: 'Added', data: { occurredOn, amount: command.amount } }],
};

const added = (amount: number, key?: string): EventToAppend => ({
  id: `e-${Math.random()}`,
  type: 'Added',
  data: { occurredOn: '2024-01-01', amount },
  metadata: {
    occurredOn: '2024-01-01',
    recordedAt: '2024-01-01T00:00:00.000Z',
    actor: 'test',
    correlationId: 'c',
    causationId: null,
    ...(key ? { idempotencyKey: key, commandHash: `hash-${key}` } : {}),
  },
});

describe('StreamStates: the command side keeps streams folded', () => {
  it('folds only the events recorded since, by this writer or any other, to the state of the whole stream', async () => {
    const store = new InMemoryEventStore();
    const reads = jest.spyOn(store, 'readStream');
    const states = new StreamStates();
    await store.append('book', [added(5), added(7)], 'no_stream');

    expect(await states.fold(store, 'book', tally, toDomainEvent)).toMatchObject({
      state: { total: 12, entries: 2 },
      revision: 1,
    });
    // Another writer (another instance of the service) appends: its events are read and folded on.
    await store.append('book', [added(-2, 'k1')], 1);
    const folded = await states.fold(store, 'book', tally, toDomainEvent);
    expect(folded).toMatchObject({ state: { total: 10, entries: 3 }, revision: 2 });
    expect(folded.keyed.get('k1')).toMatchObject({ commandHash: 'hash-k1', events: [{ revision: 2 }] });
    expect(reads.mock.calls.map(([, from]) => from)).toEqual([0, 2]);
  });

  it('starts afresh for another decider, and forgets the least recently used stream past its capacity', async () => {
    const store = new InMemoryEventStore();
    const states = new StreamStates(2);
    await store.append('a', [added(1)], 'no_stream');
    await store.append('b', [added(2)], 'no_stream');
    await store.append('c', [added(3)], 'no_stream');
    await states.fold(store, 'a', tally, toDomainEvent);
    await states.fold(store, 'b', tally, toDomainEvent);
    await states.fold(store, 'c', tally, toDomainEvent);
    expect(states.size).toBe(2);
    const doubled = { ...tally, evolve: (s: Tally, e: Added) => ({ total: s.total + 2 * e.data.amount, entries: 1 }) };
    expect((await states.fold(store, 'c', doubled, toDomainEvent)).state.total).toBe(6);
  });

  it('lets a command decide on a long stream reading only its tail, with the event of another writer', async () => {
    const store = new InMemoryEventStore();
    const deps = { store, now: () => new Date('2024-01-02T00:00:00Z') };
    const envelope = { actor: 'clerk', occurredOn: '2024-01-02' };
    for (let i = 0; i < 50; i++) await handleCommand(deps, 'book', tally, { type: 'Add', amount: 1 }, envelope);
    const reads = jest.spyOn(store, 'readStream');
    // A writer the snapshot has not seen: the command folds its event too.
    await store.append('book', [added(100)], 49);
    const outcome = await handleCommand(deps, 'book', tally, { type: 'Add', amount: 1 }, envelope);
    expect(outcome.revision).toBe(51);
    // One read from the last command's own event (its snapshot was taken before it): two events, not 51.
    expect(reads.mock.calls.map(([, from]) => from)).toEqual([49]);
    const whole = await store.readStream('book');
    expect((whole.map(toDomainEvent) as Added[]).reduce(tally.evolve, tally.initialState)).toEqual({
      total: 151,
      entries: 52,
    });
    expect(streamStatesOf(store).size).toBe(1);
  });

  it('answers a retried request with the same idempotency key from the snapshot, once', async () => {
    const store = new InMemoryEventStore();
    const deps = { store, now: () => new Date('2024-01-02T00:00:00Z') };
    const envelope = { actor: 'clerk', occurredOn: '2024-01-02', idempotencyKey: 'retry-1' };
    const first = await handleCommand(deps, 'book', tally, { type: 'Add', amount: 3 }, envelope);
    await handleCommand(deps, 'book', tally, { type: 'Add', amount: 4 }, { ...envelope, idempotencyKey: 'other' });
    const again = await handleCommand(deps, 'book', tally, { type: 'Add', amount: 3 }, envelope);
    expect(again).toEqual({ ...first, replayed: true });
    await expect(handleCommand(deps, 'book', tally, { type: 'Add', amount: 9 }, envelope)).rejects.toThrow(
      /already used for a different request/,
    );
    expect((await store.readStream('book')).length).toBe(2);
  });
});
