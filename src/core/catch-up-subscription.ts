import type { StoredEvent, Subscription } from './event-store.port';

export interface CatchUpSource {
  /** Up to `max` events with position > `after`, in order. */
  readBatch(after: number, max: number): Promise<StoredEvent[]>;
  /** Resolves when something may have been appended (a signal, or a poll interval elapsing). */
  waitForAppend(): Promise<void>;
}

/**
 * Catch up through the log in batches, then tail it: the shape every store adapter shares.
 * The position of the last yielded event is the resume point, so a caller that checkpoints
 * it can start a new subscription after a restart without gaps or repeats.
 */
export function catchUpSubscription(source: CatchUpSource, after = 0, batchSize = 500): Subscription {
  let closed = false;
  let wakeClosed: (() => void) | undefined;
  const closedSignal = new Promise<void>((resolve) => (wakeClosed = resolve));

  async function* iterate(): AsyncGenerator<StoredEvent> {
    let position = after;
    while (!closed) {
      // Armed before reading, so an append that lands between the read and the wait is not missed.
      const appended = source.waitForAppend();
      const batch = await source.readBatch(position, batchSize);
      for (const event of batch) {
        if (closed) return;
        position = event.position;
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
  };
}
