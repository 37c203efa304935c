import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { record } from '../commands/commands.command-handler';
import { membershipCommands } from './membership.commands';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../core/handle-command';
import { CommandHeaders, Envelope, newEntityId } from '../http/command-envelope';
import { Records } from '../auth/auth.decorators';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandErrors } from '../http/error-responses';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { ForgetMemberDto, JoinMemberDto, LeaveMemberDto, TransferMemberDto } from './membership.dto';

@ApiTags('membership')
@CommandHeaders()
@CommandErrors()
@Controller()
export class MembershipController {
  constructor(private readonly commands: CommandBus) {}

  @Post('members')
  @Records(membershipCommands.JoinMember)
  @ApiOperation({ summary: 'Record that a worker joined a grassroots union (kết nạp đoàn viên)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
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
  @Records(membershipCommands.TransferMember)
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a member to another grassroots union (chuyển sinh hoạt)' })
  @ApiOkResponse({ type: CommandResponseDto })
  transfer(
    @Param('id', EntityIdPipe) id: string,
    @Body() body: TransferMemberDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, id, envelope, { type: 'TransferMember', memberId: id, toUnionId: body.toUnionId });
  }

  @Post('members/:id/leave')
  @Records(membershipCommands.RecordMemberLeft)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that a member left the union' })
  @ApiOkResponse({ type: CommandResponseDto })
  leave(@Param('id', EntityIdPipe) id: string, @Body() _body: LeaveMemberDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'RecordMemberLeft', memberId: id });
  }

  @Post('members/:id/forget')
  @Records(membershipCommands.ForgetMember)
  @HttpCode(200)
  @ApiOperation({
    summary: "Forget a member's personal data (Decree 13/2023): destroys their key; counts and amounts stay",
  })
  @ApiOkResponse({ type: CommandResponseDto })
  forget(@Param('id', EntityIdPipe) id: string, @Body() _body: ForgetMemberDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'ForgetMember', memberId: id });
  }
}
