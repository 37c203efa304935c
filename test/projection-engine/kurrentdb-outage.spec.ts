import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';
import { ProjectionRunner, type ProjectionStatus } from '../../src/core/projection-runner';
import { KurrentDbEventStore } from '../../src/infrastructure/kurrentdb/kurrentdb-event-store';
import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import { hashChained } from '../../src/integrity/hash-chained-event-store';
import { SimulatedKurrentClient } from '../support/simulated-kurrent-client';

/**
 * Issue #17, fault 2: a KurrentDB outage, however long, and repeated drops on a quiet log must leave the
 * projections reconnecting — shown as such in their status — and following the log again once the server is
 * back; they must not fail. The server is taken away on the simulated client, and minutes pass on fake timers.
 */
const counted: Projection<{ events: number }> = {
  name: 'counted',
  version: 1,
  eventTypes: ['Happened'],
  collections: { totals: {} },
  documentsOf: () => [{ collection: 'totals', id: 'all' }],
  evolve: (doc) => ({ events: (doc?.events ?? 0) + 1 }),
};

function happened(): EventToAppend {
  return {
    id: randomUUID(),
    type: 'Happened',
    data: { occurredOn: '2024-01-15' },
    metadata: {
      occurredOn: '2024-01-15',
      recordedAt: new Date().toISOString(),
      actor: 'test',
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

describe('projections across a KurrentDB outage (simulated client, fake timers)', () => {
  let simulated: SimulatedKurrentClient;
  let store: EventStore;
  let runner: ProjectionRunner;

  const status = async (): Promise<ProjectionStatus> => (await runner.status())[0];
  /** Lets `ms` of fake time pass, timers and the promises they settle included. */
  const pass = (ms: number) => jest.advanceTimersByTimeAsync(ms);

  beforeEach(async () => {
    // Real setImmediate: the runner yields to I/O between batches; everything timed (polls, backoff, Date) is fake.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    simulated = new SimulatedKurrentClient();
    store = hashChained(new KurrentDbEventStore(simulated.client));
    runner = new ProjectionRunner({
      eventStore: store,
      readStore: new InMemoryReadStore(),
      projections: [counted],
      now: () => new Date(),
    });
    await store.append('things', [happened(), happened()], 'no_stream');
    await runner.start();
    await pass(100);
    expect(await status()).toMatchObject({ state: 'live', lagEvents: 0, connection: { state: 'connected' } });
  });

  afterEach(async () => {
    simulated.outage = false;
    const stopping = runner.stop();
    await pass(20_000);
    await stopping;
    jest.useRealTimers();
  });

  it('shows reconnecting through a ten-minute outage, then applies what is appended once the server is back', async () => {
    const opened = simulated.subscriptionsOpened;
    simulated.outage = true;
    await pass(10 * 60_000);

    const during = await status();
    expect(during.state).toBe('reconnecting');
    expect(during.failure).toBeNull();
    expect(during.connection).toMatchObject({ state: 'reconnecting', lastError: expect.stringMatching(/connection/) });
    expect(during.connection!.reconnectingSeconds).toBeGreaterThanOrEqual(599);
    expect(during.connection!.secondsSinceLastEvent).toBeGreaterThanOrEqual(599);
    // Far more attempts than the 20 after which the subscription used to give up, each waiting at most 10 s.
    expect(simulated.subscriptionsOpened - opened).toBeGreaterThan(60);

    simulated.outage = false;
    const { position } = await store.append('things', [happened()], 1);
    await pass(15_000);

    expect(await status()).toMatchObject({
      state: 'live',
      checkpoint: position,
      failure: null,
      connection: { state: 'connected', failures: 0, lastError: null },
    });
  });

  it('forgets the failures of each short drop once the server confirms the resubscription, on a quiet log', async () => {
    for (let drop = 0; drop < 30; drop++) {
      simulated.outage = true;
      await pass(1_000);
      simulated.outage = false;
      await pass(2_000);
      // Back and confirmed, with no event delivered: the failures in a row start again from zero.
      expect((await status()).connection).toMatchObject({ state: 'connected', failures: 0 });
    }
    expect((await status()).state).toBe('live');

    const { position } = await store.append('things', [happened()], 1);
    await pass(100);
    expect(await status()).toMatchObject({ state: 'live', checkpoint: position, failure: null });
  });

  it('fails the projection on an error that is not transient', async () => {
    // A stored event the adapter cannot read (not JSON): no retry can fix that.
    (simulated.records as unknown[]).push({
      streamId: 'things',
      id: randomUUID(),
      revision: 2n,
      type: 'Happened',
      data: 'not json',
      metadata: {},
      position: 999_999n,
    });
    await pass(100);

    const after = await status();
    expect(after.state).toBe('failed');
    expect(after.failure?.message).toMatch(/not a JSON event/);
  });
});
