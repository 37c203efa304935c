import { BadRequestException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ReadAtQueryDto } from './read-at.dto';

/** Most points one series request answers: bounds the work of one request (20 years of months). */
export const MAX_SERIES_POINTS = 240;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_MESSAGE = 'must be a month written YYYY-MM, such as 2016-01';

export const SERIES_STEPS = { month: 1, quarter: 3, year: 12 } as const;
export type SeriesStep = keyof typeof SERIES_STEPS;

/** The span and spacing of a series; `asOf` does not apply (every point has its own date). */
export class SeriesQueryDto extends ReadAtQueryDto {
  @ApiProperty({ example: '2016-01', description: 'First month of the series (YYYY-MM).' })
  @Matches(MONTH, { message: `from ${MONTH_MESSAGE}` })
  from!: string;

  @ApiProperty({ example: '2025-12', description: 'Last month of the series (YYYY-MM), not before from.' })
  @Matches(MONTH, { message: `to ${MONTH_MESSAGE}` })
  to!: string;

  @ApiPropertyOptional({
    enum: Object.keys(SERIES_STEPS),
    default: 'month',
    description: `Spacing of the points; at most ${MAX_SERIES_POINTS} points per request.`,
  })
  @IsOptional()
  @IsIn(Object.keys(SERIES_STEPS), { message: 'every must be month, quarter or year' })
  every?: SeriesStep;
}

/**
 * The dates of a series: the last day of `from`'s month, then every `every` months up to `to`'s month —
 * each point is the figure at the end of its period. Throws a 400 for a reversed span, `asOf`, or too many points.
 */
export function seriesDates(query: SeriesQueryDto): string[] {
  if (query.asOf !== undefined) {
    throw new BadRequestException('asOf does not apply to a series: each point is the end of its month');
  }
  if (query.from > query.to) throw new BadRequestException(`from (${query.from}) must not be after to (${query.to})`);
  const step = SERIES_STEPS[query.every ?? 'month'];
  const first = monthIndex(query.from);
  const last = monthIndex(query.to);
  const count = Math.floor((last - first) / step) + 1;
  if (count > MAX_SERIES_POINTS) {
    throw new BadRequestException(
      `the series would have ${count} points; at most ${MAX_SERIES_POINTS} per request: ask for a shorter span or a longer step`,
    );
  }
  return Array.from({ length: count }, (_, i) => monthEnd(first + i * step));
}

function monthIndex(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return year * 12 + (m - 1);
}

/** The last calendar day of the month at `index` (months since year 0). */
function monthEnd(index: number): string {
  const year = Math.floor(index / 12);
  const month = index % 12;
  const day = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
