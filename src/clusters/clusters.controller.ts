import { Body, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { record } from '../commands/commands.command-handler';
import type { CommandEnvelope } from '../core/handle-command';
import { Envelope } from '../http/command-envelope';
import { CommandController, CommandRoute } from '../http/command-route';
import { PathId } from '../http/entity-id.pipe';
import { YearPipe } from '../http/year.pipe';
import { clustersCommands } from './clusters.commands';
import { AdoptScoringRuleDto, ElectClusterLeaderDto, FormClusterDto, RecordEvaluationDto } from './clusters.dto';
import { type Indicator, INDICATORS } from './clusters.events';

@CommandController('emulation clusters', 'clusters/:id')
export class ClustersController {
  constructor(private readonly commands: CommandBus) {}

  @Put('years/:year')
  @CommandRoute(clustersCommands.FormCluster, { ok: true })
  @ApiOperation({ summary: 'Form an emulation cluster (Cụm thi đua) for a year: the federations that compete' })
  form(
    @PathId() id: string,
    @Param('year', YearPipe) year: number,
    @Body() body: FormClusterDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, id, envelope, {
      type: 'FormCluster',
      clusterId: id,
      year,
      name: body.name,
      federationIds: body.federationIds,
    });
  }

  @Post('leader-elections')
  @CommandRoute(clustersCommands.ElectClusterLeader)
  @ApiOperation({ summary: 'Record the election of the cluster leader (Cụm trưởng) and deputy (Cụm phó) for a year' })
  electLeader(@PathId() id: string, @Body() body: ElectClusterLeaderDto, @Envelope() envelope: CommandEnvelope) {
    return record(this.commands, id, envelope, {
      type: 'ElectClusterLeader',
      clusterId: id,
      forYear: body.forYear,
      leaderFederationId: body.leaderFederationId,
      deputyFederationId: body.deputyFederationId ?? null,
    });
  }

  @Put('years/:year/scoring-rule')
  @CommandRoute(clustersCommands.AdoptScoringRule, { ok: true })
  @ApiOperation({ summary: 'Adopt the scoring rule a cluster ranks a year by; replaces an earlier rule' })
  adoptScoringRule(
    @PathId() id: string,
    @Param('year', YearPipe) year: number,
    @Body() body: AdoptScoringRuleDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    // Only the indicators the client sent: the DTO instance also carries the absent ones as undefined.
    const weights: Partial<Record<Indicator, number>> = Object.fromEntries(
      INDICATORS.flatMap((indicator) =>
        body.weights[indicator] === undefined ? [] : [[indicator, body.weights[indicator]]],
      ),
    );
    return record(this.commands, id, envelope, {
      type: 'AdoptScoringRule',
      clusterId: id,
      year,
      weights,
      tieBreak: body.tieBreak,
    });
  }

  @Post('years/:year/evaluations')
  @CommandRoute(clustersCommands.RecordEvaluation)
  @ApiOperation({ summary: 'Record the grade (and rank) the cluster conference gave a federation for a year' })
  recordEvaluation(
    @PathId() id: string,
    @Param('year', YearPipe) year: number,
    @Body() body: RecordEvaluationDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return record(this.commands, id, envelope, {
      type: 'RecordEvaluation',
      clusterId: id,
      year,
      federationId: body.federationId,
      grade: body.grade,
      rank: body.rank ?? null,
    });
  }
}
