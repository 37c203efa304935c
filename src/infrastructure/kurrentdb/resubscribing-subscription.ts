import type { StoredEvent, Subscription } from '../../core/event-store.port';

/** One live subscription to the log, as the store opens it: may fail, may end on its own. */
export interface SourceSubscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void> | void;
}

export interface ResubscribeOptions {
  /** Opens a subscription delivering the log after a position (an event at or before it may come again). */
  open: (after: number) => SourceSubscription;
  /** Worth resubscribing after; anything else ends the iteration with the error. */
  isTransient: (error: unknown) => boolean;
  /** First wait before resubscribing, doubled on each failure in a row up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Failures in a row without an event delivered before the error is passed on (the runner shows it). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const RESUBSCRIBE_DEFAULTS = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: 20 };

/** The wait before resubscribing after `failures` failures in a row (1 or more). */
export function backoffDelay(failures: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Follows the log across dropped connections: when the subscription fails (or ends without being closed),
 * it opens a new one after the position of the last event it delivered, waiting a bounded, growing delay
 * first. Events at or before that position are skipped, so nothing is delivered twice and nothing is lost.
 */
export function resubscribingSubscription(after: number, options: ResubscribeOptions): Subscription {
  const { open, isTransient } = options;
  const { initialDelayMs, maxDelayMs, maxAttempts } = { ...RESUBSCRIBE_DEFAULTS, ...options };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  let closed = false;
  let current: SourceSubscription | undefined;
  let wakeClosed: (() => void) | undefined;
  const closedSignal = new Promise<void>((resolve) => (wakeClosed = resolve));

  async function* iterate(): AsyncGenerator<StoredEvent> {
    let position = after;
    let failures = 0;
    while (!closed) {
      const source = open(position);
      current = source;
      let failure: unknown;
      try {
        for await (const event of source) {
          if (closed) return;
          if (event.position <= position) continue;
          position = event.position;
          failures = 0;
          yield event;
        }
      } catch (error) {
        failure = error;
      } finally {
        current = undefined;
        await source.close();
      }
      if (closed) return;
      // Ended on its own (the server went away cleanly) counts as a failure too.
      failures += 1;
      if ((failure !== undefined && !isTransient(failure)) || failures > maxAttempts) {
        throw failure ?? new Error(`the subscription ended on its own ${failures} times in a row`);
      }
      await Promise.race([sleep(backoffDelay(failures, initialDelayMs, maxDelayMs)), closedSignal]);
    }
  }

  const iterator = iterate();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close() {
      closed = true;
      wakeClosed?.();
      // Ends a pending read of the current source, so a waiting `next()` resolves as done.
      void current?.close();
    },
  };
}
