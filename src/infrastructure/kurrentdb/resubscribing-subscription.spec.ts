import type { StoredEvent } from '../../core/event-store.port';
import { testStoredEvent as stored } from '../../core/event-store.test-support';
import { backoffDelay } from '../../core/subscription-connection';
import { resubscribingSubscription, type SourceSubscription } from './resubscribing-subscription';

const dropped = () => Object.assign(new Error('14 UNAVAILABLE: connection dropped'), { transient: true });
const isTransient = (error: unknown) => (error as { transient?: boolean }).transient === true;

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
      random: () => 1,
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

  it('never gives up on transient failures: backs off longer in a row, up to a bound, with jitter', async () => {
    const drops = 60;
    const log = fakeLog([10], { dropAfter: Array.from({ length: drops }, () => 0) });
    const sleeps: number[] = [];
    let connection: ReturnType<NonNullable<typeof subscription.connection>> | undefined;
    const subscription = resubscribingSubscription(0, {
      open: log.open,
      isTransient,
      initialDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
        connection ??= subscription.connection?.();
      },
    });

    expect(await take(subscription, 1)).toEqual([10]);
    // Half of each capped delay is fixed, half random (here 0.5 of it).
    expect(sleeps.slice(0, 4)).toEqual([75, 150, 225, 225]);
    expect(sleeps).toHaveLength(drops);
    expect(Math.max(...sleeps)).toBe(225);
    expect(connection).toMatchObject({
      state: 'reconnecting',
      failures: 1,
      lastError: expect.stringMatching(/UNAVAILABLE/),
    });
    // Delivered: connected again, the failures forgotten.
    expect(subscription.connection?.()).toMatchObject({ state: 'connected', failures: 0, lastError: null });
    subscription.close();
  });

  it('starts counting failures again once a resubscription is confirmed, even with no event delivered', async () => {
    // A quiet log: every subscription is confirmed, then dropped, and never delivers anything.
    let opened = 0;
    const open = (): SourceSubscription => {
      opened += 1;
      return {
        confirmed: Promise.resolve(),
        // eslint-disable-next-line require-yield
        async *[Symbol.asyncIterator]() {
          await new Promise((resolve) => setImmediate(resolve));
          throw dropped();
        },
        close: () => undefined,
      };
    };
    const failuresSeen: number[] = [];
    const subscription = resubscribingSubscription(0, {
      open,
      isTransient,
      random: () => 1,
      sleep: async () => {
        failuresSeen.push(subscription.connection!().failures);
        if (failuresSeen.length === 5) subscription.close();
      },
    });

    expect(await take(subscription, 1)).toEqual([]);
    expect(opened).toBe(5);
    expect(failuresSeen).toEqual([1, 1, 1, 1, 1]);
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
    const delays = (random: number) =>
      [1, 2, 3, 4, 5, 10, 1000].map((n) =>
        backoffDelay(n, { initialDelayMs: 100, maxDelayMs: 1000, random: () => random }),
      );
    expect(delays(1)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(delays(0)).toEqual([50, 100, 200, 400, 500, 500, 500]);
  });
});
