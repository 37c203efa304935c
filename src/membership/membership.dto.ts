import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, IsBusinessDate, RecordedFactDto } from '../http/recorded-fact.dto';
import { GENDERS, type Gender } from './membership.events';
import { FreeText } from '../http/free-text';

export class JoinMemberDto extends RecordedFactDto {
  @ApiPropertyOptional({
    example: 'ba-vi-dv-000123',
    description: `Chosen id; ${ENTITY_ID_MESSAGE}. Generated when absent.`,
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'ba-vi-cd-001', description: 'The grassroots union (CĐCS) joined.' })
  @Matches(ENTITY_ID_PATTERN, { message: `unionId ${ENTITY_ID_MESSAGE}` })
  unionId!: string;

  @ApiProperty({ example: 'Nguyễn Thị Lan', description: 'Personal data: kept only in the member’s own history.' })
  @FreeText({ max: 200 })
  fullName!: string;

  @ApiProperty({ enum: GENDERS, description: 'Personal data: kept only in the member’s own history.' })
  @IsIn(GENDERS)
  gender!: Gender;

  @ApiProperty({
    example: '1990-05-17',
    description: 'Date of birth (YYYY-MM-DD); personal data, kept only in the member’s own history.',
  })
  @IsBusinessDate()
  birthDate!: string;
}

export class TransferMemberDto extends RecordedFactDto {
  @ApiProperty({ example: 'ba-vi-cd-002', description: 'The grassroots union the member moves to.' })
  @Matches(ENTITY_ID_PATTERN, { message: `toUnionId ${ENTITY_ID_MESSAGE}` })
  toUnionId!: string;
}

export class LeaveMemberDto extends RecordedFactDto {}

/**
 * Forgetting is irreversible, so the reason is required (it stays in the event metadata for auditors).
 * Declared in full rather than extending `RecordedFactDto`, whose reason is optional.
 */
export class ForgetMemberDto {
  @ApiProperty({ example: '2026-06-30', description: 'Business date of the request to forget (YYYY-MM-DD).' })
  @IsBusinessDate()
  occurredOn!: string;

  @ApiProperty({
    example: 'Yêu cầu xoá dữ liệu cá nhân theo Nghị định 13/2023',
    maxLength: 500,
    description: 'Why the member is forgotten, e.g. their written request under Decree 13/2023.',
  })
  @FreeText({ max: 500 })
  reason!: string;
}
