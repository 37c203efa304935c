import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { record } from '../commands/commands.command-handler';
import { recognitionCommands } from './recognition.commands';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../core/handle-command';
import { CommandHeaders, Envelope, newEntityId } from '../http/command-envelope';
import { Records } from '../auth/auth.decorators';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandErrors } from '../http/error-responses';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { GrantAwardDto, RecogniseInitiativeDto, RevokeAwardDto } from './recognition.dto';

@ApiTags('recognition')
@CommandHeaders()
@CommandErrors()
@Controller()
export class RecognitionController {
  constructor(private readonly commands: CommandBus) {}

  @Post('awards')
  @Records(recognitionCommands.GrantAward)
  @ApiOperation({ summary: 'Grant a title (danh hiệu) to a member, a grassroots union or a federation' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  grant(@Body() body: GrantAwardDto, @Envelope() envelope: CommandEnvelope) {
    const awardId = body.id ?? newEntityId(envelope);
    return record(this.commands, awardId, envelope, {
      type: 'GrantAward',
      awardId,
      title: body.title,
      level: body.level,
      recipient: { kind: body.recipientKind, id: body.recipientId },
      year: body.year,
    });
  }

  @Post('awards/:id/revoke')
  @Records(recognitionCommands.RevokeAward)
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a granted award; the reason is required' })
  @ApiOkResponse({ type: CommandResponseDto })
  revoke(@Param('id', EntityIdPipe) id: string, @Body() _body: RevokeAwardDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'RevokeAward', awardId: id });
  }

  @Post('initiatives')
  @Records(recognitionCommands.RecogniseInitiative)
  @ApiOperation({ summary: 'Recognise a workplace initiative (sáng kiến) and the value it saved' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  recogniseInitiative(@Body() body: RecogniseInitiativeDto, @Envelope() envelope: CommandEnvelope) {
    const initiativeId = body.id ?? newEntityId(envelope);
    return record(this.commands, initiativeId, envelope, {
      type: 'RecogniseInitiative',
      initiativeId,
      federationId: body.federationId,
      unionId: body.unionId ?? null,
      title: body.title,
      valueSavedDong: body.valueSavedDong,
    });
  }
}
