/**
 * How a subscription to the log is doing with its store: following it, or waiting to reconnect after a transient
 * failure (the server away, a timeout, a leader change). Shown in projection status, so an outage reads as
 * "reconnecting" rather than as a failure, and its length and the last error can be seen.
 */
export interface SubscriptionConnection {
  state: 'connected' | 'reconnecting';
  /** Transient failures in a row since the subscription was last confirmed (or delivered an event). */
  failures: number;
  /** How long it has been reconnecting, in milliseconds; 0 when connected. */
  reconnectingMs: number;
  /** Milliseconds since the last event delivered (since the subscription started, before the first). */
  sinceLastEventMs: number;
  /** The last transient error while reconnecting, credentials masked; null when connected. */
  lastError: string | null;
}

export interface BackoffOptions {
  /** First wait before trying again, doubled on each failure in a row up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A number in [0, 1): the jitter (tests fix it). */
  random?: () => number;
}

export const BACKOFF_DEFAULTS = { initialDelayMs: 100, maxDelayMs: 10_000 };

/**
 * The wait before trying again after `failures` failures in a row (1 or more): exponential, capped, and half of
 * it random, so processes that lost the server together do not all come back at the same instant.
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}): number {
  const { initialDelayMs, maxDelayMs } = { ...BACKOFF_DEFAULTS, ...options };
  const random = options.random ?? Math.random;
  const capped = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Keeps a subscription's `SubscriptionConnection` up to date as it fails, reconnects and delivers. */
export class ConnectionTracker {
  private failures = 0;
  private reconnectingSince: number | null = null;
  private lastError: string | null = null;
  private lastEventAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastEventAt = now();
  }

  /** A transient failure; returns how many in a row. */
  failed(error: unknown): number {
    this.failures += 1;
    this.reconnectingSince ??= this.now();
    this.lastError = describe(error);
    return this.failures;
  }

  /** The store confirmed the (re)subscription: the failures in a row are over. */
  confirmed(): void {
    this.failures = 0;
    this.reconnectingSince = null;
    this.lastError = null;
  }

  delivered(): void {
    this.lastEventAt = this.now();
    this.confirmed();
  }

  snapshot(): SubscriptionConnection {
    const now = this.now();
    return {
      state: this.reconnectingSince === null ? 'connected' : 'reconnecting',
      failures: this.failures,
      reconnectingMs: this.reconnectingSince === null ? 0 : now - this.reconnectingSince,
      sinceLastEventMs: now - this.lastEventAt,
      lastError: this.lastError,
    };
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : error === undefined ? 'ended' : String(error);
  // A connection string's user and password never reach a status page.
  return message.replace(/\/\/[^@/\s]*@/g, '//***@');
}

/** Waits `ms` milliseconds: how a subscription sleeps between retries unless a test gives its own clock. */
export const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A subscription's `close()`: `closed` from then on, and `signal` resolving then, to cut a wait short. */
export class Closing {
  closed = false;
  private wake: () => void = () => {};
  readonly signal = new Promise<void>((resolve) => (this.wake = resolve));

  close(): void {
    this.closed = true;
    this.wake();
  }
}
