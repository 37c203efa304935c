import type { EventStore } from './event-store.port';
import { positionOf } from './position-or-instant';
import type { ProjectionRunner } from './projection-runner';
import { messageOf } from './error-message';

/** A rebuild started through the service, kept so that its outcome stays visible once it is over. */
export interface LastRebuild {
  namespace: string;
  /** The position built up to, for an audit copy. */
  until: number | null;
  outcome: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Checkpoint reached, once done. */
  checkpoint: number | null;
  /** Why it failed; the live namespace kept serving. */
  error: string | null;
}

export interface RebuildStarted {
  name: string;
  /** The namespace being built. */
  namespace: string;
  until: number | null;
  /** Readers are switched to it once caught up (a rebuild without `until`). */
  switchesOver: boolean;
}

/**
 * Turns `until` (a position, digits, or an ISO instant) into a log position no later than the head.
 * Throws `RangeError` (400 over HTTP) when it is malformed or past the last event recorded: an audit
 * copy named after a position the log has not reached would claim to know what it does not.
 */
export async function resolveUntil(until: unknown, events: EventStore): Promise<number> {
  const position = await positionOf('until', until, events);
  const head = await events.headPosition();
  if (position > head) {
    throw new RangeError(`until ${position} is past the last event recorded (position ${head})`);
  }
  return position;
}

/**
 * Rebuilds started in the background: starts one, answers with the namespace it builds as soon as the runner
 * names it, and records its outcome (running, done, failed) for the status route.
 */
export class ProjectionRebuilds {
  private readonly last = new Map<string, LastRebuild>();

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly events: EventStore,
    private readonly now: () => Date,
    /** Told of a rebuild that failed after it started (the caller has already had its answer). */
    private readonly onFailure: (message: string) => void = () => {},
  ) {}

  /** Refusals (bad `until`, unknown projection, already rebuilding) reject; later failures are recorded. */
  async start(name: string, requestedUntil?: unknown): Promise<RebuildStarted> {
    const until = requestedUntil === undefined ? undefined : await resolveUntil(requestedUntil, this.events);
    const run = this.runner.rebuild(name, { until });
    let settled = false;
    void run.then(
      () => (settled = true),
      () => (settled = true),
    );
    const namespace = await this.claimedNamespace(name, run, () => settled);

    const record: LastRebuild = {
      namespace,
      until: until ?? null,
      outcome: 'running',
      startedAt: this.timestamp(),
      finishedAt: null,
      checkpoint: null,
      error: null,
    };
    this.last.set(name, record);
    // The runner stopping (server shut down) abandons a rebuild: it is recorded as failed like any other.
    void run.then(
      (result) =>
        Object.assign(record, { outcome: 'done', checkpoint: result.checkpoint, finishedAt: this.timestamp() }),
      (error: unknown) => {
        const message = messageOf(error);
        Object.assign(record, { outcome: 'failed', error: message, finishedAt: this.timestamp() });
        this.onFailure(`rebuild of projection '${name}' into '${namespace}' failed: ${message}`);
      },
    );
    return { name, namespace, until: until ?? null, switchesOver: until === undefined };
  }

  /** The last rebuild of a projection started here, if any. */
  lastOf(name: string): LastRebuild | null {
    return this.last.get(name) ?? null;
  }

  /**
   * The namespace a rebuild just started is building. The runner names it before its first batch;
   * a rebuild over so short a log that it is already finished tells it in its result.
   */
  private async claimedNamespace(name: string, run: Promise<{ namespace: string }>, settled: () => boolean) {
    for (;;) {
      if (settled()) return (await run).namespace;
      const progress = (await this.runner.status()).find((s) => s.name === name)?.rebuild;
      if (progress?.namespace && !settled()) return progress.namespace;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}
