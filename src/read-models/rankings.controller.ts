import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type ClusterRanking, clusterRanking } from '../../projections/cluster-rankings/cluster-rankings.queries';
import { GRADES, INDICATORS } from '../clusters/clusters.events';
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
const indicatorProperties = (nullable: boolean, description: string) =>
  Object.fromEntries(INDICATORS.map((indicator) => [indicator, { type: 'number' as const, nullable, description }]));

class RecordedEvaluationDto {
  @ApiProperty({ enum: GRADES, example: 'excellent' }) grade!: string;
  @ApiProperty({ example: 1, nullable: true, type: 'integer' }) rank!: number | null;
  @ApiProperty({ example: '2023-11-22' }) recordedOn!: string;
}

class DevelopmentTargetView {
  @ApiProperty({ type: 'integer', example: 1000 }) newMembers!: number;
  @ApiProperty({ type: 'integer', example: 10 }) newUnions!: number;
}

class ConferenceCountView {
  @ApiProperty({ type: 'integer', example: 160, description: 'Units that held a conference for the year.' })
  held!: number;
  @ApiProperty({ type: 'integer', example: 202, description: 'Active units on the indicator date.' }) units!: number;
}

class IndicatorFiguresView {
  @ApiProperty({ type: DevelopmentTargetView, nullable: true, description: 'The year’s targets; null when none.' })
  target!: DevelopmentTargetView | null;
  @ApiProperty({ type: 'integer', example: 1210 }) newMembers!: number;
  @ApiProperty({ type: 'integer', example: 21 }) unionsFounded!: number;
  @ApiProperty({ type: 'integer', example: 9000, description: 'Members on the indicator date.' }) members!: number;
  @ApiProperty({ type: ConferenceCountView }) conferences!: ConferenceCountView;
  @ApiProperty({ type: 'integer', example: 128_000_000, description: 'Support paid in the year, whole đồng.' })
  supportPaidDong!: number;
  @ApiProperty({ type: 'integer', example: 3_000_000_000, description: 'Value saved by initiatives, whole đồng.' })
  valueSavedDong!: number;
}

class RankedFederationDto {
  @ApiProperty({ example: 'ba-vi' }) federationId!: string;
  @ApiProperty({ example: 'LĐLĐ huyện Ba Vì', nullable: true, type: 'string' }) name!: string | null;
  @ApiProperty({
    type: 'object',
    properties: indicatorProperties(true, 'Null when it cannot be computed (no target, no members).'),
    description: 'Raw indicators: rates in % with one decimal, support per member in whole đồng, counts.',
  })
  indicators!: Record<string, number | null>;
  @ApiProperty({ type: IndicatorFiguresView, description: 'The counts behind the indicators.' })
  figures!: IndicatorFiguresView;
  @ApiProperty({
    type: 'object',
    properties: indicatorProperties(false, '0 to 100, two decimals.'),
    description: 'Points 0..100 per indicator: value ÷ best in the cluster × 100, two decimals half up.',
  })
  points!: Record<string, number>;
  @ApiProperty({ example: 87.35, nullable: true, type: 'number', description: 'Null when no scoring rule is adopted.' })
  score!: number | null;
  @ApiProperty({ example: 1, nullable: true, type: 'integer' }) rank!: number | null;
  @ApiProperty({
    enum: ['score', ...INDICATORS, 'federationId'],
    example: 'score',
    nullable: true,
    description:
      "What put it after the federation ranked just above: 'score', a tie-break indicator or 'federationId'; " +
      'null for the first, and without a scoring rule.',
  })
  rankDecidedBy!: string | null;
  @ApiProperty({ type: RecordedEvaluationDto, nullable: true, description: 'What the cluster conference recorded.' })
  recorded!: RecordedEvaluationDto | null;
  @ApiProperty({ nullable: true, type: 'boolean', description: 'Recorded rank equals computed rank.' })
  rankAgrees!: boolean | null;
}

class ClusterLeaderView {
  @ApiProperty({ example: 'ba-vi', description: 'Cụm trưởng.' }) federationId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'phuc-tho', description: 'Cụm phó.' })
  deputyFederationId!: string | null;
  @ApiProperty({ example: '2022-11-20' }) electedOn!: string;
}

class ScoringRuleView {
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(INDICATORS.map((indicator) => [indicator, { type: 'integer' as const }])),
    example: { memberDevelopmentRate: 30, unionFoundingRate: 20, conferenceCoverage: 20, awards: 15, initiatives: 15 },
    description: 'Whole-point weight of each indicator counted; absent or 0: not counted.',
  })
  weights!: Record<string, number>;
  @ApiProperty({ enum: INDICATORS, isArray: true, example: ['memberDevelopmentRate'] }) tieBreak!: string[];
  @ApiProperty({ example: '2023-02-01' }) adoptedOn!: string;
}

class RankingMethodView {
  @ApiProperty({ example: '2023-12-31', description: 'D: the date indicators are counted up to.' })
  indicatorsAsOf!: string;
  @ApiProperty({
    example: '9999-12-31',
    description: 'The date the cluster’s decisions, awards and initiatives are read as of (9999-12-31: latest).',
  })
  decisionsAsOf!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The knownAt log position asked for, if any.' })
  knownAt!: number | null;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(INDICATORS.map((indicator) => [indicator, { type: 'string' as const }])),
    description: 'How each indicator is counted, in words.',
  })
  indicators!: Record<string, string>;
  @ApiProperty({ description: 'How points are computed, in words.' }) points!: string;
  @ApiProperty({ description: 'How the score is computed (or why there is none), in words.' }) score!: string;
  @ApiProperty({
    type: [String],
    example: ['score desc', 'memberDevelopmentRate desc', 'federationId asc'],
    description: 'The order applied, first criterion first.',
  })
  rankOrder!: string[];
  @ApiProperty({ description: 'What `recorded` and `rankAgrees` hold.' }) recorded!: string;
}

class ClusterRankingDto {
  @ApiProperty({ example: 'cum-4' }) clusterId!: string;
  @ApiProperty({ type: 'integer', example: 2023 }) year!: number;
  @ApiProperty({ example: 'Cụm thi đua số 4' }) name!: string;
  @ApiProperty({ type: ClusterLeaderView, nullable: true, description: 'Null when no leader is elected for the year.' })
  leader!: ClusterLeaderView | null;
  @ApiProperty({ type: ScoringRuleView, nullable: true, description: 'Null when no rule is adopted for the year.' })
  scoringRule!: ScoringRuleView | null;
  @ApiProperty({
    type: RankingMethodView,
    description: 'How the figures were computed: dates read, each indicator, points, score and the rank order.',
  })
  method!: RankingMethodView;
  @ApiProperty({ type: [RankedFederationDto], description: 'In rank order (by id when there is no scoring rule).' })
  federations!: RankedFederationDto[];
}

/**
 * The ranking's method for the route's description (Markdown), as `clusterRanking` computes it
 * (projections/cluster-rankings/cluster-rankings.queries.ts); the answer's `method` restates it per request.
 */
const RANKING_METHOD = [
  'Computed on demand from the membership, funds, recognition and clusters read models; nothing is stored.',
  '',
  '**1. Indicators** of each federation of the cluster for year Y, counted up to D = the earlier of Y-12-31 and `asOf`:',
  '- `memberDevelopmentRate`: new members from Y-01-01 to D ÷ the year’s target of new members × 100, one decimal; null without a target.',
  '- `unionFoundingRate`: grassroots unions founded from Y-01-01 to D ÷ the year’s target of new unions × 100, one decimal; null without a target.',
  '- `conferenceCoverage`: units that held a democratic conference for Y ÷ units active on D × 100, one decimal.',
  '- `supportPerMember`: đồng paid as support from Y-01-01 to D ÷ members on D, rounded down to a whole đồng; null with no members.',
  '- `awards`: titles for Y, granted and not revoked; `initiatives`: initiatives recognised in Y. Both read as of `asOf` itself, ' +
    'not capped at D, since titles for Y are often granted at the year-end conference early in Y+1.',
  '',
  '**2. Points**, 0 to 100 per indicator: value ÷ the best value in the cluster that year × 100, two decimals, rounded half up; ' +
    '0 when the value is null or the best is 0. Rates are compared in exact tenths.',
  '',
  '**3. Score** = Σ (weight × points) ÷ Σ weights over the indicators of the scoring rule adopted for Y (the latest adopted by ' +
    '`asOf`), two decimals, rounded half up. An indicator with weight 0 or absent does not count. Points and score are computed ' +
    'in whole hundredths, so the figures shown are the figures compared.',
  '',
  '**4. Rank**: score descending; equal scores by the rule’s `tieBreak` indicators in turn (higher raw value first, null last); ' +
    'then by federation id ascending. Every rank is distinct; `rankDecidedBy` says which criterion placed each federation ' +
    'after the one above it.',
  '',
  '**5.** Without a scoring rule for Y, indicators and points are still listed (by federation id), but score and rank are null ' +
    'and `method.score` says why.',
  '',
  '**6. Recorded** beside each federation: the grade and rank the cluster conference recorded, and `rankAgrees` (null when either ' +
    'rank is missing).',
  '',
  'The cluster’s own decisions (members, leader, rule, evaluations) are read as of `asOf`; `knownAt` applies to every read.',
].join('\n');

/** Cluster rankings (xếp hạng Cụm thi đua) over HTTP: computed from the read models for any date. */
@Roles('reader', 'auditor')
@ApiTags('read models')
@Controller('read/clusters/:clusterId/years/:year')
export class RankingsController {
  constructor(private readonly access: ReadModelAccess) {}

  @Get('ranking')
  @ApiOperation({
    summary: "A cluster's ranking for a year: indicators, points, score under the year's rule, rank, recorded grade",
    description: RANKING_METHOD,
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
