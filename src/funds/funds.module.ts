import { Module } from '@nestjs/common';
import { FundsCommandHandler } from './funds.command-handler';
import { FundsController } from './funds.controller';

@Module({ controllers: [FundsController], providers: [FundsCommandHandler] })
export class FundsModule {}
