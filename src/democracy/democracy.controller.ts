import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { record } from '../commands/commands.command-handler';
import { democracyCommands } from './democracy.commands';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../core/handle-command';
import { CommandHeaders, Envelope, newEntityId } from '../http/command-envelope';
import { Records } from '../auth/auth.decorators';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandErrors } from '../http/error-responses';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { HoldConferenceDto, SignAgreementDto } from './democracy.dto';

@ApiTags('democracy at work')
@CommandHeaders()
@CommandErrors()
@Controller()
export class DemocracyController {
  constructor(private readonly commands: CommandBus) {}

  @Post('unions/:id/conferences')
  @Records(democracyCommands.HoldConference)
  @ApiOperation({
    summary: "Record a grassroots union's yearly democratic conference (Hội nghị người lao động / CBCCVC)",
  })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the union.' })
  holdConference(
    @Param('id', EntityIdPipe) id: string,
    @Body() body: HoldConferenceDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, id, envelope, {
      type: 'HoldConference',
      unionId: id,
      year: body.year,
      kind: body.kind,
    });
  }

  @Post('unions/:id/agreements')
  @Records(democracyCommands.SignAgreement)
  @ApiOperation({ summary: 'Record a collective labour agreement signed by a union (thỏa ước lao động tập thể)' })
  @ApiCreatedResponse({ type: CommandResponseDto, description: '`id` is the agreement.' })
  signAgreement(
    @Param('id', EntityIdPipe) id: string,
    @Body() body: SignAgreementDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
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
