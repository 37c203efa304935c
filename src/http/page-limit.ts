import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** An optional `limit` query parameter: a page of 1 to `max` items, `byDefault` when left out. */
export function PageLimit(max: number, byDefault: number) {
  return applyDecorators(
    ApiPropertyOptional({ example: 100, default: byDefault, minimum: 1, maximum: max }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: `limit must be a whole number from 1 to ${max}` }),
    Min(1),
    Max(max),
  );
}
