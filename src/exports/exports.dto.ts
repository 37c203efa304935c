import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN } from '../http/recorded-fact.dto';
import { LedgerDatesQueryDto } from '../read-models/ledger-dates.dto';
import { ReadAtQueryDto } from '../read-models/read-at.dto';

/** Whether the CSV starts with a UTF-8 byte order mark (see `csv.ts`). */
export class CsvQueryDto extends ReadAtQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'true',
    description:
      'Start with a UTF-8 byte order mark, so Excel shows Vietnamese correctly; `false` for programs that do not expect one.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'bom must be true or false' })
  bom?: 'true' | 'false';
}

export class LedgerCsvQueryDto extends IntersectionType(CsvQueryDto, LedgerDatesQueryDto) {}

export class MembershipCsvQueryDto extends CsvQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    example: 2023,
    description: "The year whose joins, departures and transfers are counted; `asOf`'s year when absent.",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole year such as 2023' })
  @Min(1900)
  @Max(9999)
  year?: number;
}

export class EvidencePackQueryDto {
  @ApiPropertyOptional({
    example: 'hoan-kiem',
    description: "One federation's part of the log; the whole log when absent.",
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `federationId ${ENTITY_ID_MESSAGE}` })
  federationId?: string;
}
