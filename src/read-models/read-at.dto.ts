import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, registerDecorator } from 'class-validator';
import { isPositionOrInstant, positionOrInstantMessage } from '../core/position-or-instant';
import { IsBusinessDate } from '../http/recorded-fact.dto';

/** A log position or an ISO-8601 instant with a time zone, as `src/core/position-or-instant.ts` reads it. */
export function IsPositionOrInstant() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPositionOrInstant',
      target: object.constructor,
      propertyName,
      options: { message: positionOrInstantMessage(propertyName) },
      validator: { validate: isPositionOrInstant },
    });
}

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
  @IsPositionOrInstant()
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
  @Max(Number.MAX_SAFE_INTEGER)
  consistentWith?: number;
}
