import { Module } from '@nestjs/common';
import { MembershipCommandHandler } from './membership.command-handler';
import { MembershipController } from './membership.controller';

@Module({ controllers: [MembershipController], providers: [MembershipCommandHandler] })
export class MembershipModule {}
