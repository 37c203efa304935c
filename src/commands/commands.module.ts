import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { PreviewCommandHandler, RecordCommandHandler } from './commands.command-handler';

/** The one command path: every context's controller sends `RecordCommand` on the bus. */
@Module({ imports: [ReadModelsModule], providers: [RecordCommandHandler, PreviewCommandHandler] })
export class CommandsModule {}
