import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { PROJECTION_LEASES, type ProjectionLeases } from '../core/projection-lease.port';
import { ProjectionOwnership } from '../core/projection-ownership';
import type { Projection } from '../core/projection';
import { ProjectionRunner } from '../core/projection-runner';
import { READ_STORE, type ReadStore } from '../core/read-store.port';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { instanceName, isGoneFromThisMachine } from './instance-identity';

/** The lease time-to-live as configured; without the configuration module (a test of this module alone), the default. */
function leaseTtlSeconds(config?: ConfigService<AppConfig, true>): number {
  return config?.get('PROJECTION_LEASE_TTL_SECONDS', { infer: true }) ?? new AppConfig().PROJECTION_LEASE_TTL_SECONDS;
}

/** The registered projections, as given to `forRoot`. */
export const PROJECTIONS = Symbol('Projections');

/**
 * Runs the projections in the background of the server: subscribes them when the application has
 * started, stops them (finishing the batch in flight) before the stores close. Exports the
 * `ProjectionRunner` (status, waitFor, rebuild) to every module; the read-model store (`READ_STORE`) comes
 * from the stores module, as configured.
 */
@Module({})
export class ProjectionsRuntimeModule implements OnApplicationBootstrap, OnModuleDestroy {
  static forRoot(projections: readonly Projection[]): DynamicModule {
    return {
      module: ProjectionsRuntimeModule,
      global: true,
      providers: [
        { provide: PROJECTIONS, useValue: projections },
        {
          provide: ProjectionRunner,
          inject: [
            EVENT_STORE,
            READ_STORE,
            PROJECTIONS,
            CLOCK,
            { token: PROJECTION_LEASES, optional: true },
            { token: ConfigService, optional: true },
          ],
          useFactory: (
            eventStore: EventStore,
            readStore: ReadStore,
            registered: Projection[],
            clock: Clock,
            leases?: ProjectionLeases,
            config?: ConfigService<AppConfig, true>,
          ) =>
            new ProjectionRunner({
              eventStore,
              readStore,
              projections: registered,
              now: clock,
              logger: new Logger('Projections'),
              // Other instances may share the stores: apply a projection only while holding its lease.
              ownership:
                leases &&
                new ProjectionOwnership({
                  leases,
                  owner: instanceName(),
                  ttlMs: leaseTtlSeconds(config) * 1000,
                  isGone: isGoneFromThisMachine,
                }),
            }),
        },
      ],
      exports: [ProjectionRunner],
    };
  }

  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    // Subscribes and returns: catching up goes on in the background while the server answers.
    await this.runner.start();
  }

  /** Before `onApplicationShutdown`, where the event store module closes the database. */
  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}
