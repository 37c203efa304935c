import { Logger, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { ProjectionRebuilds } from '../core/projection-rebuilds';
import { ProjectionRunner } from '../core/projection-runner';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { FundsReadController } from './funds-read.controller';
import { MembershipReadController } from './membership-read.controller';
import { ProjectionsAdminController } from './projections-admin.controller';
import { RankingsController } from './rankings.controller';
import { ReadModelAccess } from './read-model-access';
import { ReadModelUnionDirectory } from './read-model-union-directory';
import { UNION_DIRECTORY } from '../organisation/union-directory.port';

/** The query side over HTTP: read models for any date, with read-your-writes; projection status and rebuilds. */
@Module({
  providers: [
    ReadModelAccess,
    { provide: UNION_DIRECTORY, useClass: ReadModelUnionDirectory },
    {
      provide: ProjectionRebuilds,
      inject: [ProjectionRunner, EVENT_STORE, CLOCK],
      useFactory: (runner: ProjectionRunner, events: EventStore, clock: Clock) => {
        const logger = new Logger('Projections');
        return new ProjectionRebuilds(runner, events, clock, (message) => logger.error(message));
      },
    },
  ],
  exports: [ReadModelAccess, UNION_DIRECTORY],
  controllers: [MembershipReadController, FundsReadController, RankingsController, ProjectionsAdminController],
})
export class ReadModelsModule {}
