import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { OrganisationCommandHandler, PreviewReorganisationHandler } from './organisation.command-handler';
import { OrganisationController } from './organisation.controller';

@Module({
  imports: [ReadModelsModule],
  controllers: [OrganisationController],
  providers: [OrganisationCommandHandler, PreviewReorganisationHandler],
})
export class OrganisationModule {}
