import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { type CommandEnvelope, deterministicId } from '../core/handle-command';
import { CommandHeaders, Envelope } from '../http/command-envelope';
import { Records } from '../auth/auth.decorators';
import { SCOPES } from '../auth/command-scope';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandErrors } from '../http/error-responses';
import { EntityIdPipe } from '../http/entity-id.pipe';
import type { FundBookCommand } from './fund-book';
import { RecordFundsCommand } from './funds.command-handler';
import {
  ClosePeriodDto,
  CorrectEntryDto,
  OpenFundDto,
  PaySupportDto,
  ReceiveContributionDto,
  ReopenPeriodDto,
  TransferBetweenFundsDto,
} from './funds.dto';

@ApiTags('funds')
@CommandHeaders()
@CommandErrors()
@Controller('federations/:federationId')
export class FundsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('funds')
  @Records(SCOPES.fundBook)
  @ApiOperation({
    summary: "Open a fund in a federation's fund book (quỹ xã hội, quỹ vì người nghèo, Mái ấm Công đoàn…)",
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the fund.' })
  openFund(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: OpenFundDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const fundId = chosenOrNewId(body.id, envelope);
    return this.record(fundId, envelope, { type: 'OpenFund', federationId, fundId, kind: body.kind, name: body.name });
  }

  @Post('funds/:fundId/contributions')
  @Records(SCOPES.fundBook)
  @ApiOperation({ summary: 'Record money received into a fund (tiếp nhận ủng hộ, đóng góp)' })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the new entry.' })
  receiveContribution(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Body() body: ReceiveContributionDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const entryId = chosenOrNewId(body.id, envelope);
    return this.record(entryId, envelope, {
      type: 'ReceiveContribution',
      federationId,
      entryId,
      fundId,
      amount: body.amount,
      source: { kind: body.sourceKind, id: body.sourceId ?? null, name: body.sourceName ?? null },
    });
  }

  @Post('funds/:fundId/payments')
  @Records(SCOPES.fundBook)
  @ApiOperation({
    summary: 'Record support paid from a fund, to one recipient or to several at the same amount each',
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the new entry.' })
  paySupport(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Body() body: PaySupportDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const entryId = chosenOrNewId(body.id, envelope);
    return this.record(entryId, envelope, {
      type: 'PaySupport',
      federationId,
      entryId,
      fundId,
      amount: body.amount,
      purpose: body.purpose,
      recipient: { kind: body.recipientKind, id: body.recipientId ?? null, name: body.recipientName ?? null },
      recipients: body.recipients ?? 1,
      amountEach: body.amountEach ?? null,
    });
  }

  @Post('fund-transfers')
  @Records(SCOPES.fundBook)
  @ApiOperation({ summary: 'Move money between two funds of the same federation' })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the new entry.' })
  transfer(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: TransferBetweenFundsDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const entryId = chosenOrNewId(body.id, envelope);
    return this.record(entryId, envelope, {
      type: 'TransferBetweenFunds',
      federationId,
      entryId,
      fromFundId: body.fromFundId,
      toFundId: body.toFundId,
      amount: body.amount,
    });
  }

  @Post('fund-entries/:entryId/corrections')
  @Records(SCOPES.fundBook)
  @ApiOperation({
    summary: 'Reverse or adjust an earlier contribution, payment or transfer; the reason is required',
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the correction entry.' })
  correct(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('entryId', EntityIdPipe) correctsEntryId: string,
    @Body() body: CorrectEntryDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const entryId = chosenOrNewId(body.id, envelope);
    return this.record(entryId, envelope, {
      type: 'CorrectEntry',
      federationId,
      entryId,
      correctsEntryId,
      kind: body.kind,
      amountDelta: body.amountDelta ?? null,
      reason: body.reason,
    });
  }

  @Post('fund-periods/close')
  @Records(SCOPES.fundBook)
  @ApiOperation({
    summary: 'Close the fund book through a date (kết sổ): nothing dated on or before it can be recorded afterwards',
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the federation whose book was closed.' })
  closePeriod(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: ClosePeriodDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(federationId, envelope, {
      type: 'ClosePeriod',
      federationId,
      closedThrough: body.closedThrough,
    });
  }

  @Post('fund-periods/reopen')
  @Records(SCOPES.fundBook)
  @ApiOperation({
    summary: 'Reopen closed dates from a date on, so entries can be dated in them again; the reason is required',
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the federation whose book was reopened.' })
  reopenPeriod(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: ReopenPeriodDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(federationId, envelope, {
      type: 'ReopenPeriod',
      federationId,
      reopenedFrom: body.reopenedFrom,
      reason: body.reason,
    });
  }

  private async record(id: string, envelope: CommandEnvelope, command: FundBookCommand): Promise<CommandResponseDto> {
    const outcome = await this.commands.execute(new RecordFundsCommand(command, envelope));
    return { id, ...outcome };
  }
}

/** A retry under the same Idempotency-Key must name the same entry, or it would look like another request. */
function chosenOrNewId(chosen: string | undefined, envelope: CommandEnvelope): string {
  if (chosen !== undefined) return chosen;
  return envelope.idempotencyKey ? deterministicId(envelope.actor, envelope.idempotencyKey, -1) : randomUUID();
}
