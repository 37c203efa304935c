import type { StoredEvent, Subscription } from './event-store.port';
import { type BackoffOptions, backoffDelay, Closing, ConnectionTracker, sleepFor } from './subscription-connection';

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
  const sleep = options.sleep ?? sleepFor;
  const tracker = new ConnectionTracker(options.now);
  const closing = new Closing();

  async function* iterate(): AsyncGenerator<StoredEvent> {
    let position = after;
    while (!closing.closed) {
      // Armed before reading, so an append that lands between the read and the wait is not missed.
      const appended = source.waitForAppend();
      let batch: StoredEvent[];
      try {
        batch = await source.readBatch(position, batchSize);
      } catch (error) {
        if (!source.isTransient?.(error)) throw error;
        await Promise.race([sleep(backoffDelay(tracker.failed(error), options)), closing.signal]);
        continue;
      }
      tracker.confirmed();
      for (const event of batch) {
        if (closing.closed) return;
        position = event.position;
        tracker.delivered();
        yield event;
      }
      if (batch.length < batchSize && !closing.closed) {
        await Promise.race([appended, closing.signal]);
      }
    }
  }

  const iterator = iterate();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close() {
      closing.close();
    },
    // Only a source that can fail transiently has a connection to report.
    ...(source.isTransient ? { connection: () => tracker.snapshot() } : {}),
  };
}
