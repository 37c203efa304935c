import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { IsBusinessDate } from '../http/recorded-fact.dto';

/** A log position (digits) or an ISO-8601 instant. */
const POSITION_OR_INSTANT = /^(\d{1,15}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))$/;

/** The time-travel and consistency parameters every read-model query accepts. */
export class ReadAtQueryDto {
  @ApiPropertyOptional({
    example: '2023-12-31',
    description:
      'Business date: the figures in force on that day, with everything known now (late-recorded facts included).',
  })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;

  @ApiPropertyOptional({
    example: '2024-01-15T00:00:00+07:00',
    description: 'What the system said then: a log position, or an ISO-8601 instant (before later corrections).',
  })
  @IsOptional()
  @Matches(POSITION_OR_INSTANT, { message: 'knownAt must be a log position or an ISO-8601 instant with a time zone' })
  knownAt?: string;

  @ApiPropertyOptional({
    example: 1234,
    description:
      "A command's `position`: wait (up to a few seconds) until the read model includes it; 503 with Retry-After if not.",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  consistentWith?: number;
}
