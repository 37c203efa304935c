import { BadRequestException, Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FEDERATIONS } from '../../projections/membership/membership.projection';
import { Roles } from '../auth/auth.decorators';
import { businessDateOf } from '../core/business-date';
import { NotFound } from '../core/domain-error';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { ProjectionRunner } from '../core/projection-runner';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { LedgerIntegrity } from '../integrity/ledger-integrity';
import { fundLedger } from '../read-models/funds-read.controller';
import { ReadModelAccess } from '../read-models/read-model-access';
import { withDongJson } from '../verification/funds/dong-amounts';
import { FundsVerificationService } from '../verification/funds-verification.service';
import { UTF8_BOM } from './csv';
import { evidencePack } from './evidence-pack';
import { EvidencePackQueryDto, LedgerCsvQueryDto, MembershipCsvQueryDto } from './exports.dto';
import { ledgerCsv } from './ledger-csv';
import { membershipCsv } from './membership-csv';
import { streamTo } from './stream-response';
import { ApiErrors } from '../http/error-responses';

/** The log's verification and export, as the exports read them (see `exports.module.ts`). */
export const EXPORT_INTEGRITY = Symbol('ExportIntegrity');

/** The refusals, all answered before the first byte of the file. */
function ApiRefusals() {
  return ApiErrors({
    400: 'Malformed id or query parameter; the message says which and why.',
    404: 'Nothing by that id on the date asked (as known at knownAt).',
    503: 'The read model has not caught up yet; retry.',
  });
}

/**
 * Files for people: CSV a spreadsheet opens, and the evidence pack an auditor takes away. Everything that
 * can be refused (a malformed parameter, an unknown fund, a read model behind) is checked before the first
 * byte; then the file is written as it is read, page by page, so its size never weighs on memory.
 */
@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly access: ReadModelAccess,
    private readonly funds: FundsVerificationService,
    private readonly runner: ProjectionRunner,
    @Inject(EXPORT_INTEGRITY) private readonly integrity: LedgerIntegrity,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('federations/:federationId/funds/:fundId/ledger.csv')
  @Roles('reader', 'auditor', 'finance-inspector')
  @ApiOperation({
    summary: "A fund's ledger lines as CSV, in date order, with the balance after each line",
    description:
      'RFC 4180, UTF-8 (with a byte order mark unless bom=false), CRLF. Amounts and balances are whole đồng integers. ' +
      'Columns: date, entryId, line, amount, balance, category, counterpartyKind, counterpartyId, counterpartyName, ' +
      'recipients, amountEach, correction, correctsEntryId, reason, recordedBy, recordedAt.',
  })
  @ApiParam({ name: 'federationId', example: 'hoan-kiem' })
  @ApiParam({ name: 'fundId', example: 'social' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'The CSV file (RFC 4180, UTF-8).', schema: { type: 'string' } })
  @ApiRefusals()
  async ledger(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Query() query: LedgerCsvQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const { reader, from, to, knownAt } = await fundLedger(this.access, federationId, fundId, query);
    startCsv(response, `${federationId}-${fundId}-ledger${to ? `-${to}` : ''}.csv`, query.bom);
    await streamTo(response, ledgerCsv(reader, { federationId, fundId, from, to, knownAt }));
  }

  @Get('federations/:federationId/membership.csv')
  @Roles('reader', 'auditor')
  @ApiOperation({
    summary: "A federation's grassroots unions on a date as CSV: members, and joins and departures in the year",
    description:
      'One row per union directly under the federation on asOf (row = union), then a totals row (row = total). ' +
      'Joins, departures and transfers are counted from 1 January of `year` to asOf. Without asOf: the end of the ' +
      "year, or today in the current year; without year: asOf's year. RFC 4180, UTF-8 (BOM unless bom=false), CRLF.",
  })
  @ApiParam({ name: 'federationId', example: 'ba-vi' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'The CSV file (RFC 4180, UTF-8).', schema: { type: 'string' } })
  @ApiRefusals()
  async membership(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Query() query: MembershipCsvQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const today = businessDateOf(this.clock());
    const year = query.year ?? Number((query.asOf ?? today).slice(0, 4));
    const yearEnd = `${year}-12-31`;
    if (query.asOf === undefined && `${year}-01-01` > today) {
      throw new BadRequestException(`${year} has not begun: there is nothing to count yet`);
    }
    const asOf = query.asOf ?? (today < yearEnd ? today : yearEnd);
    if (Number(asOf.slice(0, 4)) !== year) {
      throw new BadRequestException(`asOf (${asOf}) must fall in ${year}: the year's movements are counted up to it`);
    }
    const at = await this.access.prepare({ ...query, asOf }, ['membership']);
    const reader = this.access.reader('membership');
    if (!(await reader.get(FEDERATIONS, federationId, at))) throw new NotFound('federation', federationId);

    startCsv(response, `${federationId}-membership-${asOf}.csv`, query.bom);
    await streamTo(response, membershipCsv(reader, { federationId, year, asOf, knownAt: at.knownAt }));
  }

  @Get('evidence-pack')
  @Roles('auditor', 'finance-inspector')
  @ApiOperation({
    summary:
      'An evidence pack for an audit: the log export, its digest, the verification results, the projections used',
    description:
      'Newline-delimited JSON: a `pack` line; the log export (whole, or one federation’s part) line for line, with its ' +
      'digest; `pack-verification` (the log verified against that digest, and the independent fund verification); ' +
      '`pack-projections` (name, version, namespace, checkpoint); `pack-end` (line count and SHA-256 of the lines ' +
      'before it). Without the `pack…` lines it is an export that `npm run inspect` verifies offline.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiResponse({ status: 200, description: 'The pack: one JSON document a line.', schema: { type: 'string' } })
  @ApiRefusals()
  async evidencePack(@Query() query: EvidencePackQueryDto, @Res() response: Response): Promise<void> {
    const { federationId } = query;
    if (federationId !== undefined && (await this.events.readStream(`federation-${federationId}`)).length === 0) {
      throw new NotFound('federation', federationId);
    }
    const fundVerification = await this.funds.verify({ federationId }).then(withDongJson, (error: unknown) => {
      // A federation without a fund book has nothing to reconcile: the pack says so rather than failing.
      if (error instanceof NotFound && federationId !== undefined)
        return { skipped: 'the federation has no fund book' };
      throw error;
    });
    const projections = await this.runner.status();
    const createdAt = this.clock();

    response.status(200);
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="evidence-pack-${federationId ?? 'log'}-${createdAt.toISOString().slice(0, 10)}.ndjson"`,
    );
    await streamTo(
      response,
      evidencePack({ integrity: this.integrity, federationId, createdAt, fundVerification, projections }),
    );
  }
}

function startCsv(response: Response, filename: string, bom: 'true' | 'false' | undefined): void {
  response.status(200);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  if (bom !== 'false') response.write(UTF8_BOM);
}
