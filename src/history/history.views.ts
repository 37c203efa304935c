import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Answers of the history routes, for the OpenAPI document. */

export class EventMetadataView {
  @ApiProperty({ example: '2023-11-22', description: 'Business date the fact happened on.' }) occurredOn!: string;
  @ApiProperty({ example: '2026-06-30T03:00:00.000Z', description: 'When it was recorded (UTC).' })
  recordedAt!: string;
  @ApiProperty({ example: 'api-key:3f9a1c0b7d2e', description: 'The principal that recorded it.' }) actor!: string;
  @ApiProperty({ example: 'reorg-2025-07', description: 'Ties the events of one wider operation together.' })
  correlationId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The request or event that caused this one, when known.',
  })
  causationId!: string | null;
  @ApiPropertyOptional({ description: 'The Idempotency-Key the command came with.' }) idempotencyKey?: string;
  @ApiPropertyOptional({ description: 'Fingerprint of the command (refuses a key reused for another request).' })
  commandHash?: string;
  @ApiPropertyOptional({ description: 'Why it was recorded, as the clerk gave it.' }) reason?: string;
  @ApiPropertyOptional({
    example: 2,
    description: "Version of its type's shape the data is in: always the current one, older events upcast to it.",
  })
  schemaVersion?: number;
}

export class RecordedEventView {
  @ApiProperty({ example: 4812, description: 'Global log position.' }) position!: number;
  @ApiProperty({ example: 'federation-ba-vi' }) streamId!: string;
  @ApiProperty({ example: 0, description: 'Revision within its stream, from 0.' }) revision!: number;
  @ApiProperty({ example: '6f1c2b1e-0d3a-4c55-9d7e-2f0a1b2c3d4e' }) id!: string;
  @ApiProperty({ example: 'FederationRegistered' }) type!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's facts; personal data shown decrypted, or redacted once the member was forgotten.",
  })
  data!: Record<string, unknown>;
  @ApiProperty({ type: EventMetadataView }) metadata!: EventMetadataView;
}

export class EntityHistoryView {
  @ApiProperty({ example: 'federation-ba-vi' }) streamId!: string;
  @ApiProperty({ type: [RecordedEventView], description: 'Oldest first.' }) events!: RecordedEventView[];
}

export class GlobalLogPageView {
  @ApiProperty({ type: [RecordedEventView], description: 'By position.' }) events!: RecordedEventView[];
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 4912,
    description: 'Pass as `after` for the next page; null on the last page.',
  })
  next!: number | null;
  @ApiProperty({ example: 84_213, description: 'The last position in the log when read.' }) head!: number;
}
