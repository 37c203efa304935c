import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '../core/handle-command';
import { CommandHeaders, Envelope, newEntityId } from '../http/command-envelope';
import { Records } from '../auth/auth.decorators';
import { SCOPES } from '../auth/command-scope';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandErrors } from '../http/error-responses';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { YearPipe } from '../http/year.pipe';
import type { FederationCommand } from './federation';
import { RecordOrganisationCommand } from './organisation.command-handler';
import {
  DevelopmentTargetDto,
  DissolveDto,
  FoundUnionDto,
  MergeFederationDto,
  RegisterFederationDto,
  RenameFederationDto,
  TransferUnionDto,
  WorkforceDto,
} from './organisation.dto';
import type { UnionCommand } from './union';

@ApiTags('organisation')
@CommandHeaders()
@CommandErrors()
@Controller()
export class OrganisationController {
  constructor(private readonly commands: CommandBus) {}

  @Post('federations')
  @Records(SCOPES.registerFederation)
  @ApiOperation({ summary: 'Register a federation (LĐLĐ) at city, district or commune level' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  registerFederation(@Body() body: RegisterFederationDto, @Envelope() envelope: CommandEnvelope) {
    const federationId = body.id ?? newEntityId(envelope);
    return this.record(federationId, envelope, {
      type: 'RegisterFederation',
      federationId,
      name: body.name,
      level: body.level,
      parentId: body.parentId ?? null,
    });
  }

  @Post('federations/:id/rename')
  @Records(SCOPES.federationInPath)
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a federation' })
  @ApiOkResponse({ type: CommandResponseDto })
  renameFederation(
    @Param('id', EntityIdPipe) id: string,
    @Body() body: RenameFederationDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, { type: 'RenameFederation', federationId: id, name: body.name });
  }

  @Post('federations/:id/merge')
  @Records(SCOPES.mergeFederation)
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this federation into another (e.g. the 2025 reorganisation)' })
  @ApiOkResponse({ type: CommandResponseDto })
  mergeFederation(
    @Param('id', EntityIdPipe) id: string,
    @Body() body: MergeFederationDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, {
      type: 'MergeFederation',
      federationId: id,
      intoFederationId: body.intoFederationId,
    });
  }

  @Post('federations/:id/dissolve')
  @Records(SCOPES.federationInPath)
  @HttpCode(200)
  @ApiOperation({ summary: 'Dissolve a federation' })
  @ApiOkResponse({ type: CommandResponseDto })
  dissolveFederation(
    @Param('id', EntityIdPipe) id: string,
    @Body() _body: DissolveDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, { type: 'DissolveFederation', federationId: id });
  }

  @Put('federations/:id/targets/:year')
  @Records(SCOPES.federationInPath)
  @ApiOperation({ summary: "Set a federation's development target for a year (new members, new unions)" })
  @ApiOkResponse({ type: CommandResponseDto })
  setTarget(
    @Param('id', EntityIdPipe) id: string,
    @Param('year', YearPipe) year: number,
    @Body() body: DevelopmentTargetDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, {
      type: 'SetDevelopmentTarget',
      federationId: id,
      year,
      newMembers: body.newMembers,
      newUnions: body.newUnions,
    });
  }

  @Put('federations/:id/workforce/:year')
  @Records(SCOPES.federationInPath)
  @ApiOperation({ summary: 'Report the workers in the units a federation covers, for coverage rates' })
  @ApiOkResponse({ type: CommandResponseDto })
  reportWorkforce(
    @Param('id', EntityIdPipe) id: string,
    @Param('year', YearPipe) year: number,
    @Body() body: WorkforceDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, { type: 'ReportWorkforce', federationId: id, year, workers: body.workers });
  }

  @Post('unions')
  @Records(SCOPES.foundUnion)
  @ApiOperation({ summary: 'Found a grassroots union (CĐCS) in a federation' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  foundUnion(@Body() body: FoundUnionDto, @Envelope() envelope: CommandEnvelope) {
    const unionId = body.id ?? newEntityId(envelope);
    return this.record(unionId, envelope, {
      type: 'FoundUnion',
      unionId,
      federationId: body.federationId,
      name: body.name,
      sector: body.sector,
    });
  }

  @Post('unions/:id/dissolve')
  @Records(SCOPES.unionInPath)
  @HttpCode(200)
  @ApiOperation({ summary: 'Dissolve a grassroots union' })
  @ApiOkResponse({ type: CommandResponseDto })
  dissolveUnion(
    @Param('id', EntityIdPipe) id: string,
    @Body() _body: DissolveDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, { type: 'DissolveUnion', unionId: id });
  }

  @Post('unions/:id/transfer')
  @Records(SCOPES.transferUnion)
  @HttpCode(200)
  @ApiOperation({ summary: 'Transfer a grassroots union to another federation' })
  @ApiOkResponse({ type: CommandResponseDto })
  transferUnion(
    @Param('id', EntityIdPipe) id: string,
    @Body() body: TransferUnionDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.record(id, envelope, { type: 'TransferUnion', unionId: id, toFederationId: body.toFederationId });
  }

  private async record(
    id: string,
    envelope: CommandEnvelope,
    command: FederationCommand | UnionCommand,
  ): Promise<CommandResponseDto> {
    const outcome = await this.commands.execute(new RecordOrganisationCommand(command, envelope));
    return { id, ...outcome };
  }
}
