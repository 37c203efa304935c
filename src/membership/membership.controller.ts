import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../core/handle-command';
import { CommandHeaders, Envelope, newEntityId } from '../http/command-envelope';
import { Records } from '../auth/auth.decorators';
import { SCOPES } from '../auth/command-scope';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandErrors } from '../http/error-responses';
import { EntityIdPipe } from '../http/entity-id.pipe';
import type { MemberCommand } from './member';
import { RecordMembershipCommand } from './membership.command-handler';
import { ForgetMemberDto, JoinMemberDto, LeaveMemberDto, TransferMemberDto } from './membership.dto';

@ApiTags('membership')
@CommandHeaders()
@CommandErrors()
@Controller()
export class MembershipController {
  constructor(private readonly commands: CommandBus) {}

  @Post('members')
  @Records(SCOPES.joinMember)
  @ApiOperation({ summary: 'Record that a worker joined a grassroots union (kết nạp đoàn viên)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  join(@Body() body: JoinMemberDto, @Envelope() envelope: CommandEnvelope) {
    const memberId = body.id ?? newEntityId(envelope);
    return this.record(memberId, envelope, {
      type: 'JoinMember',
      memberId,
      unionId: body.unionId,
      personal: { fullName: body.fullName, gender: body.gender, birthDate: body.birthDate },
    });
  }

  @Post('members/:id/transfer')
  @Records(SCOPES.transferMember)
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a member to another grassroots union (chuyển sinh hoạt)' })
  @ApiOkResponse({ type: CommandResponseDto })
  transfer(
    @Param('id', EntityIdPipe) id: string,
    @Body() body: TransferMemberDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, { type: 'TransferMember', memberId: id, toUnionId: body.toUnionId });
  }

  @Post('members/:id/leave')
  @Records(SCOPES.memberInPath)
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that a member left the union' })
  @ApiOkResponse({ type: CommandResponseDto })
  leave(@Param('id', EntityIdPipe) id: string, @Body() _body: LeaveMemberDto, @Envelope() envelope: CommandEnvelope) {
    return this.record(id, envelope, { type: 'RecordMemberLeft', memberId: id });
  }

  @Post('members/:id/forget')
  @Records(SCOPES.memberInPath)
  @HttpCode(200)
  @ApiOperation({
    summary: "Forget a member's personal data (Decree 13/2023): destroys their key; counts and amounts stay",
  })
  @ApiOkResponse({ type: CommandResponseDto })
  forget(@Param('id', EntityIdPipe) id: string, @Body() _body: ForgetMemberDto, @Envelope() envelope: CommandEnvelope) {
    return this.record(id, envelope, { type: 'ForgetMember', memberId: id });
  }

  private async record(id: string, envelope: CommandEnvelope, command: MemberCommand): Promise<CommandResponseDto> {
    const outcome = await this.commands.execute(new RecordMembershipCommand(command, envelope));
    return { id, ...outcome };
  }
}
