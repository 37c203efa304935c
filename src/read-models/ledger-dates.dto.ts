import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsBusinessDate } from '../http/recorded-fact.dto';

/** The business dates a fund ledger's lines are taken between: for its JSON pages and its CSV export alike. */
export class LedgerDatesQueryDto {
  @ApiPropertyOptional({ example: '2020-01-01', description: 'First business date of the lines; from the first line.' })
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2020-12-31',
    description:
      'Last business date of the lines; `asOf` stands for it when absent; up to the latest line when both are.',
  })
  @IsOptional()
  @IsBusinessDate()
  to?: string;
}

/** The last day of a period: `to`, or `asOf` standing for it; both given must agree. */
export function periodEnd(to: string | undefined, asOf: string | undefined): string | undefined {
  if (to !== undefined && asOf !== undefined && to !== asOf) {
    throw new BadRequestException(`to (${to}) and asOf (${asOf}) both name the period's last day: give one`);
  }
  return to ?? asOf;
}

/** A ledger query's dates, checked: its last day (`to`, or `asOf` standing for it) not before `from`. */
export function ledgerDates(query: LedgerDatesQueryDto & { asOf?: string }): { from?: string; to?: string } {
  const to = periodEnd(query.to, query.asOf);
  if (query.from !== undefined && to !== undefined && query.from > to) {
    throw new BadRequestException(`from (${query.from}) must not be after to (${to})`);
  }
  return { from: query.from, to };
}
