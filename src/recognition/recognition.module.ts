import { Module } from '@nestjs/common';
import { RecognitionCommandHandler } from './recognition.command-handler';
import { RecognitionController } from './recognition.controller';

@Module({ controllers: [RecognitionController], providers: [RecognitionCommandHandler] })
export class RecognitionModule {}
