import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { record } from '../commands/commands.command-handler';
import type { CommandEnvelope } from '../core/handle-command';
import { Envelope, newEntityId } from '../http/command-envelope';
import { CommandController, CommandRoute } from '../http/command-route';
import { PathId } from '../http/entity-id.pipe';
import { democracyCommands } from './democracy.commands';
import { HoldConferenceDto, SignAgreementDto } from './democracy.dto';

@CommandController('democracy at work')
export class DemocracyController {
  constructor(private readonly commands: CommandBus) {}

  @Post('unions/:id/conferences')
  @CommandRoute(democracyCommands.HoldConference, { description: '`id` is the union.' })
  @ApiOperation({
    summary: "Record a grassroots union's yearly democratic conference (Hội nghị người lao động / CBCCVC)",
  })
  holdConference(@PathId() id: string, @Body() body: HoldConferenceDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, {
      type: 'HoldConference',
      unionId: id,
      year: body.year,
      kind: body.kind,
    });
  }

  @Post('unions/:id/agreements')
  @CommandRoute(democracyCommands.SignAgreement, { description: '`id` is the agreement.' })
  @ApiOperation({ summary: 'Record a collective labour agreement signed by a union (thỏa ước lao động tập thể)' })
  signAgreement(@PathId() id: string, @Body() body: SignAgreementDto, @Envelope() envelope: CommandEnvelope) {
    // A retry under the same Idempotency-Key must name the same agreement, or it would look like another request.
    const agreementId = body.id ?? newEntityId(envelope);
    return record(this.commands, agreementId, envelope, {
      type: 'SignAgreement',
      unionId: id,
      agreementId,
      title: body.title,
      validFrom: body.validFrom,
      validUntil: body.validUntil ?? null,
    });
  }
}
