import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { MAX_AMOUNT_DONG } from '../core/money';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, RecordedFactDto, RequiredReason } from '../http/recorded-fact.dto';
import { AWARD_LEVELS, type AwardLevel, RECIPIENT_KINDS, type RecipientKind } from './recognition.events';
import { FreeText } from '../http/free-text';

const REASON_REQUIRED = 'reason is required (1 to 500 characters): say why the award is revoked';

export class GrantAwardDto extends RecordedFactDto {
  @ApiPropertyOptional({
    example: 'ba-vi-ldg-2023-0001',
    description: `Chosen id; ${ENTITY_ID_MESSAGE}. Generated when absent.`,
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({
    example: 'Lao động giỏi',
    description:
      'The title, e.g. Lao động giỏi, Công nhân giỏi Thủ đô, Giỏi việc nước, đảm việc nhà, Chiến sĩ thi đua.',
  })
  @FreeText({ max: 200 })
  title!: string;

  @ApiProperty({ enum: AWARD_LEVELS, description: 'Who awards it: grassroots, district, city or national level.' })
  @IsIn(AWARD_LEVELS)
  level!: AwardLevel;

  @ApiProperty({ enum: RECIPIENT_KINDS })
  @IsIn(RECIPIENT_KINDS)
  recipientKind!: RecipientKind;

  @ApiProperty({ example: 'ba-vi-dv-000123', description: 'The member, union or federation honoured.' })
  @Matches(ENTITY_ID_PATTERN, { message: `recipientId ${ENTITY_ID_MESSAGE}` })
  recipientId!: string;

  @ApiProperty({
    example: 2023,
    description: 'The year the title is for: the year of occurredOn or the one before (year-end conferences).',
  })
  @IsInt()
  @Min(1900)
  @Max(9999)
  year!: number;
}

export class RevokeAwardDto extends RecordedFactDto {
  // Required here, unlike other commands: auditors must see why a title was taken back.
  @RequiredReason({
    description: 'Why the award is revoked.',
    example: 'Quyết định thu hồi số 12/QĐ-LĐLĐ',
    message: REASON_REQUIRED,
  })
  override reason: string = '';
}

export class RecogniseInitiativeDto extends RecordedFactDto {
  @ApiPropertyOptional({
    example: 'ha-dong-sk-2017-0042',
    description: `Chosen id; ${ENTITY_ID_MESSAGE}. Generated when absent.`,
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'ha-dong', description: 'The federation the initiative is counted for.' })
  @Matches(ENTITY_ID_PATTERN, { message: `federationId ${ENTITY_ID_MESSAGE}` })
  federationId!: string;

  @ApiPropertyOptional({ example: 'ha-dong-cd-017', description: 'The grassroots union, of that federation, if any.' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `unionId ${ENTITY_ID_MESSAGE}` })
  unionId?: string;

  @ApiProperty({ example: 'Cải tiến quy trình kiểm kê kho' })
  @FreeText({ max: 500 })
  title!: string;

  @ApiProperty({ example: 25_000_000, description: 'Value saved, in whole đồng (VND).' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_DONG)
  valueSavedDong!: number;
}
