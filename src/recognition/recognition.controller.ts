import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { record } from '../commands/commands.command-handler';
import type { CommandEnvelope } from '../core/handle-command';
import { Envelope, newEntityId } from '../http/command-envelope';
import { CommandController, CommandRoute } from '../http/command-route';
import { PathId } from '../http/entity-id.pipe';
import { recognitionCommands } from './recognition.commands';
import { GrantAwardDto, RecogniseInitiativeDto, RevokeAwardDto } from './recognition.dto';

@CommandController('recognition')
export class RecognitionController {
  constructor(private readonly commands: CommandBus) {}

  @Post('awards')
  @CommandRoute(recognitionCommands.GrantAward)
  @ApiOperation({ summary: 'Grant a title (danh hiệu) to a member, a grassroots union or a federation' })
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
  @CommandRoute(recognitionCommands.RevokeAward, { ok: true })
  @ApiOperation({ summary: 'Revoke a granted award; the reason is required' })
  revoke(@PathId() id: string, @Body() _body: RevokeAwardDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'RevokeAward', awardId: id });
  }

  @Post('initiatives')
  @CommandRoute(recognitionCommands.RecogniseInitiative)
  @ApiOperation({ summary: 'Recognise a workplace initiative (sáng kiến) and the value it saved' })
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
