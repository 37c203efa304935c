import type { StoredEvent, Subscription } from './event-store.port';
import { type BackoffOptions, backoffDelay, ConnectionTracker } from './subscription-connection';

export interface CatchUpSource {
  /** Up to `max` events with position > `after`, in order. */
  readBatch(after: number, max: number): Promise<StoredEvent[]>;
  /** Resolves when something may have been appended (a signal, or a poll interval elapsing). */
  waitForAppend(): Promise<void>;
  /** A read failure worth trying again (the store busy or away); anything else ends the subscription. None by default. */
  isTransient?: (error: unknown) => boolean;
}

export interface CatchUpOptions extends BackoffOptions {
  batchSize?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Catch up through the log in batches, then tail it: the shape every store adapter shares.
 * The position of the last yielded event is the resume point, so a caller that checkpoints
 * it can start a new subscription after a restart without gaps or repeats. A transient read failure
 * is retried from the same position, as often as it takes, after a capped and jittered delay
 * (`connection()` says so meanwhile); a successful read forgets the failures.
 */
export function catchUpSubscription(source: CatchUpSource, after = 0, options: CatchUpOptions = {}): Subscription {
  const batchSize = options.batchSize ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const tracker = new ConnectionTracker(options.now);
  let closed = false;
  let wakeClosed: (() => void) | undefined;
  const closedSignal = new Promise<void>((resolve) => (wakeClosed = resolve));

  async function* iterate(): AsyncGenerator<StoredEvent> {
    let position = after;
    while (!closed) {
      // Armed before reading, so an append that lands between the read and the wait is not missed.
      const appended = source.waitForAppend();
      let batch: StoredEvent[];
      try {
        batch = await source.readBatch(position, batchSize);
      } catch (error) {
        if (!source.isTransient?.(error)) throw error;
        await Promise.race([sleep(backoffDelay(tracker.failed(error), options)), closedSignal]);
        continue;
      }
      tracker.confirmed();
      for (const event of batch) {
        if (closed) return;
        position = event.position;
        tracker.delivered();
        yield event;
      }
      if (batch.length < batchSize && !closed) {
        await Promise.race([appended, closedSignal]);
      }
    }
  }

  const iterator = iterate();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close() {
      closed = true;
      wakeClosed?.();
    },
    // Only a source that can fail transiently has a connection to report.
    ...(source.isTransient ? { connection: () => tracker.snapshot() } : {}),
  };
}
