import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { MembershipCommandHandler } from './membership.command-handler';
import { MembershipController } from './membership.controller';

@Module({ imports: [PrivacyModule], controllers: [MembershipController], providers: [MembershipCommandHandler] })
export class MembershipModule {}
