import { Body, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PreviewCommand, record } from '../commands/commands.command-handler';
import type { CommandEnvelope } from '../core/handle-command';
import { Envelope, newEntityId } from '../http/command-envelope';
import { CommandController, CommandRoute } from '../http/command-route';
import { Records } from '../auth/auth.decorators';
import { PathId } from '../http/entity-id.pipe';
import { YearPipe } from '../http/year.pipe';
import { ReadModelAccess } from '../read-models/read-model-access';
import { reorganisationFigures } from '../../projections/membership/reorganisation-figures';
import { organisationCommands } from './organisation.commands';
import type { ReorganisationRecorded } from './organisation.events';
import type { Reorganise } from './reorganisation';
import { ReorganisationDryRunDto, ReorganisationDto } from './reorganisation.dto';
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

@CommandController('organisation')
export class OrganisationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: ReadModelAccess,
  ) {}

  @Post('federations')
  @CommandRoute(organisationCommands.RegisterFederation)
  @ApiOperation({ summary: 'Register a federation (LĐLĐ) at city, district or commune level' })
  registerFederation(@Body() body: RegisterFederationDto, @Envelope() envelope: CommandEnvelope) {
    const federationId = body.id ?? newEntityId(envelope);
    return record(this.commands, federationId, envelope, {
      type: 'RegisterFederation',
      federationId,
      name: body.name,
      level: body.level,
      parentId: body.parentId ?? null,
    });
  }

  @Post('federations/:id/rename')
  @CommandRoute(organisationCommands.RenameFederation, { ok: true })
  @ApiOperation({ summary: 'Rename a federation' })
  renameFederation(@PathId() id: string, @Body() body: RenameFederationDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'RenameFederation', federationId: id, name: body.name });
  }

  @Post('federations/:id/merge')
  @CommandRoute(organisationCommands.MergeFederation, { ok: true })
  @ApiOperation({
    summary: 'Merge this federation into another (e.g. the 2025 reorganisation)',
    description:
      'A reorganisation with one merge (recorded in stream `reorganisation-merge-<id>-<date>`): every grassroots ' +
      'union still attached to this federation on the date moves to the target (its members with it), and this ' +
      'federation ends on that date. Its figures before the date stay as they were; the target counts the unions ' +
      'from the date on.',
  })
  mergeFederation(@PathId() id: string, @Body() body: MergeFederationDto, @Envelope() envelope: CommandEnvelope) {
    const reorganisationId = `merge-${id}-${body.occurredOn}`;
    return record(this.commands, reorganisationId, envelope, {
      type: 'Reorganise',
      reorganisationId,
      register: [],
      moves: [],
      merges: [{ federationId: id, intoFederationId: body.intoFederationId }],
      dissolutions: [],
    });
  }

  @Post('reorganisations')
  @CommandRoute(organisationCommands.Reorganise)
  @ApiOperation({
    summary: 'Record a reorganisation on one date, atomically: register, move unions, merge, dissolve',
    description:
      'All recorded or none. In order: the federations in `register` are registered; the unions in `moves` move; ' +
      'each federation in `merges` ends and every union still attached to it on the date moves to its target; ' +
      'each federation in `dissolutions` ends (it must hold no active union by then). Each change is checked by ' +
      'the rules of the entity it is about (409 with their rule ids) and recorded in that entity’s own history, ' +
      'beside one `ReorganisationRecorded` event listing everything resolved. Try it first with ' +
      '`POST /reorganisations/dry-run`.',
  })
  reorganise(@Body() body: ReorganisationDto, @Envelope() envelope: CommandEnvelope) {
    const reorganisationId = body.id ?? newEntityId(envelope);
    return record(this.commands, reorganisationId, envelope, reorganisationOf(reorganisationId, body));
  }

  @Post('reorganisations/dry-run')
  @Records(organisationCommands.Reorganise)
  @HttpCode(200)
  @ApiOperation({
    summary: 'What a reorganisation would record, and the figures before and after it, without recording anything',
    description:
      'Takes the same body as `POST /reorganisations` and answers the same refusals (400, 403, 404, 409 with the ' +
      'rule id); nothing is recorded. `figures` gives members and unions on the date for every federation touched ' +
      'and every federation above them, as recorded now and as they would be.',
  })
  @ApiOkResponse({ type: ReorganisationDryRunDto })
  async dryRun(
    @Body() body: ReorganisationDto,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<ReorganisationDryRunDto> {
    const reorganisationId = body.id ?? newEntityId(envelope);
    const changes = await this.commands.execute(new PreviewCommand(reorganisationOf(reorganisationId, body), envelope));
    const recorded = changes[0]?.events[0]?.data as unknown as ReorganisationRecorded['data'] | undefined;
    const figures = recorded ? await reorganisationFigures(this.access.reader('membership'), recorded) : [];
    return { id: reorganisationId, occurredOn: body.occurredOn, changes, figures };
  }

  @Post('federations/:id/dissolve')
  @CommandRoute(organisationCommands.DissolveFederation, { ok: true })
  @ApiOperation({ summary: 'Dissolve a federation' })
  dissolveFederation(@PathId() id: string, @Body() _body: DissolveDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'DissolveFederation', federationId: id });
  }

  @Put('federations/:id/targets/:year')
  @CommandRoute(organisationCommands.SetDevelopmentTarget, { ok: true })
  @ApiOperation({ summary: "Set a federation's development target for a year (new members, new unions)" })
  setTarget(
    @PathId() id: string,
    @Param('year', YearPipe) year: number,
    @Body() body: DevelopmentTargetDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, id, envelope, {
      type: 'SetDevelopmentTarget',
      federationId: id,
      year,
      newMembers: body.newMembers,
      newUnions: body.newUnions,
    });
  }

  @Put('federations/:id/workforce/:year')
  @CommandRoute(organisationCommands.ReportWorkforce, { ok: true })
  @ApiOperation({ summary: 'Report the workers in the units a federation covers, for coverage rates' })
  reportWorkforce(
    @PathId() id: string,
    @Param('year', YearPipe) year: number,
    @Body() body: WorkforceDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, id, envelope, {
      type: 'ReportWorkforce',
      federationId: id,
      year,
      workers: body.workers,
    });
  }

  @Post('unions')
  @CommandRoute(organisationCommands.FoundUnion)
  @ApiOperation({ summary: 'Found a grassroots union (CĐCS) in a federation' })
  foundUnion(@Body() body: FoundUnionDto, @Envelope() envelope: CommandEnvelope) {
    const unionId = body.id ?? newEntityId(envelope);
    return record(this.commands, unionId, envelope, {
      type: 'FoundUnion',
      unionId,
      federationId: body.federationId,
      name: body.name,
      sector: body.sector,
    });
  }

  @Post('unions/:id/dissolve')
  @CommandRoute(organisationCommands.DissolveUnion, { ok: true })
  @ApiOperation({ summary: 'Dissolve a grassroots union' })
  dissolveUnion(@PathId() id: string, @Body() _body: DissolveDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, { type: 'DissolveUnion', unionId: id });
  }

  @Post('unions/:id/transfer')
  @CommandRoute(organisationCommands.TransferUnion, { ok: true })
  @ApiOperation({ summary: 'Transfer a grassroots union to another federation' })
  transferUnion(@PathId() id: string, @Body() body: TransferUnionDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, {
      type: 'TransferUnion',
      unionId: id,
      toFederationId: body.toFederationId,
    });
  }
}

function reorganisationOf(reorganisationId: string, body: ReorganisationDto): Reorganise {
  return {
    type: 'Reorganise',
    reorganisationId,
    register: (body.register ?? []).map((entry) => ({
      federationId: entry.id,
      name: entry.name,
      level: entry.level,
      parentId: entry.parentId ?? null,
    })),
    moves: (body.moves ?? []).map(({ unionId, toFederationId }) => ({ unionId, toFederationId })),
    merges: (body.merges ?? []).map(({ federationId, intoFederationId }) => ({ federationId, intoFederationId })),
    dissolutions: body.dissolutions ?? [],
  };
}
