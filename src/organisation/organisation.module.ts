import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { OrganisationController } from './organisation.controller';

@Module({ imports: [ReadModelsModule], controllers: [OrganisationController] })
export class OrganisationModule {}
