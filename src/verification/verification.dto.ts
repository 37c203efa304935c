import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, IsBusinessDate } from '../http/recorded-fact.dto';

// ---- Query ----

export class VerifyFundsQueryDto {
  @ApiPropertyOptional({ example: 'hoan-kiem', description: "One federation's fund book; every book when absent." })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `federationId ${ENTITY_ID_MESSAGE}` })
  federationId?: string;

  @ApiPropertyOptional({
    example: '2020-12-31',
    description: 'Figures at the end of this business date (balances, flows since opening); every date when absent.',
  })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;

  @ApiPropertyOptional({ example: '2020-01-01', description: 'First day of a period whose flows are verified too.' })
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2020-12-31',
    description: 'Last day of that period (needs `from`); `asOf` stands for it when absent.',
  })
  @IsOptional()
  @IsBusinessDate()
  to?: string;
}

// ---- Response shapes, for the OpenAPI document. Whole đồng are JSON numbers, or decimal strings past 2^53. ----

const DONG = {
  type: 'integer',
  description: 'Whole đồng (VND). Past 2^53, where JSON numbers lose đồng, written as a string of digits instead.',
} as const;
const DONG_MAP = {
  type: 'object',
  additionalProperties: DONG,
  example: { union: 58_000_000 },
} as const;

class EventRefDto {
  @ApiProperty({ example: '6f1c2b1e-…' }) eventId!: string;
  @ApiProperty({ example: 'fundbook-hoan-kiem' }) streamId!: string;
  @ApiProperty({ example: 12 }) revision!: number;
  @ApiProperty({ example: 4812, description: 'Global log position.' }) position!: number;
  @ApiProperty({ example: 'EntryCorrected' }) type!: string;
  @ApiProperty({ example: '2020-08-03' }) occurredOn!: string;
  @ApiProperty({ example: '2020-08-04T02:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({ example: 'api-key:ke-toan-hoan-kiem' }) recordedBy!: string;
}

class FindingDto {
  @ApiProperty({ example: 'verify.entry-in-closed-period', description: 'Stable id of the rule the events break.' })
  rule!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'hk-2020-chi-0003' }) entryId!: string | null;
  @ApiProperty({ type: EventRefDto }) event!: EventRefDto;
}

class EventBehindDto {
  @ApiProperty({ example: 'hk-2020-thu-0012' }) entryId!: string;
  @ApiProperty({ enum: ['contribution', 'payment', 'transfer', 'correction'] }) kind!: string;
  @ApiProperty({ type: 'string', nullable: true }) correctsEntryId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'hoan-kiem-quy-den-on' }) fundId!: string | null;
  @ApiProperty({ example: '2020-07-25' }) occurredOn!: string;
  @ApiProperty({ ...DONG, example: 8_000_000, description: "Its effect on the fund's balance." }) amount!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'ContributionReceived' }) type!: string;
  @ApiProperty({ example: 4711 }) position!: number;
  @ApiProperty({ example: 'seed-demo' }) recordedBy!: string;
}

class DifferenceDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'hoan-kiem-quy-covid', description: 'Null: totals.' })
  fundId!: string | null;
  @ApiProperty({ enum: ['fund', 'as-of', 'period', 'federation-totals', 'ledger-line'] }) scope!: string;
  @ApiProperty({ example: 'balance', description: 'balance, inflowBySource.union, a ledger line <date>:<entryId>…' })
  figure!: string;
  @ApiProperty({ ...DONG, nullable: true, example: 990_000_000, description: 'Recomputed from the events.' })
  verified!: number | null;
  @ApiProperty({ ...DONG, nullable: true, example: 991_000_000, description: 'What the read model says.' })
  readModel!: number | null;
  @ApiProperty({ ...DONG, example: 1_000_000, description: 'Read model minus verified.' }) difference!: number;
  @ApiProperty({ type: 'string', nullable: true }) note!: string | null;
  @ApiProperty({ type: [EventBehindDto], description: 'The entries behind the verified figure (at most 50).' })
  events!: EventBehindDto[];
  @ApiProperty({ example: 5, description: 'How many entries are behind it in all.' }) eventsBehind!: number;
}

class TrialBalanceDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: '2020-12-31', description: '9999-12-31: every date.' }) asOf!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { account: { type: 'string' }, balance: DONG } },
    example: [
      { account: 'fund:hoan-kiem-quy-covid', balance: 990_000_000 },
      { account: 'purpose:frontline', balance: 60_000_000 },
      { account: 'source:organisation', balance: -1_050_000_000 },
    ],
    description: 'fund:<id>, source:<kind>, purpose:<purpose>; debit positive, credit negative.',
  })
  accounts!: { account: string; balance: number }[];
  @ApiProperty({ ...DONG }) totalDebit!: number;
  @ApiProperty({ ...DONG }) totalCredit!: number;
  @ApiProperty({ ...DONG, example: 0, description: 'Debits minus credits: zero when the books balance.' })
  total!: number;
}

class ConservationDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: '2020-12-31' }) asOf!: string;
  @ApiProperty({ ...DONG }) fundBalances!: number;
  @ApiProperty({ ...DONG }) contributions!: number;
  @ApiProperty({ ...DONG }) supportPaid!: number;
  @ApiProperty({ ...DONG, description: 'Balances taken over from federations merged into this one.' })
  takenOver!: number;
  @ApiProperty({ ...DONG, description: 'Balances handed over when this federation merged into another.' })
  handedOver!: number;
  @ApiProperty({ description: 'fundBalances = contributions − supportPaid + takenOver − handedOver, exactly.' })
  holds!: boolean;
}

class VerifiedFundDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 'hoan-kiem-quy-covid' }) fundId!: string;
  @ApiProperty({ example: 'covid' }) kind!: string;
  @ApiProperty({ example: 'Quỹ phòng chống Covid-19' }) name!: string;
  @ApiProperty({ example: '2020-01-01' }) openedOn!: string;
  @ApiProperty({ ...DONG, description: 'At the end of the day before the period (0 for figures as of a date).' })
  openingBalance!: number;
  @ApiProperty({ ...DONG, description: 'At the end of the date (or of the period).' }) closingBalance!: number;
  @ApiProperty({ ...DONG, description: 'From outside the federation, net of corrections.' }) contributions!: number;
  @ApiProperty(DONG_MAP) bySource!: Record<string, number>;
  @ApiProperty({ ...DONG }) supportPaid!: number;
  @ApiProperty({ ...DONG_MAP, example: { frontline: 60_000_000 } }) byPurpose!: Record<string, number>;
  @ApiProperty({ example: 242 }) recipients!: number;
  @ApiProperty({ ...DONG }) transfersIn!: number;
  @ApiProperty({ ...DONG }) transfersOut!: number;
}

class VerifiedTotalsDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ ...DONG }) openingBalance!: number;
  @ApiProperty({ ...DONG }) closingBalance!: number;
  @ApiProperty({ ...DONG }) contributions!: number;
  @ApiProperty(DONG_MAP) bySource!: Record<string, number>;
  @ApiProperty({ ...DONG }) supportPaid!: number;
  @ApiProperty({ ...DONG_MAP, example: { 'tet-gifts': 242_000_000 } }) byPurpose!: Record<string, number>;
  @ApiProperty({ example: 242 }) recipients!: number;
}

class PeriodDto {
  @ApiProperty({ example: '2020-01-01' }) from!: string;
  @ApiProperty({ example: '2020-12-31' }) to!: string;
  @ApiProperty({ type: [VerifiedFundDto] }) funds!: VerifiedFundDto[];
  @ApiProperty({ type: VerifiedTotalsDto }) totals!: VerifiedTotalsDto;
}

class BookVerificationDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 143 }) eventsRead!: number;
  @ApiProperty({ example: 80_112 }) lastPosition!: number;
  @ApiProperty({ type: 'string', nullable: true, example: '2020-12-31', description: 'Last closed date (kết sổ).' })
  closedThrough!: string | null;
  @ApiProperty({ type: [VerifiedFundDto], description: 'As of asOf: balances and flows since opening.' })
  funds!: VerifiedFundDto[];
  @ApiProperty({ type: VerifiedTotalsDto }) totals!: VerifiedTotalsDto;
  @ApiProperty({ type: PeriodDto, nullable: true }) period!: PeriodDto | null;
  @ApiProperty({ type: TrialBalanceDto }) trialBalance!: TrialBalanceDto;
  @ApiProperty({ type: ConservationDto }) conservation!: ConservationDto;
  @ApiProperty({ type: [FindingDto] }) findings!: FindingDto[];
}

class TrialBalanceTotalDto {
  @ApiProperty({ ...DONG }) totalDebit!: number;
  @ApiProperty({ ...DONG }) totalCredit!: number;
  @ApiProperty({ ...DONG, example: 0 }) total!: number;
}

export class FundsReconciliationDto {
  @ApiProperty({ type: 'string', nullable: true, example: '2020-12-31', description: 'Null: every date.' })
  asOf!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: null }) from!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: null }) to!: string | null;
  @ApiProperty({
    example: 80_112,
    description: 'The log position both sides were read at: events up to it, the read model as known at it.',
  })
  knownAt!: number;
  @ApiProperty({ example: 3_154, description: 'Fund book events read.' }) eventsRead!: number;
  @ApiProperty({ example: true, description: 'Sound, and the read model agrees to the đồng on every figure.' })
  reconciled!: boolean;
  @ApiProperty({ example: true, description: 'Every trial balance is zero, conservation holds, no finding.' })
  sound!: boolean;
  @ApiProperty({ type: TrialBalanceTotalDto, description: 'Over every book.' }) trialBalance!: TrialBalanceTotalDto;
  @ApiProperty({ type: [DifferenceDto] }) differences!: DifferenceDto[];
  @ApiProperty({ type: [FindingDto], description: 'What the events themselves break; none in a sound log.' })
  findings!: FindingDto[];
  @ApiProperty({ type: [BookVerificationDto] }) books!: BookVerificationDto[];
}

class TrailStepDto {
  @ApiProperty({ example: 'hk-2020-dieu-chinh-0001' }) entryId!: string;
  @ApiProperty({ example: 'reversal', description: 'contribution, payment, transfer; reversal or adjustment.' })
  kind!: string;
  @ApiProperty({ example: '2020-08-03' }) occurredOn!: string;
  @ApiProperty({ ...DONG, example: -8_000_000, description: "The original's amount, or a correction's change." })
  amount!: number;
  @ApiProperty({ ...DONG, example: 0, description: 'What the entry amounted to once this was recorded.' })
  amountAfter!: number;
  @ApiProperty({ type: 'string', nullable: true, example: 'Ghi trùng chứng từ số 12/PT' }) reason!: string | null;
  @ApiProperty({ example: 'api-key:ke-toan-hoan-kiem' }) recordedBy!: string;
  @ApiProperty({ example: '2020-08-04T02:00:00.000Z' }) recordedAt!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'EntryCorrected' }) type!: string;
  @ApiProperty({ example: 4812 }) position!: number;
  @ApiProperty({ example: 4811, description: 'Pass as knownAt to read models to see the figures just before.' })
  knownBefore!: number;
}

class CounterpartyDto {
  @ApiProperty({ example: 'union' }) kind!: string;
  @ApiProperty({ type: 'string', nullable: true }) id!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) name!: string | null;
}

export class EntryTrailDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 'hk-2020-thu-0012' }) entryId!: string;
  @ApiProperty({ example: 'hk-2020-thu-0012', description: 'The id asked about (the entry or one correction).' })
  requested!: string;
  @ApiProperty({ enum: ['contribution', 'payment', 'transfer'] }) kind!: string;
  @ApiProperty({ type: 'string', nullable: true }) fromFundId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) toFundId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'union' }) category!: string | null;
  @ApiProperty({ type: CounterpartyDto, nullable: true }) counterparty!: CounterpartyDto | null;
  @ApiProperty({ example: 0 }) recipients!: number;
  @ApiProperty({ ...DONG, nullable: true }) amountEach!: number | null;
  @ApiProperty({ type: TrailStepDto }) original!: TrailStepDto;
  @ApiProperty({ type: [TrailStepDto], description: 'In the order they were recorded.' }) corrections!: TrailStepDto[];
  @ApiProperty({ ...DONG, example: 0 }) amountNow!: number;
  @ApiProperty() reversed!: boolean;
}
