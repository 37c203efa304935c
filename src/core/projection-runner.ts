import { NotFound, RuleBroken } from './domain-error';
import type { EventStore, StoredEvent, Subscription } from './event-store.port';
import { assertValidProjection, handles, namespaceOf, type Projection, ProjectionEventFailed } from './projection';
import { LeaseLost } from './projection-lease.port';
import type { ProjectionOwnership } from './projection-ownership';
import { assertNamespace, type ReadStore, UnknownNamespace } from './read-store.port';
import { isLogPosition, logPositionMessage } from './position-or-instant';
import { SharedLogPages } from './shared-log-pages';
import { messageOf } from './error-message';

/**
 * Keeps every registered projection up to date with the log, in the background: one subscription
 * per projection, from its checkpoint, applying events in batches (each batch atomically with its
 * checkpoint, so a restart neither loses nor repeats anything). A projection that fails stops alone;
 * the others go on. Rebuilds run beside the namespace that serves readers and switch over when done.
 * With `ownership` (several instances on the same stores), a projection is followed only while this instance
 * holds its lease, and each batch is fenced with the lease's token; the other instances read its progress.
 * No NestJS here: `src/projections-runtime/` wires it into the application.
 */

/** `reconnecting`: the store is away (an outage, a leader change); the subscription retries until it is back. */
export type ProjectionState = 'catching-up' | 'live' | 'rebuilding' | 'reconnecting' | 'failed';

/** The subscription's link to the store, for stores that report it (KurrentDB). */
export interface ProjectionConnection {
  state: 'connected' | 'reconnecting';
  /** Transient failures in a row since the store last confirmed the subscription. */
  failures: number;
  reconnectingSeconds: number;
  /** Since the subscription last delivered an event (or started). */
  secondsSinceLastEvent: number;
  /** The last transient error while reconnecting. */
  lastError: string | null;
}

export interface ProjectionFailure {
  message: string;
  /** The event the projection could not apply, when it was an event (not the store) that failed. */
  position?: number;
  eventType?: string;
  eventId?: string;
}

/** In log positions; the embedded stores number events 1, 2, 3…, so these count events there. */
export interface RebuildProgress {
  namespace: string;
  /** Position applied up to. */
  processed: number;
  /** Position the rebuild runs to: `until`, or the head (which moves while the log grows). */
  total: number;
  eventsPerSecond: number;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  /** The namespace serving readers (null before the first start). */
  namespace: string | null;
  /** A namespace being built beside it (a rebuild, or a new version), if any. */
  building: string | null;
  state: ProjectionState;
  /** Checkpoint of the serving namespace. */
  checkpoint: number;
  head: number;
  /** Head minus checkpoint, in positions (= events in the embedded stores). */
  lagEvents: number;
  /** How long the oldest event not yet applied has waited since it was recorded; 0 when caught up. */
  lagSeconds: number;
  failure: ProjectionFailure | null;
  rebuild: RebuildProgress | null;
  /** Null when not following the log, or when the store does not report it. */
  connection: ProjectionConnection | null;
  /** With several instances: the lease on the projection (null before any instance took it, or without leases). */
  lease: ProjectionLeaseStatus | null;
}

export interface ProjectionLeaseStatus {
  /** The instance applying the projection (or the last one, when `expiresAt` has passed). */
  owner: string;
  /** This instance is the owner. */
  here: boolean;
  token: number;
  expiresAt: string;
}

export interface RebuildOptions {
  /** Build only up to this position and leave the result beside the live one, for audit. */
  until?: number;
  /** Namespace to build into; by default `<name>_v<version>_r<n>`, or `…_at<until>` with `until`. */
  namespace?: string;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  namespace: string;
  checkpoint: number;
  /** True when readers were switched over to it (a full rebuild). */
  live: boolean;
}

export interface RunnerLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  eventStore: EventStore;
  readStore: ReadStore;
  projections: readonly Projection[];
  /** Most handled events per transaction while following the log; 500 by default. */
  batchSize?: number;
  /**
   * Most handled events per transaction while building a namespace no reader sees yet (a rebuild, an audit
   * copy); 10 times `batchSize` by default. Larger transactions sync less often; a crash loses at most the
   * batch in flight, and the build starts again from its last committed checkpoint.
   */
  rebuildBatchSize?: number;
  /** The clock `lagSeconds` is measured against. */
  now?: () => Date;
  logger?: RunnerLogger;
  /**
   * Several instances on the same stores: each projection is applied only by the instance holding its lease,
   * and every batch is fenced with the lease's token. Without it, this runner applies every projection.
   */
  ownership?: ProjectionOwnership;
}

export class UnknownProjection extends NotFound {
  constructor(name: string) {
    super('projection', name);
  }
}

/** Mapped to 409 by the HTTP edge, as every `RuleBroken` is. */
export class RebuildInProgress extends RuleBroken {
  constructor(name: string) {
    super(
      'projection.rebuild-in-progress',
      `projection '${name}' is already being rebuilt; wait for that rebuild to finish (see its status)`,
    );
  }
}

export class RebuildTargetRefused extends RuleBroken {
  constructor(namespace: string, why: string) {
    super('projection.rebuild-target-refused', `cannot rebuild into namespace '${namespace}': ${why}`);
  }
}

interface Follower {
  namespace: string;
  checkpoint: number;
  subscription: Subscription;
  done: Promise<void>;
}

interface Waiter {
  position: number;
  /** `Date.now()` at which it gives up. */
  deadline: number;
  settle: (reached: boolean) => void;
}

interface Slot {
  projection: Projection;
  /** The namespace readers use. */
  live: string | null;
  liveCheckpoint: number;
  /** Applies new events to its namespace: the live one, or a new version being built beside it. */
  follower: Follower | null;
  /** The follower has reached the head at least once. */
  caughtUp: boolean;
  failure: ProjectionFailure | null;
  rebuild: RebuildProgress | null;
  waiters: Set<Waiter>;
}

const IDLE = Symbol('idle');

/** How often `waitFor` reads the checkpoint of a projection another instance applies. */
const STANDBY_POLL_MS = 25;

/** Lets timers and I/O (HTTP requests) run between batches: catching up must not starve the server. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ProjectionRunner {
  private readonly slots = new Map<string, Slot>();
  private readonly eventStore: EventStore;
  private readonly readStore: ReadStore;
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  /** The log as rebuilds read it: rebuilds running together share its pages. */
  private readonly rebuildPages: SharedLogPages;
  /** Unhandled events read before the checkpoint moves anyway, so waiting on any position ends. */
  private readonly maxSeen: number;
  private readonly now: () => Date;
  private readonly logger?: RunnerLogger;
  private readonly rebuilds = new Set<Promise<unknown>>();
  private stopping = false;
  /** The last head read, for a status asked while the store is away. */
  private knownHead = 0;
  private readonly ownership?: ProjectionOwnership;
  private leaseTimer: NodeJS.Timeout | null = null;
  /** With leases: the projections `start` was asked for, or null for every one. */
  private wanted: ReadonlySet<string> | null = null;
  private claiming: Promise<void> | null = null;

  constructor(options: ProjectionRunnerOptions) {
    this.eventStore = options.eventStore;
    this.readStore = options.readStore;
    this.batchSize = options.batchSize ?? 500;
    this.maxSeen = this.batchSize * 10;
    this.rebuildBatchSize = options.rebuildBatchSize ?? this.batchSize * 10;
    this.rebuildPages = new SharedLogPages(this.eventStore, this.rebuildBatchSize);
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
    this.ownership = options.ownership;
    for (const projection of options.projections) {
      assertValidProjection(projection);
      if (this.slots.has(projection.name)) throw new Error(`projection '${projection.name}' is registered twice`);
      this.slots.set(projection.name, {
        projection,
        live: null,
        liveCheckpoint: 0,
        follower: null,
        caughtUp: false,
        failure: null,
        rebuild: null,
        waiters: new Set(),
      });
    }
  }

  /**
   * Resolves once every projection, or each one named, is subscribed (not caught up: use `waitFor` or
   * `status`); with leases, those of them whose lease it gets. One already following the log is left as it is.
   */
  async start(names?: readonly string[]): Promise<void> {
    const slots = names ? names.map((name) => this.slot(name)) : [...this.slots.values()];
    this.stopping = false;
    if (!this.ownership) {
      await Promise.all(slots.filter((slot) => slot.follower === null).map((slot) => this.resume(slot)));
      return;
    }
    // Already following every projection whose lease it gets.
    if (this.leaseTimer && this.wanted === null) return;
    this.wanted = names ? new Set([...(this.wanted ?? []), ...names]) : null;
    // Follows the projections whose lease it gets; renews them, and watches for the others' to lapse.
    await this.claimLeases();
    if (!this.leaseTimer) {
      this.leaseTimer = setInterval(() => void this.claimLeases(), this.ownership.renewEveryMs);
      this.leaseTimer.unref();
    }
  }

  /** Closes the subscriptions and waits for batches in flight; a rebuild in progress is abandoned. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wanted = null;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = null;
    await this.claiming;
    // Rebuilds give up after their current batch; no follower starts once stopping.
    await Promise.allSettled(this.rebuilds);
    const followers = [...this.slots.values()].flatMap((slot) => (slot.follower ? [slot.follower] : []));
    await Promise.all(followers.map((follower) => this.stopFollower(follower)));
    for (const slot of this.slots.values()) {
      slot.follower = null;
      for (const waiter of slot.waiters) waiter.settle(false);
    }
    await this.ownership?.releaseAll();
  }

  async status(): Promise<ProjectionStatus[]> {
    // The store away (its subscriptions reconnecting): the status still answers, with the last head known.
    const head = await this.eventStore.headPosition().then(
      (position) => (this.knownHead = position),
      () => this.knownHead,
    );
    const leases = await this.ownership?.leases();
    return Promise.all(
      [...this.slots.values()].map(async (slot): Promise<ProjectionStatus> => {
        const { projection, follower } = slot;
        // Another instance applies it: its progress is in the store.
        const elsewhere = this.ownership !== undefined && !this.ownership.owns(projection.name);
        if (elsewhere) await this.readProgress(slot);
        const lease = leases?.get(projection.name);
        const buildingVersion = follower !== null && follower.namespace !== slot.live;
        const building = slot.rebuild ? slot.rebuild.namespace || null : buildingVersion ? follower.namespace : null;
        const checkpoint = slot.liveCheckpoint;
        // A log with nothing new never makes the follower idle: it is caught up all the same.
        if (follower && !buildingVersion && !slot.failure && checkpoint >= head) slot.caughtUp = true;
        const lagEvents = Math.max(0, head - checkpoint);
        const connection = follower?.subscription.connection?.() ?? null;
        return {
          name: projection.name,
          version: projection.version,
          namespace: slot.live,
          building,
          state: slot.failure
            ? 'failed'
            : connection?.state === 'reconnecting'
              ? 'reconnecting'
              : slot.rebuild || buildingVersion
                ? 'rebuilding'
                : (elsewhere ? checkpoint >= head : slot.caughtUp)
                  ? 'live'
                  : 'catching-up',
          checkpoint,
          head,
          lagEvents,
          lagSeconds: lagEvents === 0 ? 0 : await this.waitedSince(checkpoint).catch(() => 0),
          failure: slot.failure,
          rebuild: slot.rebuild,
          connection: connection && {
            state: connection.state,
            failures: connection.failures,
            reconnectingSeconds: Math.round(connection.reconnectingMs / 1000),
            secondsSinceLastEvent: Math.round(connection.sinceLastEventMs / 1000),
            lastError: connection.lastError,
          },
          lease: lease
            ? {
                owner: lease.owner,
                here: lease.owner === this.ownership!.owner,
                token: lease.token,
                expiresAt: new Date(lease.expiresAt).toISOString(),
              }
            : null,
        };
      }),
    );
  }

  /**
   * Resolves true once the serving namespace has applied everything up to `position` (for a query's
   * "consistent with my last command"), false after `timeoutMs`, or at once when the projection failed.
   */
  async waitFor(name: string, position: number, timeoutMs: number): Promise<boolean> {
    const slot = this.slot(name);
    if (slot.liveCheckpoint >= position) return true;
    if (slot.failure || this.stopping) return false;
    if (this.ownership && !this.ownership.owns(name)) return this.pollProgress(slot, position, timeoutMs);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        deadline: Date.now() + timeoutMs,
        settle: (reached) => {
          clearTimeout(timer);
          slot.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.settle(false), timeoutMs);
      slot.waiters.add(waiter);
    });
  }

  /** After a failure is fixed: resumes from the checkpoint, i.e. from the batch that failed. */
  async restart(name: string): Promise<void> {
    const slot = this.slot(name);
    if (this.ownership && !this.ownership.owns(name)) {
      // Not applied here: the owner's own restart is what resumes it; here only the record of the failure goes.
      slot.failure = null;
      return;
    }
    if (slot.follower && !slot.failure) return;
    if (slot.follower) await this.stopFollower(slot.follower);
    slot.follower = null;
    slot.failure = null;
    await this.resume(slot);
  }

  /**
   * Builds the projection again from the first event into a new namespace while the current one keeps
   * serving. Without `until`: once caught up, readers are switched to it and the old one is dropped.
   * With `until`: stops at that position and leaves the namespace beside the live one, for audit.
   * Throws `RebuildInProgress` when the projection is already being built.
   */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildResult> {
    const slot = this.slot(name);
    if (slot.rebuild || (slot.follower && slot.follower.namespace !== slot.live)) throw new RebuildInProgress(name);
    if (this.stopping) throw new Error('the projection runner is stopped');
    if (options.until !== undefined && !isLogPosition(options.until)) throw new RangeError(logPositionMessage('until'));
    // Claimed before the first await, so a second call made meanwhile is refused.
    slot.rebuild = { namespace: options.namespace ?? '', processed: 0, total: 0, eventsPerSecond: 0 };
    const run = this.runRebuild(slot, options);
    this.rebuilds.add(run);
    try {
      return await run;
    } finally {
      slot.rebuild = null;
      this.rebuilds.delete(run);
    }
  }

  private async runRebuild(slot: Slot, options: RebuildOptions): Promise<RebuildResult> {
    const { projection } = slot;
    const progress = slot.rebuild!;
    const { until } = options;
    const namespace = options.namespace ?? (await this.freshNamespace(projection, until));
    assertNamespace(namespace);
    progress.namespace = namespace;
    if (namespace === slot.live) throw new RebuildTargetRefused(namespace, 'it is the one serving readers');
    const existing = (await this.readStore.namespaces()).find((info) => info.namespace === namespace);
    if (existing && existing.projection !== projection.name) {
      throw new RebuildTargetRefused(namespace, `it holds projection '${existing.projection}'`);
    }
    if (existing) await this.readStore.drop(namespace);
    // No reader uses it before it is built: the indexes only readers need are built once, at the end.
    await this.readStore.prepare(namespace, projection, { deferIndexes: true });
    this.logger?.log(`rebuilding projection '${projection.name}' into '${namespace}'`);
    try {
      return await this.build(slot, namespace, options);
    } catch (error) {
      if (!this.stopping) {
        // A half-built namespace answers nothing right: remove it.
        if (slot.live !== namespace) await this.readStore.drop(namespace).catch(() => undefined);
        // Failed during the switch-over, after the old namespace stopped following: let it follow again.
        if (!slot.follower) await this.resume(slot).catch((resumeError: unknown) => this.fail(slot, resumeError));
      }
      throw error;
    }
  }

  private async build(slot: Slot, namespace: string, { until, onProgress }: RebuildOptions): Promise<RebuildResult> {
    const { projection } = slot;
    const progress = slot.rebuild!;

    const started = Date.now();
    let read = 0;
    const report = (checkpoint: number, total: number, events: number) => {
      read += events;
      progress.processed = checkpoint;
      progress.total = Math.max(total, checkpoint);
      progress.eventsPerSecond = Math.round(read / Math.max((Date.now() - started) / 1000, 0.001));
      onProgress?.({ ...progress });
    };

    let checkpoint = 0;
    if (until !== undefined) {
      checkpoint = await this.copy(namespace, projection, checkpoint, until, (position, n) =>
        report(position, until, n),
      );
      await this.readStore.completeIndexes(namespace, projection);
      return { namespace, checkpoint, live: false };
    }
    for (let head = await this.eventStore.headPosition(); checkpoint < head;) {
      checkpoint = await this.copy(namespace, projection, checkpoint, undefined, (position, n) =>
        report(position, head, n),
      );
      head = await this.eventStore.headPosition();
    }
    // Before the switch-over, while the old namespace still follows the log: it takes a while on a long log.
    await this.readStore.completeIndexes(namespace, projection);

    // Switch over: stop following the old namespace, apply what came meanwhile, then serve the new one.
    const old = slot.live;
    if (slot.follower) await this.stopFollower(slot.follower);
    slot.follower = null;
    checkpoint = await this.copy(namespace, projection, checkpoint, undefined, (position, n) =>
      report(position, position, n),
    );
    await this.readStore.setLiveNamespace(projection.name, namespace);
    slot.live = namespace;
    slot.failure = null;
    slot.caughtUp = true;
    this.setLiveCheckpoint(slot, checkpoint);
    this.follow(slot, namespace, checkpoint);
    if (old && old !== namespace) await this.readStore.drop(old);
    this.logger?.log(`projection '${projection.name}' now served from '${namespace}' at position ${checkpoint}`);
    return { namespace, checkpoint, live: true };
  }

  /** Applies the log after `after` (up to `until`) to a namespace with `readAll`; returns the checkpoint. */
  private async copy(
    namespace: string,
    projection: Projection,
    after: number,
    until: number | undefined,
    onBatch: (checkpoint: number, events: number) => void,
  ): Promise<number> {
    let checkpoint = after;
    let handled: StoredEvent[] = [];
    let seen = 0;
    let through = after;
    const flush = async () => {
      if (seen === 0 && through <= checkpoint) return;
      checkpoint = await this.readStore.applyBatch(namespace, projection, handled, { through });
      onBatch(checkpoint, seen);
      handled = [];
      seen = 0;
      await nextTurn();
      if (this.stopping) throw new Error('the projection runner is stopping');
    };
    for await (const event of this.rebuildPages.readAfter(after)) {
      if (until !== undefined && event.position > until) {
        // Nothing lies between the last event read and `until`: the namespace knows the log up to it.
        through = until;
        break;
      }
      seen += 1;
      through = event.position;
      if (handles(projection, event)) handled.push(event);
      if (handled.length >= this.rebuildBatchSize || seen >= this.rebuildBatchSize * 10) await flush();
    }
    await flush();
    return checkpoint;
  }

  private async freshNamespace(projection: Projection, until: number | undefined): Promise<string> {
    const base = namespaceOf(projection);
    if (until !== undefined) return `${base}_at${until}`;
    const taken = (await this.readStore.namespaces()).map((info) => info.namespace);
    const numbers = taken.map((namespace) => {
      if (namespace === base) return 1;
      const match = new RegExp(`^${base}_r(\\d+)$`).exec(namespace);
      return match ? Number(match[1]) : 0;
    });
    return `${base}_r${Math.max(1, ...numbers) + 1}`;
  }

  /** Finds (or creates) the live namespace and follows it — or builds the current version beside it. */
  private async resume(slot: Slot): Promise<void> {
    const { projection } = slot;
    const target = namespaceOf(projection);
    const infos = await this.readStore.namespaces();
    const liveName = await this.readStore.liveNamespace(projection.name);
    const live = infos.find((info) => info.namespace === liveName);
    let following = live?.namespace;
    if (!live) {
      await this.readStore.prepare(target, projection);
      await this.readStore.setLiveNamespace(projection.name, target);
      following = target;
    } else if (live.version !== projection.version) {
      // A new version: build it beside the old one, which serves (stale) until the new one is caught up.
      await this.readStore.prepare(target, projection);
      following = target;
      this.logger?.log(`building projection '${projection.name}' v${projection.version} beside '${live.namespace}'`);
    }
    slot.live = live?.namespace ?? target;
    slot.caughtUp = false;
    this.setLiveCheckpoint(slot, await this.readStore.checkpoint(slot.live));
    this.follow(slot, following!, await this.readStore.checkpoint(following!));
  }

  private follow(slot: Slot, namespace: string, from: number): void {
    if (this.stopping) return;
    const follower: Follower = {
      namespace,
      checkpoint: from,
      subscription: this.eventStore.subscribeToAll(from),
      done: Promise.resolve(),
    };
    slot.follower = follower;
    follower.done = this.run(slot, follower);
  }

  private async stopFollower(follower: Follower): Promise<void> {
    follower.subscription.close();
    await follower.done;
  }

  /**
   * The follower's loop. A batch is flushed when it is full, or as soon as the subscription has
   * nothing more at hand (one turn of the event loop passes without an event): large batches
   * while catching up, low latency when live.
   */
  private async run(slot: Slot, follower: Follower): Promise<void> {
    const { projection } = slot;
    const iterator = follower.subscription[Symbol.asyncIterator]();
    let handled: StoredEvent[] = [];
    let seen = 0;
    let through = follower.checkpoint;
    let idle: Promise<typeof IDLE> = Promise.resolve(IDLE);
    const flush = async () => {
      if (seen === 0) return;
      const fence = this.ownership?.fence(projection.name);
      const checkpoint = await this.readStore.applyBatch(follower.namespace, projection, handled, { through, fence });
      handled = [];
      seen = 0;
      follower.checkpoint = checkpoint;
      if (follower.namespace === slot.live) this.setLiveCheckpoint(slot, checkpoint);
      await nextTurn();
    };
    try {
      await this.checkCaughtUp(slot, follower);
      let pending = iterator.next();
      for (;;) {
        const next = seen === 0 ? await pending : await Promise.race([pending, idle]);
        if (next === IDLE) {
          await flush();
          await this.checkCaughtUp(slot, follower);
          continue;
        }
        if (next.done) break;
        pending = iterator.next();
        if (seen === 0) idle = nextTurn().then(() => IDLE);
        seen += 1;
        through = next.value.position;
        if (handles(projection, next.value)) handled.push(next.value);
        if (handled.length >= this.batchSize || seen >= this.maxSeen) await flush();
      }
      // Closed: keep what was read, so a restart starts after it.
      await flush();
    } catch (error) {
      follower.subscription.close();
      if (error instanceof LeaseLost) {
        // Another instance took the lease over (this one was too slow to renew): it goes on from the checkpoint.
        this.ownership?.forget(projection.name);
        if (slot.follower === follower) slot.follower = null;
        this.logger?.log(`projection '${projection.name}': lease lost to another instance; standing by`);
        this.handWaitersToStore(slot);
        return;
      }
      if (error instanceof UnknownNamespace && !this.stopping && slot.follower === follower) {
        // Dropped beside us (a rebuild by another process switched readers over): follow what is live now.
        this.logger?.log(`projection '${projection.name}': '${follower.namespace}' was dropped; resuming`);
        await this.resume(slot).catch((resumeError: unknown) => this.fail(slot, resumeError));
        return;
      }
      this.fail(slot, error);
    }
  }

  /** Marks the follower caught up when it has reached the head; a new version then takes over. */
  private async checkCaughtUp(slot: Slot, follower: Follower): Promise<void> {
    if (slot.caughtUp && follower.namespace === slot.live) return;
    // The store away for a moment is not the projection's failure: checked again after the next batch.
    const head = await this.eventStore.headPosition().catch(() => Infinity);
    if (follower.checkpoint < head) return;
    if (follower.namespace !== slot.live) {
      const old = slot.live;
      await this.readStore.setLiveNamespace(slot.projection.name, follower.namespace);
      slot.live = follower.namespace;
      this.setLiveCheckpoint(slot, follower.checkpoint);
      if (old) await this.readStore.drop(old);
      this.logger?.log(`projection '${slot.projection.name}' now served from '${follower.namespace}'`);
    }
    slot.caughtUp = true;
  }

  /**
   * With leases: takes those free or lapsed and follows their projections, renews those held, stands down where
   * one was lost. Runs every `renewEveryMs` once started; callable at any time (a second call joins the first).
   */
  claimLeases(): Promise<void> {
    if (!this.ownership) return Promise.resolve();
    this.claiming ??= (async () => {
      for (const slot of this.slots.values()) {
        if (this.stopping) break;
        const name = slot.projection.name;
        if (this.wanted && !this.wanted.has(name)) continue;
        try {
          const outcome = await this.ownership!.claim(name);
          if (outcome === 'gained') {
            this.logger?.log(`projection '${name}': this instance owns it now; resuming from its checkpoint`);
            if (slot.follower) await this.stopFollower(slot.follower);
            slot.follower = null;
            slot.failure = null;
            await this.resume(slot);
          } else if (outcome === 'lost') {
            this.logger?.log(`projection '${name}': lease lost to another instance; standing by`);
            if (slot.follower) await this.stopFollower(slot.follower);
            slot.follower = null;
            this.handWaitersToStore(slot);
          }
        } catch (error) {
          // The store did not answer: the lease is renewed (or taken) at the next turn, well inside its time-to-live.
          this.logger?.error(`projection '${name}': lease not claimed: ${messageOf(error)}`);
        }
      }
    })().finally(() => (this.claiming = null));
    return this.claiming;
  }

  /** Stood down: those waiting on this instance's progress watch the new owner's in the store instead. */
  private handWaitersToStore(slot: Slot): void {
    if (slot.waiters.size === 0) return;
    const waiters = [...slot.waiters];
    const position = Math.max(...waiters.map((waiter) => waiter.position));
    const timeout = Math.max(...waiters.map((waiter) => waiter.deadline)) - Date.now();
    // Each reading settles the waiters it satisfies (`setLiveCheckpoint`); the others time out on their own.
    void this.pollProgress(slot, position, timeout).catch(() => false);
  }

  /** Where the owner (another instance) has got to, as the store says. */
  private async readProgress(slot: Slot): Promise<number> {
    const live = await this.readStore.liveNamespace(slot.projection.name);
    slot.live = live;
    if (live) this.setLiveCheckpoint(slot, await this.readStore.checkpoint(live));
    return slot.liveCheckpoint;
  }

  /** `waitFor` on a projection another instance applies: watches the store's checkpoint. */
  private async pollProgress(slot: Slot, position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.readProgress(slot)) >= position) return true;
      const left = deadline - Date.now();
      if (this.stopping || left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(STANDBY_POLL_MS, left)));
    }
  }

  private fail(slot: Slot, error: unknown): void {
    const message = messageOf(error);
    slot.failure =
      error instanceof ProjectionEventFailed
        ? { message, position: error.position, eventType: error.eventType, eventId: error.eventId }
        : { message };
    this.logger?.error(`projection '${slot.projection.name}' stopped: ${message}`);
    for (const waiter of slot.waiters) waiter.settle(false);
  }

  private setLiveCheckpoint(slot: Slot, checkpoint: number): void {
    slot.liveCheckpoint = checkpoint;
    for (const waiter of slot.waiters) if (checkpoint >= waiter.position) waiter.settle(true);
  }

  /** Seconds since the first event after `checkpoint` was recorded. */
  private async waitedSince(checkpoint: number): Promise<number> {
    for await (const event of this.eventStore.readAll({ after: checkpoint, limit: 1 })) {
      const waited = (this.now().getTime() - Date.parse(event.metadata.recordedAt)) / 1000;
      return Number.isFinite(waited) ? Math.max(0, waited) : 0;
    }
    return 0;
  }

  private slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (!slot) throw new UnknownProjection(name);
    return slot;
  }
}
