import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, NotEquals, ValidateIf } from 'class-validator';
import { MAX_AMOUNT_DONG } from '../core/money';
import {
  ENTITY_ID_MESSAGE,
  ENTITY_ID_PATTERN,
  IsBusinessDate,
  RecordedFactDto,
  RequiredReason,
} from '../http/recorded-fact.dto';
import { MAX_RECIPIENTS } from './fund-book';
import {
  CORRECTION_KINDS,
  type CorrectionKind,
  FUND_KINDS,
  type FundKind,
  SOURCE_KINDS,
  type SourceKind,
  SUPPORT_PURPOSES,
  SUPPORT_RECIPIENT_KINDS,
  type SupportPurpose,
  type SupportRecipientKind,
} from './funds.events';
import { FreeText } from '../http/free-text';

const REASON_REQUIRED = 'reason is required (1 to 500 characters): say what was wrong with the entry';

/**
 * Whole đồng, 1 to MAX_AMOUNT_DONG. `IsInt` alone would let 1e300 through (it is an integer to JavaScript);
 * the upper bound keeps every amount a safe integer. Strings such as "100" are refused, never converted.
 */
function IsAmountDong() {
  return applyDecorators(
    IsInt({ message: ({ property }) => `${property} must be a whole number of đồng (an integer, not text)` }),
    Min(1),
    Max(MAX_AMOUNT_DONG),
  );
}

function OptionalId(example: string) {
  return applyDecorators(
    ApiPropertyOptional({ example, description: `Chosen id; ${ENTITY_ID_MESSAGE}. Generated when absent.` }),
    IsOptional(),
    Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` }),
  );
}

export class OpenFundDto extends RecordedFactDto {
  @OptionalId('hoan-kiem-quy-xa-hoi')
  id?: string;

  @ApiProperty({ enum: FUND_KINDS, example: 'social' })
  @IsIn(FUND_KINDS)
  kind!: FundKind;

  @ApiProperty({ example: 'Quỹ xã hội LĐLĐ quận Hoàn Kiếm' })
  @FreeText({ max: 200 })
  name!: string;
}

export class ReceiveContributionDto extends RecordedFactDto {
  @OptionalId('hk-2020-thu-0001')
  id?: string;

  @ApiProperty({ example: 58_000_000, description: `Whole đồng (VND), 1 to ${MAX_AMOUNT_DONG}.` })
  @IsAmountDong()
  amount!: number;

  @ApiProperty({ enum: SOURCE_KINDS, example: 'union' })
  @IsIn(SOURCE_KINDS)
  sourceKind!: SourceKind;

  @ApiPropertyOptional({ example: 'hk-cd-017', description: 'The giver, when it is known to the system.' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `sourceId ${ENTITY_ID_MESSAGE}` })
  sourceId?: string;

  @ApiPropertyOptional({ example: 'Công ty TNHH Thương mại Hoàn Kiếm', description: 'The giver, by name.' })
  @FreeText({ max: 200, optional: true })
  sourceName?: string;
}

export class PaySupportDto extends RecordedFactDto {
  @OptionalId('hk-2020-chi-0001')
  id?: string;

  @ApiProperty({
    example: 242_000_000,
    description: `Total paid, whole đồng (VND), 1 to ${MAX_AMOUNT_DONG}; with amountEach it must equal recipients × amountEach.`,
  })
  @IsAmountDong()
  amount!: number;

  @ApiProperty({ enum: SUPPORT_PURPOSES, example: 'tet-gifts' })
  @IsIn(SUPPORT_PURPOSES)
  purpose!: SupportPurpose;

  @ApiProperty({ enum: SUPPORT_RECIPIENT_KINDS, example: 'member' })
  @IsIn(SUPPORT_RECIPIENT_KINDS)
  recipientKind!: SupportRecipientKind;

  @ApiPropertyOptional({ example: 'hk-dv-000123', description: 'The recipient, when it is known to the system.' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `recipientId ${ENTITY_ID_MESSAGE}` })
  recipientId?: string;

  @ApiPropertyOptional({ example: 'Đoàn viên có hoàn cảnh khó khăn', description: 'The recipient, by name.' })
  @FreeText({ max: 200, optional: true })
  recipientName?: string;

  @ApiPropertyOptional({
    example: 242,
    default: 1,
    description: 'How many received it; more than one needs amountEach.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RECIPIENTS)
  recipients?: number;

  @ApiPropertyOptional({ example: 1_000_000, description: 'What each recipient received, whole đồng.' })
  @IsOptional()
  @IsAmountDong()
  amountEach?: number;
}

export class TransferBetweenFundsDto extends RecordedFactDto {
  @OptionalId('hk-2020-chuyen-0001')
  id?: string;

  @ApiProperty({ example: 'hoan-kiem-quy-xa-hoi', description: 'The fund the money leaves.' })
  @Matches(ENTITY_ID_PATTERN, { message: `fromFundId ${ENTITY_ID_MESSAGE}` })
  fromFundId!: string;

  @ApiProperty({ example: 'hoan-kiem-mai-am', description: 'The fund the money enters, of the same federation.' })
  @Matches(ENTITY_ID_PATTERN, { message: `toFundId ${ENTITY_ID_MESSAGE}` })
  toFundId!: string;

  @ApiProperty({ example: 20_000_000, description: `Whole đồng (VND), 1 to ${MAX_AMOUNT_DONG}.` })
  @IsAmountDong()
  amount!: number;
}

export class CorrectEntryDto extends RecordedFactDto {
  @OptionalId('hk-2020-dieu-chinh-0001')
  id?: string;

  @ApiProperty({
    enum: CORRECTION_KINDS,
    description: 'reversal cancels the whole entry; adjustment changes its amount by amountDelta.',
  })
  @IsIn(CORRECTION_KINDS)
  kind!: CorrectionKind;

  @ApiPropertyOptional({
    example: -500_000,
    description:
      'Signed change to the entry’s amount in whole đồng; required for an adjustment, absent for a reversal.',
  })
  @ValidateIf((body: CorrectEntryDto) => body.kind === 'adjustment' || body.amountDelta !== undefined)
  @IsInt({ message: 'amountDelta must be a whole number of đồng (an integer, not text); required for an adjustment' })
  @NotEquals(0, { message: 'amountDelta must not be 0' })
  @Min(-MAX_AMOUNT_DONG)
  @Max(MAX_AMOUNT_DONG)
  amountDelta?: number;

  // Required here, unlike other commands: auditors must see why an entry was corrected.
  @RequiredReason({
    description: 'What was wrong with the entry.',
    example: 'Ghi nhầm số tiền, chứng từ số 15/PC',
    message: REASON_REQUIRED,
  })
  override reason: string = '';
}

export class ClosePeriodDto extends RecordedFactDto {
  @ApiProperty({
    example: '2023-12-31',
    description:
      'Last business date of the period closed (kết sổ); nothing dated on or before it can be recorded afterwards. ' +
      'Not after occurredOn, the day it is closed.',
  })
  @IsBusinessDate()
  closedThrough!: string;
}

const REOPEN_REASON_REQUIRED =
  'reason is required (1 to 500 characters): say what must be recorded in the closed period, and on whose authority';

export class ReopenPeriodDto extends RecordedFactDto {
  @ApiProperty({
    example: '2023-12-01',
    description: 'First business date reopened; every closed date from it on can take entries again.',
  })
  @IsBusinessDate()
  reopenedFrom!: string;

  // Required, as on a correction: inspectors must see why figures they signed off may change.
  @RequiredReason({
    description: 'Why the closed period is reopened.',
    example: 'Bổ sung chứng từ chi tháng 12/2023 theo kết luận kiểm tra số 05/KL-UBKT',
    message: REOPEN_REASON_REQUIRED,
  })
  override reason: string = '';
}
