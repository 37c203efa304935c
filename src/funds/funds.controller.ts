import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { record } from '../commands/commands.command-handler';
import type { CommandEnvelope } from '../core/handle-command';
import { Envelope, newEntityId } from '../http/command-envelope';
import { CommandController, CommandRoute } from '../http/command-route';
import { PathId } from '../http/entity-id.pipe';
import { fundsCommands } from './funds.commands';
import {
  ClosePeriodDto,
  CorrectEntryDto,
  OpenFundDto,
  PaySupportDto,
  ReceiveContributionDto,
  ReopenPeriodDto,
  TransferBetweenFundsDto,
} from './funds.dto';

@CommandController('funds', 'federations/:federationId')
export class FundsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('funds')
  @CommandRoute(fundsCommands.OpenFund, { description: '`id` is the fund.' })
  @ApiOperation({
    summary: "Open a fund in a federation's fund book (quỹ xã hội, quỹ vì người nghèo, Mái ấm Công đoàn…)",
  })
  openFund(
    @PathId('federationId') federationId: string,
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
  @CommandRoute(fundsCommands.ReceiveContribution, { description: '`id` is the new entry.' })
  @ApiOperation({ summary: 'Record money received into a fund (tiếp nhận ủng hộ, đóng góp)' })
  receiveContribution(
    @PathId('federationId') federationId: string,
    @PathId('fundId') fundId: string,
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
  @CommandRoute(fundsCommands.PaySupport, { description: '`id` is the new entry.' })
  @ApiOperation({
    summary: 'Record support paid from a fund, to one recipient or to several at the same amount each',
  })
  paySupport(
    @PathId('federationId') federationId: string,
    @PathId('fundId') fundId: string,
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
  @CommandRoute(fundsCommands.TransferBetweenFunds, { description: '`id` is the new entry.' })
  @ApiOperation({ summary: 'Move money between two funds of the same federation' })
  transfer(
    @PathId('federationId') federationId: string,
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
  @CommandRoute(fundsCommands.CorrectEntry, { description: '`id` is the correction entry.' })
  @ApiOperation({
    summary: 'Reverse or adjust an earlier contribution, payment or transfer; the reason is required',
  })
  correct(
    @PathId('federationId') federationId: string,
    @PathId('entryId') correctsEntryId: string,
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
  @CommandRoute(fundsCommands.ClosePeriod, { description: '`id` is the federation whose book was closed.' })
  @ApiOperation({
    summary: 'Close the fund book through a date (kết sổ): nothing dated on or before it can be recorded afterwards',
  })
  closePeriod(
    @PathId('federationId') federationId: string,
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
  @CommandRoute(fundsCommands.ReopenPeriod, { description: '`id` is the federation whose book was reopened.' })
  @ApiOperation({
    summary: 'Reopen closed dates from a date on, so entries can be dated in them again; the reason is required',
  })
  reopenPeriod(
    @PathId('federationId') federationId: string,
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
