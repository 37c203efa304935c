import type { StoredEvent } from '../../core/event-store.port';
import { backoffDelay, resubscribingSubscription, type SourceSubscription } from './resubscribing-subscription';

const dropped = () => Object.assign(new Error('14 UNAVAILABLE: connection dropped'), { transient: true });
const isTransient = (error: unknown) => (error as { transient?: boolean }).transient === true;

function stored(position: number): StoredEvent {
  return {
    id: `id-${position}`,
    type: 'T',
    streamId: 's',
    revision: position,
    position,
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

/**
 * A fake log with a fake server: each subscription replays from a position (including the event at it,
 * to prove those are skipped), and the script says when a connection drops.
 */
function fakeLog(positions: number[], script: { dropAfter: number[] } = { dropAfter: [] }) {
  const opened: number[] = [];
  const closed: number[] = [];
  let waitingForever: (() => void) | undefined;
  const open = (after: number): SourceSubscription => {
    const attempt = opened.length;
    opened.push(after);
    const dropAfter = script.dropAfter[attempt];
    return {
      async *[Symbol.asyncIterator]() {
        let delivered = 0;
        for (const position of positions.filter((p) => p >= after)) {
          if (delivered === dropAfter) throw dropped();
          delivered += 1;
          yield stored(position);
        }
        if (delivered === dropAfter) throw dropped();
        // Live: nothing more until closed.
        await new Promise<void>((resolve) => (waitingForever = resolve));
      },
      close() {
        closed.push(attempt);
        waitingForever?.();
      },
    };
  };
  return { open, opened, closed };
}

async function take(subscription: AsyncIterable<StoredEvent>, count: number): Promise<number[]> {
  const out: number[] = [];
  for await (const event of subscription) {
    out.push(event.position);
    if (out.length === count) break;
  }
  return out;
}

describe('resubscribing subscription', () => {
  it('resubscribes after a drop from the last delivered position, without repeats or gaps', async () => {
    const log = fakeLog([10, 20, 30, 40, 50], { dropAfter: [2, 2] });
    const sleeps: number[] = [];
    const subscription = resubscribingSubscription(0, {
      open: log.open,
      isTransient,
      sleep: async (ms) => void sleeps.push(ms),
    });

    expect(await take(subscription, 5)).toEqual([10, 20, 30, 40, 50]);
    // Dropped after 20; then, replaying 20 again (skipped), after 30: each time resumed from the last one delivered.
    expect(log.opened).toEqual([0, 20, 30]);
    expect(sleeps).toEqual([100, 100]);
    subscription.close();
  });

  it('starts after the given position', async () => {
    const log = fakeLog([10, 20, 30]);
    const subscription = resubscribingSubscription(20, { open: log.open, isTransient, sleep: async () => undefined });
    expect(await take(subscription, 1)).toEqual([30]);
    subscription.close();
  });

  it('backs off longer on failures in a row, up to a bound, and gives up after maxAttempts', async () => {
    const log = fakeLog([10], { dropAfter: [0, 0, 0, 0, 0] });
    const sleeps: number[] = [];
    const subscription = resubscribingSubscription(0, {
      open: log.open,
      isTransient,
      initialDelayMs: 100,
      maxDelayMs: 300,
      maxAttempts: 4,
      sleep: async (ms) => void sleeps.push(ms),
    });

    await expect(take(subscription, 1)).rejects.toThrow(/UNAVAILABLE/);
    expect(sleeps).toEqual([100, 200, 300, 300]);
    expect(log.opened).toEqual([0, 0, 0, 0, 0]);
    expect(log.closed).toEqual([0, 1, 2, 3, 4]);
  });

  it('passes on an error that is not transient at once', async () => {
    const open = (): SourceSubscription => ({
      // eslint-disable-next-line require-yield
      async *[Symbol.asyncIterator]() {
        throw new RangeError('position past 2^53');
      },
      close: () => undefined,
    });
    const subscription = resubscribingSubscription(0, { open, isTransient, sleep: async () => undefined });
    await expect(take(subscription, 1)).rejects.toThrow(RangeError);
  });

  it('ends a pending next() as done when closed, and closes the source', async () => {
    const log = fakeLog([10]);
    const subscription = resubscribingSubscription(0, { open: log.open, isTransient });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.position).toBe(10);
    const pending = iterator.next();
    subscription.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(log.closed).toContain(0);
  });

  it('computes a doubling delay capped at the maximum', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
