import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { HistoryController } from './history.controller';

@Module({ imports: [PrivacyModule], controllers: [HistoryController] })
export class HistoryModule {}
