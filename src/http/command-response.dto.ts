import { ApiProperty } from '@nestjs/swagger';

class RecordedEventDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'MemberJoined' }) type!: string;
}

/** What every command answers: where its events landed, to read your own writes. */
export class CommandResponseDto {
  @ApiProperty({ description: 'Id of the entity the command was about.' }) id!: string;
  @ApiProperty({ example: 'member-7f1c…' }) streamId!: string;
  @ApiProperty({ description: 'Stream revision (0-based) of the last event recorded.' }) revision!: number;
  @ApiProperty({ description: 'Global log position of the last event recorded; pass as consistentWith to queries.' })
  position!: number;
  @ApiProperty({ type: [RecordedEventDto] }) events!: RecordedEventDto[];
  @ApiProperty({ description: 'True when an Idempotency-Key matched an earlier request: nothing new was recorded.' })
  replayed!: boolean;
}
