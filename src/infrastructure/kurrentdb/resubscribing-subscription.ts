import type { StoredEvent, Subscription } from '../../core/event-store.port';
import {
  type BackoffOptions,
  backoffDelay,
  Closing,
  ConnectionTracker,
  sleepFor,
} from '../../core/subscription-connection';

/** One live subscription to the log, as the store opens it: may fail, may end on its own. */
export interface SourceSubscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void> | void;
  /** Resolves when the server confirms the subscription (before any event, on a quiet log too). */
  confirmed?: Promise<void>;
}

export interface ResubscribeOptions extends BackoffOptions {
  /** Opens a subscription delivering the log after a position (an event at or before it may come again). */
  open: (after: number) => SourceSubscription;
  /** Worth resubscribing after, however often; anything else ends the iteration with the error. */
  isTransient: (error: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
  /** The clock of the connection's durations. */
  now?: () => number;
}

/**
 * Follows the log across dropped connections: when the subscription fails with a transient error (or ends
 * without being closed), it opens a new one after the position of the last event it delivered, after a capped,
 * jittered, growing delay — for as long as the outage lasts. The failures in a row start again from zero once a
 * new subscription is confirmed by the server or delivers an event, so repeated short drops on a quiet log do
 * not add up. Only a non-transient error ends it. Events at or before the last position delivered are skipped,
 * so nothing is delivered twice and nothing is lost. `connection()` says whether it is reconnecting.
 */
export function resubscribingSubscription(after: number, options: ResubscribeOptions): Subscription {
  const { open, isTransient } = options;
  const sleep = options.sleep ?? sleepFor;
  const tracker = new ConnectionTracker(options.now);

  const closing = new Closing();
  let current: SourceSubscription | undefined;

  async function* iterate(): AsyncGenerator<StoredEvent> {
    let position = after;
    while (!closing.closed) {
      const source = open(position);
      current = source;
      void source.confirmed?.then(() => {
        if (current === source && !closing.closed) tracker.confirmed();
      });
      let failure: unknown;
      try {
        for await (const event of source) {
          if (closing.closed) return;
          if (event.position <= position) continue;
          position = event.position;
          tracker.delivered();
          yield event;
        }
      } catch (error) {
        failure = error;
      } finally {
        current = undefined;
        await source.close();
      }
      if (closing.closed) return;
      // Ended on its own (the server went away cleanly): as transient as a dropped connection.
      if (failure !== undefined && !isTransient(failure)) throw failure;
      const failures = tracker.failed(failure);
      await Promise.race([sleep(backoffDelay(failures, options)), closing.signal]);
    }
  }

  const iterator = iterate();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close() {
      closing.close();
      // Ends a pending read of the current source, so a waiting `next()` resolves as done.
      void current?.close();
    },
    connection: () => tracker.snapshot(),
  };
}
