import { Module } from '@nestjs/common';
import { DemocracyCommandHandler } from './democracy.command-handler';
import { DemocracyController } from './democracy.controller';

@Module({ controllers: [DemocracyController], providers: [DemocracyCommandHandler] })
export class DemocracyModule {}
