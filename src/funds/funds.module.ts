import { Module } from '@nestjs/common';
import { VerificationModule } from '../verification/verification.module';
import { FundsController } from './funds.controller';

// VerificationModule is imported here only to register it: AppModule is not this context's to edit.
@Module({ imports: [VerificationModule], controllers: [FundsController] })
export class FundsModule {}
