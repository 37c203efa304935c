import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import type { Projection } from '../core/projection';
import { ProjectionRunner } from '../core/projection-runner';
import { READ_STORE, type ReadStore } from '../core/read-store.port';
import { CLOCK, type Clock } from '../infrastructure/stores.module';

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
          inject: [EVENT_STORE, READ_STORE, PROJECTIONS, CLOCK],
          useFactory: (eventStore: EventStore, readStore: ReadStore, registered: Projection[], clock: Clock) =>
            new ProjectionRunner({
              eventStore,
              readStore,
              projections: registered,
              now: clock,
              logger: new Logger('Projections'),
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
