import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { record } from '../commands/commands.command-handler';
import type { CommandEnvelope } from '../core/handle-command';
import { Envelope, newEntityId } from '../http/command-envelope';
import { CommandController, CommandRoute } from '../http/command-route';
import { PathId } from '../http/entity-id.pipe';
import { membershipCommands } from './membership.commands';
import { ForgetMemberDto, JoinMemberDto, LeaveMemberDto, TransferMemberDto } from './membership.dto';

@CommandController('membership')
export class MembershipController {
  constructor(private readonly commands: CommandBus) {}

  @Post('members')
  @CommandRoute(membershipCommands.JoinMember)
  @ApiOperation({ summary: 'Record that a worker joined a grassroots union (kết nạp đoàn viên)' })
  join(@Body() body: JoinMemberDto, @Envelope() envelope: CommandEnvelope) {
    const memberId = body.id ?? newEntityId(envelope);
    return record(this.commands, memberId, envelope, {
      type: 'JoinMember',
      memberId,
      unionId: body.unionId,
      personal: { fullName: body.fullName, gender: body.gender, birthDate: body.birthDate },
    });
  }

  @Post('members/:id/transfer')
  @CommandRoute(membershipCommands.TransferMember, { ok: true })
  @ApiOperation({ summary: 'Move a member to another grassroots union (chuyển sinh hoạt)' })
  transfer(@PathId() id: string, @Body() body: TransferMemberDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'TransferMember', memberId: id, toUnionId: body.toUnionId });
  }

  @Post('members/:id/leave')
  @CommandRoute(membershipCommands.RecordMemberLeft, { ok: true })
  @ApiOperation({ summary: 'Record that a member left the union' })
  leave(@PathId() id: string, @Body() _body: LeaveMemberDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'RecordMemberLeft', memberId: id });
  }

  @Post('members/:id/forget')
  @CommandRoute(membershipCommands.ForgetMember, { ok: true })
  @ApiOperation({
    summary: "Forget a member's personal data (Decree 13/2023): destroys their key; counts and amounts stay",
  })
  forget(@PathId() id: string, @Body() _body: ForgetMemberDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'ForgetMember', memberId: id });
  }
}
