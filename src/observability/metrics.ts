import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventStore } from '../core/event-store.port';
import type { ProjectionRunner, ProjectionStatus } from '../core/projection-runner';
import type { SqliteFileWatch } from '../infrastructure/sqlite/sqlite-file-watch';

/** What the gauges read when Prometheus scrapes: the log, the projections and the SQLite file. */
export interface ScrapeSources {
  eventStore: EventStore;
  projections: ProjectionRunner;
  sqliteFile: SqliteFileWatch | null;
}

/**
 * The service's Prometheus metrics, in one registry of its own (so tests and several apps in a process
 * do not collide). Counters and the latency histogram are updated as things happen; the gauges are read
 * at scrape time, so an idle service costs nothing.
 */
export class Metrics {
  readonly registry = new Registry();
  private sources: ScrapeSources | null = null;

  readonly httpDuration = new Histogram({
    name: 'union_ledger_http_request_duration_seconds',
    help: 'HTTP requests by method, matched route and status, with their duration.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'union_ledger_commands_total',
    help: 'Commands by type and outcome: accepted, replayed (an Idempotency-Key retry), refused (with the rule id), not_found, unavailable or failed.',
    labelNames: ['type', 'outcome', 'rule'] as const,
    registers: [this.registry],
  });

  readonly appends = new Counter({
    name: 'union_ledger_appends_total',
    help: 'Appends to the event store by outcome: stored, conflict (a stream moved; the command is decided again) or failed.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'union_ledger_events_appended_total',
    help: 'Events stored by appends of this process.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'union_ledger_' });
    // The gauges' `collect` runs with `this` bound to the gauge: reach the sources through closures.
    const eventStore = () => this.sources?.eventStore;
    const statuses = () => this.projectionStatuses();
    const sqliteFile = () => this.sources?.sqliteFile;
    new Gauge({
      name: 'union_ledger_log_length',
      help: 'Position of the last event in the log (the number of events, in the embedded store).',
      registers: [this.registry],
      async collect() {
        const store = eventStore();
        if (store) this.set(await store.headPosition());
      },
    });
    const perProjection = (name: string, help: string, read: (status: ProjectionStatus) => number | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const status of await statuses()) {
            const value = read(status);
            if (value !== null) this.set({ projection: status.name }, value);
          }
        },
      });
    perProjection(
      'union_ledger_projection_lag_events',
      'Events recorded but not yet applied, per projection.',
      (s) => s.lagEvents,
    );
    perProjection(
      'union_ledger_projection_lag_seconds',
      'How long the oldest event not yet applied has waited, per projection (0 when caught up).',
      (s) => s.lagSeconds,
    );
    perProjection('union_ledger_projection_failed', '1 when the projection has stopped on a failure.', (s) =>
      s.state === 'failed' ? 1 : 0,
    );
    perProjection(
      'union_ledger_projection_rebuild_progress_ratio',
      'Share of the log a rebuild in progress has applied (0 to 1); absent when none runs.',
      (s) => (s.rebuild ? (s.rebuild.total > 0 ? Math.min(1, s.rebuild.processed / s.rebuild.total) : 0) : null),
    );
    perProjection(
      'union_ledger_projection_rebuild_position',
      'Log position a rebuild in progress has applied up to; absent when none runs.',
      (s) => s.rebuild?.processed ?? null,
    );
    new Gauge({
      name: 'union_ledger_sqlite_bytes',
      help: 'Size of the embedded SQLite database file and of its write-ahead log.',
      labelNames: ['file'] as const,
      registers: [this.registry],
      collect() {
        const file = sqliteFile();
        if (!file) return;
        const sizes = file.sizes();
        this.set({ file: 'database' }, sizes.file);
        this.set({ file: 'wal' }, sizes.wal);
      },
    });
  }

  /** Called once the application has started: from then on the gauges have something to read. */
  observe(sources: ScrapeSources): void {
    this.sources = sources;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async projectionStatuses(): Promise<ProjectionStatus[]> {
    return this.sources ? this.sources.projections.status() : [];
  }
}
