import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { withDongJson } from './funds/dong-amounts';
import { FundsVerificationService } from './funds-verification.service';
import { EntryTrailDto, FundsReconciliationDto, VerifyFundsQueryDto } from './verification.dto';

/** For finance inspectors and auditors: the fund figures recomputed from the events, set beside the read model. */
@Roles('auditor', 'finance-inspector')
@ApiTags('verification')
@Controller('verification/funds')
export class VerificationController {
  constructor(private readonly funds: FundsVerificationService) {}

  @Get()
  @ApiOperation({
    summary: 'Recompute every fund from the events alone, as double entries, and reconcile it with the read model',
    description:
      'Reads the fund books straight from the log, posts each contribution, payment, transfer and correction as ' +
      'balanced entries, and compares balances, flows by source and purpose, transfers and recipients with the ' +
      'funds read model, fund by fund, figure by figure and ledger line by ledger line, both read at the same log ' +
      'position (`knownAt`). Every difference is given to the đồng with the events behind it.',
  })
  @ApiOkResponse({ type: FundsReconciliationDto })
  @ApiResponse({ status: 400, description: 'Malformed parameter, or a period whose start is after its end.' })
  @ApiResponse({ status: 503, description: 'The read model has not caught up with the log yet; retry.' })
  async verify(@Query() query: VerifyFundsQueryDto) {
    return withDongJson(await this.funds.verify(query));
  }

  @Get(':federationId/entries/:entryId')
  @ApiOperation({
    summary: 'One fund entry and every correction of it: who recorded each, when, why, and the amount after each',
    description:
      'Ask by the id of the entry or of one of its corrections. Each step gives `knownBefore`: pass it as `knownAt` ' +
      'to the funds read model to see the figures as they stood just before that step.',
  })
  @ApiParam({ name: 'federationId', example: 'hoan-kiem' })
  @ApiParam({ name: 'entryId', example: 'hk-2020-thu-0012' })
  @ApiOkResponse({ type: EntryTrailDto })
  @ApiResponse({ status: 400, description: 'Malformed id.' })
  @ApiResponse({ status: 404, description: 'No such fund book, or no such entry in it.' })
  async entry(
    @Param('federationId', EntityIdPipe) federationId: string,
    @Param('entryId', EntityIdPipe) entryId: string,
  ) {
    return withDongJson(await this.funds.entryTrail(federationId, entryId));
  }
}
