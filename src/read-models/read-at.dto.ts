import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, registerDecorator } from 'class-validator';
import { isBusinessDate } from '../core/business-date';
import { IsBusinessDate } from '../http/recorded-fact.dto';

/** A log position (digits) or an ISO-8601 instant. */
const POSITION_OR_INSTANT = /^(\d{1,15}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))$/;

/**
 * The shape alone lets `2024-02-30T00:00Z` through, which Date reads as 1 March: an instant must also
 * name a real calendar day and a real time of day.
 */
function isPositionOrInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !POSITION_OR_INSTANT.test(value)) return false;
  if (/^\d+$/.test(value)) return true;
  const [hours, minutes, seconds = '0'] = value
    .slice(11, 19)
    .replace(/[^\d:]/g, '')
    .split(':');
  return (
    isBusinessDate(value.slice(0, 10)) &&
    Number(hours) < 24 &&
    Number(minutes) < 60 &&
    Number(seconds) < 60 &&
    !Number.isNaN(Date.parse(value))
  );
}

function IsKnownAt() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isKnownAt',
      target: object.constructor,
      propertyName,
      options: { message: 'knownAt must be a log position or an ISO-8601 instant with a time zone' },
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
  @IsKnownAt()
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
