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
