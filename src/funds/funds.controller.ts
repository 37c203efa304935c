import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { record } from '../commands/commands.command-handler';
import { fundsCommands } from './funds.commands';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../core/handle-command';
import { CommandHeaders, Envelope, newEntityId } from '../http/command-envelope';
import { Records } from '../auth/auth.decorators';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandErrors } from '../http/error-responses';
import { EntityIdPipe } from '../http/entity-id.pipe';
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
  @Records(fundsCommands.OpenFund)
  @ApiOperation({
    summary: "Open a fund in a federation's fund book (quỹ xã hội, quỹ vì người nghèo, Mái ấm Công đoàn…)",
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the fund.' })
  openFund(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: OpenFundDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const fundId = body.id ?? newEntityId(envelope);
    return record(this.commands, fundId, envelope, {
      type: 'OpenFund',
      federationId,
      fundId,
      kind: body.kind,
      name: body.name,
    });
  }

  @Post('funds/:fundId/contributions')
  @Records(fundsCommands.ReceiveContribution)
  @ApiOperation({ summary: 'Record money received into a fund (tiếp nhận ủng hộ, đóng góp)' })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the new entry.' })
  receiveContribution(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('fundId', EntityIdPipe) fundId: string,
    @Body() body: ReceiveContributionDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const entryId = body.id ?? newEntityId(envelope);
    return record(this.commands, entryId, envelope, {
      type: 'ReceiveContribution',
      federationId,
      entryId,
      fundId,
      amount: body.amount,
      source: { kind: body.sourceKind, id: body.sourceId ?? null, name: body.sourceName ?? null },
    });
  }

  @Post('funds/:fundId/payments')
  @Records(fundsCommands.PaySupport)
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
    const entryId = body.id ?? newEntityId(envelope);
    return record(this.commands, entryId, envelope, {
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
  @Records(fundsCommands.TransferBetweenFunds)
  @ApiOperation({ summary: 'Move money between two funds of the same federation' })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the new entry.' })
  transfer(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: TransferBetweenFundsDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    const entryId = body.id ?? newEntityId(envelope);
    return record(this.commands, entryId, envelope, {
      type: 'TransferBetweenFunds',
      federationId,
      entryId,
      fromFundId: body.fromFundId,
      toFundId: body.toFundId,
      amount: body.amount,
    });
  }

  @Post('fund-entries/:entryId/corrections')
  @Records(fundsCommands.CorrectEntry)
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
    const entryId = body.id ?? newEntityId(envelope);
    return record(this.commands, entryId, envelope, {
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
  @Records(fundsCommands.ClosePeriod)
  @ApiOperation({
    summary: 'Close the fund book through a date (kết sổ): nothing dated on or before it can be recorded afterwards',
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the federation whose book was closed.' })
  closePeriod(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: ClosePeriodDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, federationId, envelope, {
      type: 'ClosePeriod',
      federationId,
      closedThrough: body.closedThrough,
    });
  }

  @Post('fund-periods/reopen')
  @Records(fundsCommands.ReopenPeriod)
  @ApiOperation({
    summary: 'Reopen closed dates from a date on, so entries can be dated in them again; the reason is required',
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the federation whose book was reopened.' })
  reopenPeriod(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Body() body: ReopenPeriodDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, federationId, envelope, {
      type: 'ReopenPeriod',
      federationId,
      reopenedFrom: body.reopenedFrom,
      reason: body.reason,
    });
  }
}
