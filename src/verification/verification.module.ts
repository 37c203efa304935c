import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { ProjectionRunner } from '../core/projection-runner';
import { ReadModelAccess } from '../read-models/read-model-access';
import { FundsVerificationService } from './funds-verification.service';
import { VerificationController } from './verification.controller';

/** Independent verification of the funds; the service is plain TypeScript, wired here. */
@Module({
  providers: [
    ReadModelAccess,
    {
      provide: FundsVerificationService,
      inject: [EVENT_STORE, ReadModelAccess, ProjectionRunner],
      useFactory: (events: EventStore, access: ReadModelAccess, runner: ProjectionRunner) =>
        new FundsVerificationService(events, () => access.reader('funds'), runner),
    },
  ],
  controllers: [VerificationController],
  exports: [FundsVerificationService],
})
export class VerificationModule {}
