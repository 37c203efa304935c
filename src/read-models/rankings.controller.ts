import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type ClusterRanking, clusterRanking } from '../../projections/cluster-rankings/cluster-rankings.queries';
import { INDICATORS } from '../clusters/clusters.events';
import { NotFound } from '../core/domain-error';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { YearPipe } from '../http/year.pipe';
import { Roles } from '../auth/auth.decorators';
import { ReadAtQueryDto } from './read-at.dto';
import { ReadModelAccess } from './read-model-access';

/** The read models a ranking is computed from; a query waits for all of them (`consistentWith`). */
export const RANKING_PROJECTIONS = ['membership', 'funds', 'recognition', 'clusters'] as const;

/** The cluster was never formed for the year, or not yet as of the date asked. */
export class ClusterYearNotFound extends NotFound {
  constructor(clusterId: string, year: number) {
    super('cluster year', `${clusterId}:${year}`);
    this.message = `cluster '${clusterId}' was not formed for ${year} (as of the date and knowledge asked)`;
  }
}

// Response shapes, for the OpenAPI document only: the query returns plain data.
const indicatorProperties = Object.fromEntries(
  INDICATORS.map((indicator) => [indicator, { type: 'number' as const, nullable: true }]),
);

class RecordedEvaluationDto {
  @ApiProperty({ example: 'excellent' }) grade!: string;
  @ApiProperty({ example: 1, nullable: true, type: 'integer' }) rank!: number | null;
  @ApiProperty({ example: '2023-11-22' }) recordedOn!: string;
}

class RankedFederationDto {
  @ApiProperty({ example: 'ba-vi' }) federationId!: string;
  @ApiProperty({ example: 'LĐLĐ huyện Ba Vì', nullable: true, type: 'string' }) name!: string | null;
  @ApiProperty({
    type: 'object',
    properties: indicatorProperties,
    description: 'Raw indicators: rates in % with one decimal, support per member in đồng, counts.',
  })
  indicators!: Record<string, number | null>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      target: { newMembers: 1000, newUnions: 10 },
      newMembers: 1210,
      unionsFounded: 21,
      members: 9000,
      conferences: { held: 160, units: 202 },
      supportPaidDong: 128_000_000,
      valueSavedDong: 3_000_000_000,
    },
    description: 'The counts behind the indicators.',
  })
  figures!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    properties: indicatorProperties,
    description: 'Points 0..100 per indicator: value ÷ best in the cluster × 100, two decimals.',
  })
  points!: Record<string, number>;
  @ApiProperty({ example: 87.35, nullable: true, type: 'number', description: 'Null when no scoring rule is adopted.' })
  score!: number | null;
  @ApiProperty({ example: 1, nullable: true, type: 'integer' }) rank!: number | null;
  @ApiProperty({
    example: 'score',
    nullable: true,
    type: 'string',
    description:
      "What put it after the federation ranked just above: 'score', a tie-break indicator or 'federationId'.",
  })
  rankDecidedBy!: string | null;
  @ApiPropertyOptional({ type: RecordedEvaluationDto, nullable: true }) recorded!: RecordedEvaluationDto | null;
  @ApiProperty({ nullable: true, type: 'boolean', description: 'Recorded rank equals computed rank.' })
  rankAgrees!: boolean | null;
}

class ClusterRankingDto {
  @ApiProperty({ example: 'cum-4' }) clusterId!: string;
  @ApiProperty({ example: 2023 }) year!: number;
  @ApiProperty({ example: 'Cụm thi đua số 4' }) name!: string;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    example: { federationId: 'ba-vi', deputyFederationId: 'phuc-tho', electedOn: '2022-11-20' },
  })
  leader!: ClusterRanking['leader'];
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    example: {
      weights: {
        memberDevelopmentRate: 30,
        unionFoundingRate: 20,
        conferenceCoverage: 20,
        awards: 15,
        initiatives: 15,
      },
      tieBreak: ['memberDevelopmentRate'],
      adoptedOn: '2023-02-01',
    },
  })
  scoringRule!: ClusterRanking['scoringRule'];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'How the figures were computed: dates read, each indicator, points, score and the rank order.',
  })
  method!: ClusterRanking['method'];
  @ApiProperty({ type: [RankedFederationDto], description: 'In rank order (by id when there is no scoring rule).' })
  federations!: RankedFederationDto[];
}

/** Cluster rankings (xếp hạng Cụm thi đua) over HTTP: computed from the read models for any date. */
@Roles('reader', 'auditor')
@ApiTags('read models')
@Controller('read/clusters/:clusterId/years/:year')
export class RankingsController {
  constructor(private readonly access: ReadModelAccess) {}

  @Get('ranking')
  @ApiOperation({
    summary: "A cluster's ranking for a year: indicators, points, score under the year's rule, rank, recorded grade",
    description:
      'Indicators are counted up to the end of the year (or asOf when earlier); the cluster’s rule and grades, and ' +
      'the titles for the year, as of asOf. Ties are broken by the rule’s tieBreak indicators, then by federation ' +
      'id; `method` states all of it. Without a scoring rule for the year, score and rank are null.',
  })
  @ApiParam({ name: 'clusterId', example: 'cum-4' })
  @ApiParam({ name: 'year', example: 2023 })
  @ApiOkResponse({ type: ClusterRankingDto })
  @ApiResponse({ status: 400, description: 'Malformed id, year or query parameter, or asOf before the year began.' })
  @ApiResponse({ status: 404, description: 'The cluster was not formed for that year (as of asOf / knownAt).' })
  @ApiResponse({ status: 503, description: 'The read models have not reached consistentWith yet; retry.' })
  async ranking(
    @Param('clusterId', EntityIdPipe) clusterId: string,
    @Param('year', YearPipe) year: number,
    @Query() query: ReadAtQueryDto,
  ): Promise<ClusterRanking> {
    const at = await this.access.prepare(query, RANKING_PROJECTIONS);
    const ranking = await clusterRanking(
      {
        membership: this.access.reader('membership'),
        funds: this.access.reader('funds'),
        recognition: this.access.reader('recognition'),
        clusters: this.access.reader('clusters'),
      },
      clusterId,
      year,
      at,
    );
    if (!ranking) throw new ClusterYearNotFound(clusterId, year);
    return ranking;
  }
}
