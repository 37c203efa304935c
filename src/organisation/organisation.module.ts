import { Module } from '@nestjs/common';
import { OrganisationCommandHandler } from './organisation.command-handler';
import { OrganisationController } from './organisation.controller';

@Module({ controllers: [OrganisationController], providers: [OrganisationCommandHandler] })
export class OrganisationModule {}
