import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, IsBusinessDate, RecordedFactDto } from '../http/recorded-fact.dto';
import { CONFERENCE_KINDS, type ConferenceKind } from './democracy.events';
import { FreeText } from '../http/free-text';

export class HoldConferenceDto extends RecordedFactDto {
  @ApiProperty({
    type: 'integer',
    example: 2023,
    description: 'The year the conference is for: the year of occurredOn.',
  })
  @IsInt()
  @Min(1900)
  @Max(9999)
  year!: number;

  @ApiProperty({
    enum: CONFERENCE_KINDS,
    description:
      'workers: Hội nghị người lao động; civil-servants: Hội nghị cán bộ, công chức, viên chức (public sector units).',
  })
  @IsIn(CONFERENCE_KINDS)
  kind!: ConferenceKind;
}

export class SignAgreementDto extends RecordedFactDto {
  @ApiPropertyOptional({
    example: 'tu-2024',
    description: `Chosen id, unique within the union; ${ENTITY_ID_MESSAGE}. Generated when absent.`,
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'Thỏa ước lao động tập thể Công ty May Ba Vì 2024–2026' })
  @FreeText({ max: 200 })
  title!: string;

  @ApiProperty({ example: '2024-01-01', description: 'First day the agreement applies (YYYY-MM-DD).' })
  @IsBusinessDate()
  validFrom!: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'Last day it applies (YYYY-MM-DD), after validFrom; absent when open-ended.',
  })
  @IsOptional()
  @IsBusinessDate()
  validUntil?: string;
}
