import { catchUpSubscription } from './catch-up-subscription';
import type { StoredEvent } from './event-store.port';

function stored(position: number): StoredEvent {
  return {
    id: `id-${position}`,
    type: 'T',
    streamId: 's',
    revision: position - 1,
    position,
    data: {},
    metadata: { occurredOn: '2024-01-15', recordedAt: '', actor: 'a', correlationId: 'c', causationId: null },
  };
}

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('catch-up subscription', () => {
  it('reads again from the same position after transient failures, however many, and reports them meanwhile', async () => {
    const log = [1, 2, 3].map(stored);
    let failuresLeft = 50;
    const reads: number[] = [];
    const seenWhileFailing: string[] = [];
    const subscription = catchUpSubscription(
      {
        readBatch: async (after, max) => {
          reads.push(after);
          if (after === 1 && failuresLeft-- > 0) throw busy();
          return log.filter((e) => e.position > after).slice(0, max);
        },
        waitForAppend: () => new Promise(() => undefined),
        isTransient: (error) => (error as { code?: string }).code === 'SQLITE_BUSY',
      },
      0,
      {
        batchSize: 1,
        random: () => 1,
        sleep: async () => void seenWhileFailing.push(subscription.connection!().state),
      },
    );

    const positions: number[] = [];
    for await (const event of subscription) {
      positions.push(event.position);
      if (positions.length === 3) break;
    }
    expect(positions).toEqual([1, 2, 3]);
    expect(reads.filter((after) => after === 1)).toHaveLength(51);
    expect(new Set(seenWhileFailing)).toEqual(new Set(['reconnecting']));
    expect(subscription.connection!()).toMatchObject({ state: 'connected', failures: 0 });
  });

  it('ends with an error that is not transient', async () => {
    const subscription = catchUpSubscription({
      readBatch: async () => {
        throw new Error('no such table: events');
      },
      waitForAppend: () => new Promise(() => undefined),
      isTransient: () => false,
    });
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toThrow(/no such table/);
  });
});
