import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
  IntersectionType,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { LedgerLineDoc } from '../../projections/funds/funds.projection';
import {
  DEFAULT_LEDGER_PAGE,
  federationFunds,
  type FederationFunds,
  fundFigures,
  type FundFigures,
  fundBalanceSeries,
  fundFlows,
  type FundPeriodFlows,
  ledgerPage,
  MAX_LEDGER_PAGE,
} from '../../projections/funds/funds.queries';
import { NotFound } from '../core/domain-error';
import type { ProjectionReader } from '../core/projection-reader';
import type { ReadAt } from '../core/read-store.port';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { ENTITY_ID_PATTERN, IsBusinessDate } from '../http/recorded-fact.dto';
import { Roles } from '../auth/auth.decorators';
import { LedgerDatesQueryDto, ledgerDates, periodEnd } from './ledger-dates.dto';
import { ReadAtQueryDto } from './read-at.dto';
import { SeriesQueryDto, seriesDates } from './series.dto';
import { ReadModelAccess } from './read-model-access';
import { federationTree } from '../../projections/membership/federation-tree';
import { ApiErrors } from '../http/error-responses';
import { PageLimit } from '../http/page-limit';

const FUNDS_PROJECTION = ['funds'] as const;

/** A ledger line id, `<federationId>:<fundId>:<date>:<entryId>`: the `next` of a ledger page. */
const ENTITY_ID = ENTITY_ID_PATTERN.source.slice(1, -1);
const LEDGER_CURSOR = new RegExp(`^${ENTITY_ID}:${ENTITY_ID}:\\d{4}-\\d{2}-\\d{2}:${ENTITY_ID}$`);

// ---- Query parameters ----

export class FundFlowsQueryDto extends ReadAtQueryDto {
  @ApiProperty({ example: '2020-01-01', description: 'First day of the period, included.' })
  @IsBusinessDate()
  from!: string;

  @ApiPropertyOptional({
    example: '2020-12-31',
    description: 'Last day of the period, included; `asOf` stands for it when absent. One of the two is required.',
  })
  @IsOptional()
  @IsBusinessDate()
  to?: string;
}

export class LedgerQueryDto extends IntersectionType(ReadAtQueryDto, LedgerDatesQueryDto) {
  @PageLimit(MAX_LEDGER_PAGE, DEFAULT_LEDGER_PAGE)
  limit?: number;

  @ApiPropertyOptional({
    example: 'hoan-kiem:social:2020-01-20:hk-2020-chi-0001',
    description: 'The `next` of the previous page. Keep the other parameters (and `knownAt`) as they were.',
  })
  @IsOptional()
  @Matches(LEDGER_CURSOR, { message: "after must be a ledger page's next, as the previous page returned it" })
  after?: string;
}

// ---- Response shapes, for the OpenAPI document: the queries return plain data. All money is whole đồng. ----

const DONG = { type: 'integer', description: 'Whole đồng (VND).' } as const;

class FundFlowsDto {
  @ApiProperty({ ...DONG, example: 121_000_000, description: 'Số dư: what the fund holds at the end of the day.' })
  balance!: number;
  @ApiProperty({ ...DONG, example: 363_000_000, description: 'Money in since opening, net of corrections.' })
  inflow!: number;
  @ApiProperty({ ...DONG, example: 242_000_000, description: 'Money out since opening, net of corrections.' })
  outflow!: number;
  @ApiProperty({ ...DONG, example: 242_000_000, description: 'Support payments only (no transfers).' })
  supportPaid!: number;
  @ApiProperty({ type: 'integer', example: 242, description: 'People or units reached by support payments.' })
  recipients!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { union: 58_000_000, organisation: 295_000_000, transfer: 20_000_000 },
    description:
      "Inflow by the giver's kind; `transfer` for money from the federation's other funds; `handover` for a merged " +
      "federation's balance taken over on the merge date.",
  })
  inflowBySource!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'tet-gifts': 242_000_000, frontline: 60_000_000 },
    description:
      "Outflow by purpose; `transfer` for money to the federation's other funds; `handover` for the balance handed " +
      'over to the federation this one merged into.',
  })
  outflowByPurpose!: Record<string, number>;
}

class FundFiguresDto extends FundFlowsDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 'hoan-kiem-quy-xa-hoi' }) fundId!: string;
  @ApiProperty({ example: 'Quỹ xã hội LĐLĐ quận Hoàn Kiếm' }) name!: string;
  @ApiProperty({ example: 'social' }) kind!: string;
  @ApiProperty({ example: '2020-01-01' }) openedOn!: string;
  @ApiProperty({ ...DONG, example: 0, description: 'From the federation’s other funds.' }) transfersIn!: number;
  @ApiProperty({ ...DONG, example: 20_000_000, description: 'To the federation’s other funds.' })
  transfersOut!: number;
}

class ReadPointDto {
  @ApiProperty({ type: 'string', nullable: true, example: '2020-06-30', description: 'Null: the latest date.' })
  asOf!: string | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: 'The log position answered as known at; null: everything recorded.',
  })
  knownAt!: number | null;
}

class FundFiguresResponseDto extends IntersectionType(FundFiguresDto, ReadPointDto) {}

class FundPointDto {
  @ApiProperty({ example: '2023-01-31', description: 'The last day of the period: the figures at its end.' })
  date!: string;
  @ApiProperty({ description: 'false on dates before the fund was opened (all figures 0).' }) open!: boolean;
  @ApiProperty({ example: 125000000, description: 'Balance (số dư), whole đồng.' }) balance!: number;
  @ApiProperty({ description: 'Cumulative inflow since opened, whole đồng.' }) inflow!: number;
  @ApiProperty({ description: 'Cumulative outflow since opened, whole đồng.' }) outflow!: number;
  @ApiProperty({ description: 'Cumulative support paid, whole đồng.' }) supportPaid!: number;
  @ApiProperty({ description: 'Cumulative people or units reached.' }) recipients!: number;
}

class FundSeriesDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 'hoan-kiem-quy-xa-hoi' }) fundId!: string;
  @ApiProperty({ example: 'Quỹ xã hội', description: 'Its name on the last date it was open.' }) name!: string;
  @ApiProperty({ example: 'month', enum: ['month', 'quarter', 'year'] }) every!: string;
  @ApiProperty({ type: Number, nullable: true, example: null }) knownAt!: number | null;
  @ApiProperty({ type: [FundPointDto] }) points!: FundPointDto[];
}

class ChildFundsDto {
  @ApiProperty({ example: 'ba-vi' }) federationId!: string;
  @ApiProperty({ example: 'LĐLĐ huyện Ba Vì' }) name!: string;
  @ApiProperty({ type: FundFlowsDto }) totals!: FundFlowsDto;
}

class FederationFundsResponseDto extends ReadPointDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({
    type: FundFlowsDto,
    description:
      'Over its own funds and those of every federation below it on the date (a city with its districts, and ' +
      'after the 2025 reorganisation its communes); transfers between one federation’s own funds cancel out and ' +
      'are not counted as flows.',
  })
  totals!: FundFlowsDto;
  @ApiProperty({ type: FundFlowsDto, description: 'Over its own funds only.' })
  own!: FundFlowsDto;
  @ApiProperty({
    type: [ChildFundsDto],
    description: 'Each federation directly below it on the date, with everything below that one.',
  })
  children!: ChildFundsDto[];
  @ApiProperty({ type: [FundFiguresDto], description: 'Each fund open on the date, by id.' })
  funds!: FundFiguresDto[];
}

class FundPeriodFlowsDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 'hoan-kiem-quy-xa-hoi' }) fundId!: string;
  @ApiProperty({ example: '2020-01-01' }) from!: string;
  @ApiProperty({ example: '2020-12-31' }) to!: string;
  @ApiProperty({ type: 'integer', nullable: true, example: null }) knownAt!: number | null;
  @ApiProperty({ ...DONG, example: 0, description: 'Balance at the end of the day before `from`.' })
  openingBalance!: number;
  @ApiProperty({ ...DONG, example: 121_000_000, description: 'Balance at the end of `to`.' })
  closingBalance!: number;
  @ApiProperty({ ...DONG, example: 363_000_000 }) inflow!: number;
  @ApiProperty({ ...DONG, example: 242_000_000 }) outflow!: number;
  @ApiProperty({ ...DONG, example: 242_000_000 }) supportPaid!: number;
  @ApiProperty({ type: 'integer', example: 242, description: 'Reached in the period, less reversals in it.' })
  recipients!: number;
  @ApiProperty({ ...DONG, example: 0 }) transfersIn!: number;
  @ApiProperty({ ...DONG, example: 0 }) transfersOut!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { union: 58_000_000 },
    description: 'Only the sources that moved in the period.',
  })
  inflowBySource!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'tet-gifts': 242_000_000 },
    description: 'Only the purposes that moved in the period.',
  })
  outflowByPurpose!: Record<string, number>;
}

class CounterpartyDto {
  @ApiProperty({ example: 'workers' }) kind!: string;
  @ApiProperty({ type: 'string', nullable: true, example: null }) id!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'Người lao động gặp khó khăn' }) name!: string | null;
}

class LedgerLineDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 'hoan-kiem-quy-xa-hoi' }) fundId!: string;
  @ApiProperty({ example: 'hk-2020-chi-0003' }) entryId!: string;
  @ApiProperty({ example: '2020-04-01' }) occurredOn!: string;
  @ApiProperty({
    enum: ['contribution', 'payment', 'transfer-in', 'transfer-out', 'correction', 'handover-in', 'handover-out'],
    description: "handover-out / handover-in: a merged federation's balance moving to the federation that absorbed it.",
  })
  line!: LedgerLineDoc['line'];
  @ApiProperty({ ...DONG, example: -8_500_000, description: 'Effect on the balance: positive in, negative out.' })
  amount!: number;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'emergency',
    description: "A contribution's source kind, a payment's purpose, `transfer`; a correction's is its entry's.",
  })
  category!: string | null;
  @ApiProperty({ type: CounterpartyDto, nullable: true, description: 'The giver or the recipient.' })
  counterparty!: CounterpartyDto | null;
  @ApiProperty({ type: 'integer', example: 17, description: 'Recipients reached (negative on a reversal).' })
  recipients!: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 500_000, description: 'Whole đồng each recipient got.' })
  amountEach!: number | null;
  @ApiProperty({ enum: ['reversal', 'adjustment'], nullable: true, example: null }) correction!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'The entry a correction corrects.' })
  correctsEntryId!: string | null;
  @ApiProperty({ example: 'ke-toan-hoan-kiem', description: 'Who recorded it.' }) recordedBy!: string;
  @ApiProperty({ example: '2020-04-02T02:15:00.000Z' }) recordedAt!: string;
  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'Why: required on a correction.' })
  reason!: string | null;
}

class LedgerPageDto {
  @ApiProperty({ example: 'hoan-kiem' }) federationId!: string;
  @ApiProperty({ example: 'hoan-kiem-quy-xa-hoi' }) fundId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: '2020-01-01' }) from!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: '2020-12-31' }) to!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null }) knownAt!: number | null;
  @ApiProperty({ type: [LedgerLineDto], description: 'In business-date order.' }) lines!: LedgerLineDto[];
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'hoan-kiem:hoan-kiem-quy-xa-hoi:2020-04-01:hk-2020-chi-0003',
    description: 'Pass as `after` for the next page; null on the last one.',
  })
  next!: string | null;
}

/** The fund was not open on the date asked, as known at the position asked (or never existed). */
export class FundNotFound extends NotFound {
  constructor(federationId: string, fundId: string, at: ReadAt) {
    super('fund', `${federationId}:${fundId}`);
    const when = [
      at.asOf ? ` on ${at.asOf}` : '',
      at.knownAt !== undefined ? ` as known at position ${at.knownAt}` : '',
    ].join('');
    this.message = `federation '${federationId}' had no fund '${fundId}'${when}`;
  }
}

/**
 * A fund's ledger as a query asks for it, checked before any line is read: its dates agree, the funds read model
 * is ready (`consistentWith`), and the fund was open on the last day asked.
 */
export async function fundLedger(
  access: ReadModelAccess,
  federationId: string,
  fundId: string,
  query: ReadAtQueryDto & LedgerDatesQueryDto,
): Promise<{ reader: ProjectionReader; from?: string; to?: string; knownAt?: number }> {
  const { from, to } = ledgerDates(query);
  const at = await access.prepare(query, FUNDS_PROJECTION);
  const reader = access.reader('funds');
  const fundAt = { asOf: to, knownAt: at.knownAt };
  if (!(await fundFigures(reader, federationId, fundId, fundAt))) throw new FundNotFound(federationId, fundId, fundAt);
  return { reader, from, to, knownAt: at.knownAt };
}

/** The error answers of the routes about one fund, for the OpenAPI document. */
function ApiFundErrors() {
  return ApiErrors({
    400: 'Malformed id or query parameter; the message says which and why.',
    404: 'The fund did not exist on that date (as known at knownAt).',
    503: 'The read model has not reached consistentWith yet; retry.',
  });
}

/** Fund figures (quỹ) over HTTP, for any date and as known at any time; money in whole đồng. */
@Roles('reader', 'auditor', 'finance-inspector')
@ApiTags('read models')
@Controller('read/federations/:federationId/funds')
export class FundsReadController {
  constructor(private readonly access: ReadModelAccess) {}

  @Get()
  @ApiOperation({
    summary: "A federation's funds on a date: totals over all of them, and each fund's balance and flows",
    description:
      'Totals leave out transfers between the federation’s own funds. A federation without a fund on that date ' +
      'answers zero totals and no funds.',
  })
  @ApiParam({ name: 'federationId', example: 'hoan-kiem' })
  @ApiOkResponse({ type: FederationFundsResponseDto })
  @ApiResponse({ status: 400, description: 'Malformed id or query parameter.' })
  @ApiResponse({ status: 503, description: 'The read model has not reached consistentWith yet; retry.' })
  async federation(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Query() query: ReadAtQueryDto,
  ): Promise<FederationFunds & ReadPointDto> {
    const at = await this.access.prepare(query, [...FUNDS_PROJECTION, 'membership']);
    const tree = await federationTree(this.access.reader('membership'), federationId, at);
    const funds = await federationFunds(this.access.reader('funds'), federationId, at, tree);
    return { ...funds, ...readPoint(at) };
  }

  @Get(':fundId')
  @ApiOperation({
    summary: "One fund's figures on a date: balance, cumulative inflow and outflow by source and purpose, recipients",
  })
  @ApiParam({ name: 'federationId', example: 'hoan-kiem' })
  @ApiParam({ name: 'fundId', example: 'hoan-kiem-quy-xa-hoi' })
  @ApiOkResponse({ type: FundFiguresResponseDto })
  @ApiFundErrors()
  async fund(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Query() query: ReadAtQueryDto,
  ): Promise<FundFigures & ReadPointDto> {
    const at = await this.access.prepare(query, FUNDS_PROJECTION);
    const figures = await fundFigures(this.access.reader('funds'), federationId, fundId, at);
    if (!figures) throw new FundNotFound(federationId, fundId, at);
    return { ...figures, ...readPoint(at) };
  }

  @Get(':fundId/series')
  @ApiOperation({
    summary: "A fund's balance and cumulative flows at the end of every month (quarter, year) of a span",
    description:
      'One request answers every point, read from the fund’s document versions in one pass. knownAt answers as ' +
      'the figures stood then; asOf does not apply. At most 240 points.',
  })
  @ApiParam({ name: 'federationId', example: 'hoan-kiem' })
  @ApiParam({ name: 'fundId', example: 'hoan-kiem-quy-xa-hoi' })
  @ApiOkResponse({ type: FundSeriesDto })
  @ApiFundErrors()
  async series(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Query() query: SeriesQueryDto,
  ): Promise<FundSeriesDto> {
    const dates = seriesDates(query);
    const at = await this.access.prepare(query, FUNDS_PROJECTION);
    const series = await fundBalanceSeries(this.access.reader('funds'), federationId, fundId, dates, at.knownAt);
    if (!series) throw new FundNotFound(federationId, fundId, { knownAt: at.knownAt });
    return { ...series, every: query.every ?? 'month', knownAt: at.knownAt ?? null };
  }

  @Get(':fundId/flows')
  @ApiOperation({
    summary: 'What moved through a fund between two dates (both included): in by source, out by purpose, recipients',
    description:
      'The difference between the fund at the end of `to` and at the end of the day before `from`. Corrections ' +
      'count on their own dates; knownAt answers as the figures stood then.',
  })
  @ApiParam({ name: 'federationId', example: 'hoan-kiem' })
  @ApiParam({ name: 'fundId', example: 'hoan-kiem-quy-xa-hoi' })
  @ApiOkResponse({ type: FundPeriodFlowsDto })
  @ApiFundErrors()
  async flows(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Query() query: FundFlowsQueryDto,
  ): Promise<FundPeriodFlows & { knownAt: number | null }> {
    const to = periodEnd(query.to, query.asOf);
    if (to === undefined) throw new BadRequestException("to is required: the period's last day, YYYY-MM-DD");
    if (query.from > to) throw new BadRequestException(`from (${query.from}) must not be after to (${to})`);
    const at = await this.access.prepare(query, FUNDS_PROJECTION);
    const flows = await fundFlows(this.access.reader('funds'), federationId, fundId, query.from, to, at.knownAt);
    if (!flows) throw new FundNotFound(federationId, fundId, { asOf: to, knownAt: at.knownAt });
    return { ...flows, knownAt: at.knownAt ?? null };
  }

  @Get(':fundId/ledger')
  @ApiOperation({
    summary: "A fund's ledger lines in date order, page by page, each with who recorded it and why",
    description:
      'One line per entry: contributions, payments, transfers in and out, and corrections (on their own date, ' +
      'naming the entry they correct and the reason). Lines add up to the balance. Pass `next` as `after` for the ' +
      'following page, with the same other parameters.',
  })
  @ApiParam({ name: 'federationId', example: 'hoan-kiem' })
  @ApiParam({ name: 'fundId', example: 'hoan-kiem-quy-xa-hoi' })
  @ApiOkResponse({ type: LedgerPageDto })
  @ApiFundErrors()
  async ledger(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Query() query: LedgerQueryDto,
  ): Promise<LedgerPageDto> {
    const { reader, from, to, knownAt } = await fundLedger(this.access, federationId, fundId, query);
    const page = await ledgerPage(reader, federationId, fundId, {
      from,
      to,
      limit: query.limit,
      after: query.after,
      knownAt,
    });
    return {
      federationId,
      fundId,
      from: from ?? null,
      to: to ?? null,
      knownAt: knownAt ?? null,
      ...page,
    };
  }
}

function readPoint(at: ReadAt): ReadPointDto {
  return { asOf: at.asOf ?? null, knownAt: at.knownAt ?? null };
}
