import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { NotFound } from '../core/domain-error';
import type { ReadAt } from '../core/read-store.port';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, IsBusinessDate } from '../http/recorded-fact.dto';
import { CLUSTER_YEARS, type ClusterYearDoc, clusterYearId } from '../../projections/clusters/clusters.projection';
import { FEDERATIONS, type FederationDoc } from '../../projections/membership/membership.projection';
import {
  developmentRates,
  federationMembership,
  periodMovements,
  unionMembership,
} from '../../projections/membership/membership.queries';
import { Roles } from '../auth/auth.decorators';
import { federationMembershipSeries } from '../../projections/membership/membership-series';
import { ReadAtQueryDto } from './read-at.dto';
import { SeriesQueryDto, seriesDates } from './series.dto';
import { ReadModelAccess } from './read-model-access';
import { ApiErrors } from '../http/error-responses';

/** Longest period `movements` sums over: bounds the work of one request. */
export const MAX_PERIOD_YEARS = 10;

// ---- Request parameters ---------------------------------------------------------------------------

class EntityPathDto {
  @ApiProperty({ example: 'ba-vi', description: ENTITY_ID_MESSAGE })
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id!: string;
}

class EntityYearPathDto extends EntityPathDto {
  @ApiProperty({ type: 'integer', example: 2023, description: 'Plan / emulation year.' })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole year such as 2023' })
  @Min(1900)
  @Max(9999)
  year!: number;
}

class MovementsQueryDto extends ReadAtQueryDto {
  @ApiProperty({ example: '2023-01-01', description: 'First day of the period (YYYY-MM-DD), included.' })
  @IsBusinessDate()
  from!: string;

  @ApiProperty({
    example: '2023-12-31',
    description: `Last day of the period (YYYY-MM-DD), included; not before from, at most ${MAX_PERIOD_YEARS} years after.`,
  })
  @IsBusinessDate()
  to!: string;
}

// ---- Responses (documentation of the query results) -----------------------------------------------

class UnionCountsDto {
  @ApiProperty({ example: 478 }) active!: number;
  @ApiProperty({ example: 2 }) dissolved!: number;
}

class UnionMembershipDto {
  @ApiProperty({ example: 'tan-linh-school' }) unionId!: string;
  @ApiProperty({ example: 'CĐCS Trường THCS Tản Lĩnh' }) name!: string;
  @ApiProperty({ example: 'ba-vi', description: 'The federation the union belonged to on the date asked.' })
  federationId!: string;
  @ApiProperty({ example: '2010-01-01', description: 'Since when it belonged to that federation.' })
  federationSince!: string;
  @ApiProperty({ example: 'public-service' }) sector!: string;
  @ApiProperty({ enum: ['active', 'dissolved'] }) status!: string;
  @ApiProperty({ example: '2010-01-01' }) foundedOn!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) dissolvedOn!: string | null;
  @ApiProperty({ example: 58, description: 'Members (đoàn viên) on the date.' }) members!: number;
  @ApiProperty({ example: 61, description: 'Cumulative joins since records began.' }) joined!: number;
  @ApiProperty({ example: 2, description: 'Cumulative departures.' }) left!: number;
  @ApiProperty({ example: 0, description: 'Cumulative members transferred in from other unions.' })
  transferredIn!: number;
  @ApiProperty({ example: 1, description: 'Cumulative members transferred out to other unions.' })
  transferredOut!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { workers: ['2022', '2023'] },
    description: 'Years in which the unit held a democratic conference, by kind.',
  })
  conferences!: Record<string, string[]>;
}

class MembershipTotalsDto {
  @ApiProperty({ type: UnionCountsDto, description: 'Grassroots unions (CĐCS) counted on the date.' })
  unions!: UnionCountsDto;
  @ApiProperty({ example: 28935 }) members!: number;
  @ApiProperty({ description: 'Cumulative joins (a period is a difference).' }) joined!: number;
  @ApiProperty() left!: number;
  @ApiProperty() transferredIn!: number;
  @ApiProperty() transferredOut!: number;
}

class ChildMembershipDto extends MembershipTotalsDto {
  @ApiProperty({ example: 'ba-vi' }) federationId!: string;
  @ApiProperty({ example: 'LĐLĐ huyện Ba Vì' }) name!: string;
  @ApiProperty({ example: 'district' }) level!: string;
  @ApiProperty({ enum: ['active', 'merged', 'dissolved'] }) status!: string;
}

class FederationMembershipDto extends MembershipTotalsDto {
  @ApiProperty({ example: 'ha-noi' }) federationId!: string;
  @ApiProperty({ example: 'LĐLĐ thành phố Hà Nội', description: 'Its name on the date asked.' }) name!: string;
  @ApiProperty({ example: 'city' }) level!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) parentId!: string | null;
  @ApiProperty({ enum: ['active', 'merged', 'dissolved'] }) status!: string;
  @ApiProperty({
    type: MembershipTotalsDto,
    description: 'The grassroots unions attached to this federation itself (not through a federation below it).',
  })
  direct!: MembershipTotalsDto;
  @ApiProperty({
    type: [ChildMembershipDto],
    description:
      'Each federation directly below it on the date, with everything below that one in turn: active ones, and ' +
      'any merged or dissolved one that still holds unions. The totals are `direct` plus the sum of `children`.',
  })
  children!: ChildMembershipDto[];
}

class PeriodMovementsDto {
  @ApiProperty({ example: '2023-01-01' }) from!: string;
  @ApiProperty({ example: '2023-12-31' }) to!: string;
  @ApiProperty({ example: 1210 }) joined!: number;
  @ApiProperty({ example: 35 }) left!: number;
  @ApiProperty() transferredIn!: number;
  @ApiProperty() transferredOut!: number;
  @ApiProperty({ example: 12 }) unionsFounded!: number;
  @ApiProperty({ example: 1 }) unionsDissolved!: number;
}

class TargetDto {
  @ApiProperty({ example: 1000 }) newMembers!: number;
  @ApiProperty({ example: 6 }) newUnions!: number;
}

class ConferenceCoverageDto {
  @ApiProperty({ example: 160, description: 'Active units that held a democratic conference for the year.' })
  held!: number;
  @ApiProperty({ example: 202, description: 'Active units on the date.' }) units!: number;
  @ApiProperty({ type: Number, nullable: true, example: 79.2 }) rate!: number | null;
}

class DevelopmentRatesDto {
  @ApiProperty({ example: 'ba-vi' }) federationId!: string;
  @ApiProperty({ example: 2023 }) year!: number;
  @ApiProperty({ example: '2023-12-31', description: 'Counted up to: the end of the year, or asOf when earlier.' })
  asOf!: string;
  @ApiProperty({ type: TargetDto, nullable: true, description: "The year's target (chỉ tiêu); null when not set." })
  target!: TargetDto | null;
  @ApiProperty({ example: 1210, description: 'Members who joined from 1 January to asOf.' }) newMembers!: number;
  @ApiProperty({ example: 13 }) unionsFounded!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 121,
    description: 'Tỷ lệ phát triển đoàn viên: newMembers ÷ target × 100, one decimal.',
  })
  memberDevelopmentRate!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 216.7,
    description: 'Tỷ lệ thành lập CĐCS: unionsFounded ÷ target × 100, one decimal.',
  })
  unionFoundingRate!: number | null;
  @ApiProperty({ example: 7420 }) members!: number;
  @ApiProperty({ type: Number, nullable: true, example: 9800, description: 'Workers reported for the year.' })
  workers!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 75.7, description: 'members ÷ workers × 100, one decimal.' })
  coverage!: number | null;
  @ApiProperty({ type: ConferenceCoverageDto }) conferences!: ConferenceCoverageDto;
}

class ClusterFederationMembershipDto {
  @ApiProperty({ example: 'ba-vi' }) federationId!: string;
  @ApiProperty({ type: FederationMembershipDto, nullable: true, description: 'null: not registered on the date.' })
  membership!: FederationMembershipDto | null;
  @ApiProperty({ type: DevelopmentRatesDto, nullable: true }) development!: DevelopmentRatesDto | null;
}

class ClusterTotalsDto {
  @ApiProperty({ type: UnionCountsDto }) unions!: UnionCountsDto;
  @ApiProperty({ example: 44579 }) members!: number;
  @ApiProperty({ example: 5300, description: 'Members who joined in the year, up to asOf.' }) newMembers!: number;
  @ApiProperty({ example: 60 }) unionsFounded!: number;
}

class ClusterYearMembershipDto {
  @ApiProperty({ example: 'cum-4' }) clusterId!: string;
  @ApiProperty({ example: 2023 }) year!: number;
  @ApiProperty({ type: String, example: 'Cụm thi đua số 4' }) name!: string;
  @ApiProperty({ example: '2023-12-31', description: 'Figures as of: the end of the year, or asOf when earlier.' })
  asOf!: string;
  @ApiProperty({ type: [ClusterFederationMembershipDto] }) federations!: ClusterFederationMembershipDto[];
  @ApiProperty({ type: ClusterTotalsDto }) totals!: ClusterTotalsDto;
}

class MembershipPointDto extends MembershipTotalsDto {
  @ApiProperty({ example: '2016-01-31', description: 'The last day of the period: the figures at its end.' })
  date!: string;
  @ApiProperty({ description: 'false on dates before the federation existed (all figures 0).' })
  registered!: boolean;
}

class MembershipSeriesDto {
  @ApiProperty({ example: 'ba-vi' }) federationId!: string;
  @ApiProperty({ example: 'month', enum: ['month', 'quarter', 'year'] }) every!: string;
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'The log position read at, if any.' })
  knownAt!: number | null;
  @ApiProperty({ type: [MembershipPointDto] }) points!: MembershipPointDto[];
}

/** The error answers every read route can give. */
function ReadErrors() {
  return ApiErrors({
    400: 'A malformed parameter: the message says which and why.',
    404: 'Nothing by that id on the date asked (as known then).',
    503: 'The read model has not reached `consistentWith` within a few seconds; retry after Retry-After.',
  });
}

// ---- Routes -------------------------------------------------------------------------------------

/**
 * Membership figures (đoàn viên, CĐCS) for any date: `asOf` a business date with everything known now,
 * `knownAt` as the system stood then, `consistentWith` to read one's own writes.
 */
@Roles('reader', 'auditor')
@ApiTags('read models')
@ReadErrors()
@Controller('read')
export class MembershipReadController {
  constructor(private readonly access: ReadModelAccess) {}

  @Get('unions/:id/membership')
  @ApiOperation({
    summary: 'A grassroots union on a date: its federation, status, members, cumulative joins, departures, transfers',
  })
  @ApiOkResponse({ type: UnionMembershipDto })
  async union(@Param() { id }: EntityPathDto, @Query() query: ReadAtQueryDto): Promise<UnionMembershipDto> {
    const at = await this.access.prepare(query, ['membership']);
    const union = await unionMembership(this.membership(), id, at);
    if (!union) throw new NotFound('union', id);
    return union;
  }

  @Get('federations/:id/membership')
  @ApiOperation({
    summary: 'A federation on a date, rolled up: its own grassroots unions and those of every federation below it',
    description:
      'The hierarchy is the one in force on the date asked (a city sums its districts, and after the 2025 ' +
      'reorganisation its communes and wards); each union counts once, under the federation it belonged to that ' +
      'day, so moving a union or merging a federation never counts anyone twice. `children` gives the breakdown.',
  })
  @ApiOkResponse({ type: FederationMembershipDto })
  async federation(@Param() { id }: EntityPathDto, @Query() query: ReadAtQueryDto): Promise<FederationMembershipDto> {
    const at = await this.access.prepare(query, ['membership']);
    const membership = await federationMembership(this.membership(), id, at);
    if (!membership) throw new NotFound('federation', id);
    return membership;
  }

  @Get('federations/:id/membership/series')
  @ApiOperation({
    summary: 'A federation’s rolled-up members and unions at the end of every month (quarter, year) of a span',
    description:
      'One request answers every point, read from the document versions in one pass. Each point is the figure ' +
      'on the last day of its period, rolled up through the hierarchy of that day (as `/membership` on that ' +
      'date). knownAt answers as the figures stood then; asOf does not apply. At most 240 points.',
  })
  @ApiOkResponse({ type: MembershipSeriesDto })
  async membershipSeries(@Param() { id }: EntityPathDto, @Query() query: SeriesQueryDto): Promise<MembershipSeriesDto> {
    const dates = seriesDates(query);
    const at = await this.access.prepare(query, ['membership']);
    const series = await federationMembershipSeries(this.membership(), id, dates, at.knownAt);
    if (!series) throw new NotFound('federation', id);
    return { federationId: id, every: query.every ?? 'month', knownAt: at.knownAt ?? null, points: series.points };
  }

  @Get('federations/:id/movements')
  @ApiOperation({
    summary: 'Joins, departures, transfers, unions founded and dissolved in a period (both days included)',
    description:
      'Counted over the unions under the federation (its own and every federation below it) at the end of the ' +
      'period: a union moved during the period brings its whole period to where it ended. The period gives the ' +
      'dates, so asOf does not apply; knownAt does.',
  })
  @ApiOkResponse({ type: PeriodMovementsDto })
  async movements(@Param() { id }: EntityPathDto, @Query() query: MovementsQueryDto): Promise<PeriodMovementsDto> {
    const { from, to } = query;
    if (query.asOf !== undefined) {
      throw new BadRequestException('asOf does not apply to movements: the period is given by from and to');
    }
    if (from > to) throw new BadRequestException(`from (${from}) must not be after to (${to})`);
    if (to >= addYears(from, MAX_PERIOD_YEARS)) {
      throw new BadRequestException(`the period may span at most ${MAX_PERIOD_YEARS} years; ask for shorter periods`);
    }
    const at = await this.access.prepare(query, ['membership']);
    const reader = this.membership();
    if (!(await reader.get<FederationDoc>(FEDERATIONS, id, { asOf: to, knownAt: at.knownAt }))) {
      throw new NotFound('federation', id);
    }
    return periodMovements(reader, id, from, to, at.knownAt);
  }

  @Get('federations/:id/development/:year')
  @ApiOperation({
    summary: "A plan year's member development and union founding rates against the targets, coverage, conferences",
    description:
      'Counted from 1 January up to the end of the year, or up to asOf when that is earlier, over every union ' +
      'under the federation (rolled up through the hierarchy of that date) against its own targets and workforce. ' +
      'Rates are part ÷ whole × 100 rounded half up to one decimal (`Math.round(part × 1000 ÷ whole) ÷ 10`); ' +
      'null when there is no target (or no workforce, or no active unit).',
  })
  @ApiOkResponse({ type: DevelopmentRatesDto })
  async development(
    @Param() { id, year }: EntityYearPathDto,
    @Query() query: ReadAtQueryDto,
  ): Promise<DevelopmentRatesDto> {
    const at = await this.access.prepare(query, ['membership']);
    const rates = await developmentRates(this.membership(), id, year, at);
    if (!rates) throw new NotFound('federation', id);
    return rates;
  }

  @Get('clusters/:id/years/:year/membership')
  @ApiOperation({
    summary: 'An emulation cluster year (Cụm thi đua): each federation’s membership and development rates, and totals',
    description:
      'The federations competing are read as of asOf (by default, as now known); their figures as of the end of ' +
      'the year, or asOf when earlier.',
  })
  @ApiOkResponse({ type: ClusterYearMembershipDto })
  async clusterYear(
    @Param() { id, year }: EntityYearPathDto,
    @Query() query: ReadAtQueryDto,
  ): Promise<ClusterYearMembershipDto> {
    const at = await this.access.prepare(query, ['membership', 'clusters']);
    const cluster = await this.access
      .reader('clusters')
      .get<ClusterYearDoc>(CLUSTER_YEARS, clusterYearId(id, year), at);
    // A leader elected ahead of the year creates the document before the cluster is formed for it.
    if (!cluster || cluster.name === null) throw new NotFound('cluster year', `${id}:${year}`);

    const yearEnd = `${year}-12-31`;
    const asOf = at.asOf !== undefined && at.asOf < yearEnd ? at.asOf : yearEnd;
    const figuresAt: ReadAt = { asOf, knownAt: at.knownAt };
    const reader = this.membership();
    const federations = await Promise.all(
      cluster.federationIds.map(async (federationId) => {
        const [membership, development] = await Promise.all([
          federationMembership(reader, federationId, figuresAt),
          developmentRates(reader, federationId, year, figuresAt),
        ]);
        return { federationId, membership, development };
      }),
    );
    const totals: ClusterTotalsDto = {
      unions: { active: 0, dissolved: 0 },
      members: 0,
      newMembers: 0,
      unionsFounded: 0,
    };
    for (const { membership, development } of federations) {
      totals.unions.active += membership?.unions.active ?? 0;
      totals.unions.dissolved += membership?.unions.dissolved ?? 0;
      totals.members += membership?.members ?? 0;
      totals.newMembers += development?.newMembers ?? 0;
      totals.unionsFounded += development?.unionsFounded ?? 0;
    }
    return { clusterId: id, year, name: cluster.name, asOf, federations, totals };
  }

  private membership() {
    return this.access.reader('membership');
  }
}

/** The same day `years` later (29 February → 1 March when that year has none). */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}
