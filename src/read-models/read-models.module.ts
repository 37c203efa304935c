import { Module } from '@nestjs/common';
import { FundsReadController } from './funds-read.controller';
import { MembershipReadController } from './membership-read.controller';
import { ProjectionsAdminController } from './projections-admin.controller';
import { RankingsController } from './rankings.controller';
import { ReadModelAccess } from './read-model-access';
import { ReadModelUnionDirectory } from './read-model-union-directory';
import { UNION_DIRECTORY } from '../organisation/union-directory.port';

/** The query side over HTTP: read models for any date, with read-your-writes; projection status and rebuilds. */
@Module({
  providers: [ReadModelAccess, { provide: UNION_DIRECTORY, useClass: ReadModelUnionDirectory }],
  exports: [ReadModelAccess, UNION_DIRECTORY],
  controllers: [MembershipReadController, FundsReadController, RankingsController, ProjectionsAdminController],
})
export class ReadModelsModule {}
