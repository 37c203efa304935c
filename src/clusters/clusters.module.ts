import { Module } from '@nestjs/common';
import { ClustersCommandHandler } from './clusters.command-handler';
import { ClustersController } from './clusters.controller';

@Module({ controllers: [ClustersController], providers: [ClustersCommandHandler] })
export class ClustersModule {}
