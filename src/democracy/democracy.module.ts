import { Module } from '@nestjs/common';
import { DemocracyController } from './democracy.controller';

@Module({ controllers: [DemocracyController] })
export class DemocracyModule {}
