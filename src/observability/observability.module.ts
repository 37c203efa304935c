import { Global, Inject, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { ProjectionRunner } from '../core/projection-runner';
import type { SqliteFileWatch } from '../infrastructure/sqlite/sqlite-file-watch';
import { SQLITE_FILE } from '../infrastructure/stores.module';
import { instrumentCommandBus } from './instrumented-command-bus';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

/**
 * Metrics (Prometheus, `GET /metrics` for admins) and the spans of commands; the stores are instrumented
 * where they are opened (`StoresModule`), the HTTP requests by `httpTelemetry` in `configureApp`. Traces
 * leave the process only when `src/observability/tracing.ts` started the OpenTelemetry SDK.
 */
@Global()
@Module({
  providers: [{ provide: Metrics, useFactory: () => new Metrics() }],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class ObservabilityModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly metrics: Metrics,
    private readonly commandBus: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(SQLITE_FILE) private readonly sqliteFile: SqliteFileWatch | null,
  ) {}

  onModuleInit(): void {
    instrumentCommandBus(this.commandBus, this.metrics);
  }

  onApplicationBootstrap(): void {
    this.metrics.observe({ eventStore: this.eventStore, projections: this.projections, sqliteFile: this.sqliteFile });
  }
}
