import { InMemoryEventStore } from '../infrastructure/memory/in-memory-event-store';
import type { Decider, DomainEvent } from './decider';
import type { EventToAppend } from './event-store.port';
import { type DecisionReads, handleCommand, toDomainEvent } from './handle-command';
import fc from 'fast-check';
import { DatedStates, foldOnDate, StreamStates, streamStatesOf } from './stream-states';

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

/** Order matters to this fold: the state is the amounts in the order they were folded. */
type Noted = DomainEvent<'Noted', { amount: number }>;
const ledger: Decider<string, never, Noted, unknown> = {
  initialState: '',
  evolve: (state, event) => `${state}${event.data.occurredOn.slice(8)}:${event.data.amount};`,
  decide: () => [],
};

const noted = (occurredOn: string, amount: number): EventToAppend => ({
  id: `n-${Math.random()}`,
  type: 'Noted',
  data: { occurredOn, amount },
  metadata: {
    occurredOn,
    recordedAt: '2024-02-01T00:00:00.000Z',
    actor: 'test',
    correlationId: 'c',
    causationId: null,
  },
});

describe('DatedStates: look-ups as a stream stood on a date', () => {
  const day = (d: number) => `2024-01-${String(d).padStart(2, '0')}`;

  it('answers a date on or after the latest event from the snapshot, reading only what is new', async () => {
    const store = new InMemoryEventStore();
    const states = new DatedStates();
    await store.append('union', [noted(day(3), 1), noted(day(5), 2)], 'no_stream');
    expect(await states.stateOn(store, 'union', ledger, day(9), toDomainEvent)).toEqual({
      state: '03:1;05:2;',
      revision: 1,
    });
    await store.append('union', [noted(day(5), 3), noted(day(7), 4)], 1);
    const reads = jest.spyOn(store, 'readStream');
    expect(await states.stateOn(store, 'union', ledger, day(7), toDomainEvent)).toEqual({
      state: '03:1;05:2;05:3;07:4;',
      revision: 3,
    });
    expect(reads.mock.calls.map(([, from]) => from)).toEqual([2]);
  });

  it('answers exactly what folding the whole stream in date order answers, back-dated events and earlier dates included', async () => {
    const step = fc.record({ date: fc.integer({ min: 1, max: 20 }), amount: fc.integer({ min: 1, max: 9 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ appended: fc.array(step, { maxLength: 3 }), askedOn: fc.integer({ min: 1, max: 25 }) }), {
          maxLength: 12,
        }),
        async (rounds) => {
          const store = new InMemoryEventStore();
          const states = new DatedStates();
          let revision = -1;
          for (const { appended, askedOn } of rounds) {
            if (appended.length > 0) {
              const events = appended.map(({ date, amount }) => noted(day(date), amount));
              await store.append('union', events, revision < 0 ? 'no_stream' : revision);
              revision += events.length;
            }
            const history = (await store.readStream('union')).map(toDomainEvent) as Noted[];
            expect(await states.stateOn(store, 'union', ledger, day(askedOn), toDomainEvent)).toEqual({
              state: foldOnDate(ledger, history, day(askedOn)),
              revision,
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the whole stream once for a date before its latest event, and reuses a fold that reads only the tail', async () => {
    const store = new InMemoryEventStore();
    const states = new DatedStates();
    await store.append('union', [noted(day(3), 1), noted(day(9), 2)], 'no_stream');
    const reads = jest.spyOn(store, 'readStream');
    expect((await states.stateOn(store, 'union', ledger, day(5), toDomainEvent)).state).toBe('03:1;');
    expect(reads.mock.calls.map(([, from]) => from ?? 0)).toEqual([0]);
    reads.mockClear();
    // Known now: the tail (nothing new), then the whole stream for the earlier date.
    expect((await states.stateOn(store, 'union', ledger, day(4), toDomainEvent)).state).toBe('03:1;');
    expect(reads.mock.calls.map(([, from]) => from ?? 0)).toEqual([2, 0]);
  });

  it('lets a decision look another aggregate up as it is now from its snapshot, reading only its tail', async () => {
    const store = new InMemoryEventStore();
    const deps = { store, now: () => new Date('2024-01-02T00:00:00Z') };
    await store.append('other', [added(5), added(7)], 'no_stream');
    const plan = { loadLookups: async (_state: Tally, reads: DecisionReads) => reads.state('other', tally) };
    const envelope = { actor: 'clerk', occurredOn: '2024-01-02' };
    await handleCommand(deps, 'book', tally, { type: 'Add', amount: 1 }, envelope, plan);
    await store.append('other', [added(1)], 1);
    const reads = jest.spyOn(store, 'readStream');
    let seen: Tally | undefined;
    await handleCommand(deps, 'book', tally, { type: 'Add', amount: 1 }, envelope, {
      loadLookups: async (state, reads) => (seen = await plan.loadLookups(state, reads)),
    });
    expect(seen).toEqual({ total: 13, entries: 3 });
    expect(reads.mock.calls.filter(([id]) => id === 'other').map(([, from]) => from)).toEqual([2]);
  });

  it('lets a command read a look-up once, and decide again when it moved', async () => {
    const store = new InMemoryEventStore();
    const deps = { store, now: () => new Date('2024-01-20T00:00:00Z') };
    await store.append('union', [noted(day(3), 1)], 'no_stream');
    const seen: string[] = [];
    const plan = {
      loadLookups: async (_state: Tally, reads: DecisionReads) => {
        const union = await reads.stateOn('union', ledger, day(20));
        seen.push(union);
        // Another writer moves the look-up while the first decision is being taken.
        if (seen.length === 1) await store.append('union', [noted(day(4), 2)], 0);
        return union;
      },
    };
    await handleCommand(deps, 'book', tally, { type: 'Add', amount: 1 }, { actor: 'a', occurredOn: day(20) }, plan);
    expect(seen).toEqual(['03:1;', '03:1;04:2;']);
  });
});
