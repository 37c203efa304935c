import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, RecordedFactDto } from '../http/recorded-fact.dto';
import { GRADES, type Grade, type Indicator, INDICATORS, MAX_WEIGHT } from './clusters.events';
import { FreeText } from '../http/free-text';

/** Enough for any real cluster (cluster no. 4 has six) while bounding the look-ups one request causes. */
export const MAX_CLUSTER_FEDERATIONS = 100;

export class FormClusterDto extends RecordedFactDto {
  @ApiProperty({ example: 'Cụm thi đua số 4' })
  @FreeText({ max: 200 })
  name!: string;

  @ApiProperty({
    type: [String],
    example: ['phuc-tho', 'ba-vi', 'thach-that', 'dan-phuong', 'hoai-duc', 'quoc-oai'],
    description: 'The federations competing in the cluster that year: at least 2, each once.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_CLUSTER_FEDERATIONS)
  @Matches(ENTITY_ID_PATTERN, { each: true, message: `each of federationIds ${ENTITY_ID_MESSAGE}` })
  federationIds!: string[];
}

export class ElectClusterLeaderDto extends RecordedFactDto {
  @ApiProperty({ type: 'integer', example: 2024, description: 'The year the leadership is for, usually the next one.' })
  @IsInt()
  @Min(1900)
  @Max(9999)
  forYear!: number;

  @ApiProperty({ example: 'quoc-oai', description: 'Cụm trưởng: a federation of the cluster.' })
  @Matches(ENTITY_ID_PATTERN, { message: `leaderFederationId ${ENTITY_ID_MESSAGE}` })
  leaderFederationId!: string;

  @ApiPropertyOptional({ example: 'ba-vi', description: 'Cụm phó: another federation of the cluster.' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `deputyFederationId ${ENTITY_ID_MESSAGE}` })
  deputyFederationId?: string;
}

const weightDoc = (example: number) => ({
  type: 'integer' as const,
  example,
  minimum: 0,
  maximum: MAX_WEIGHT,
  description: 'Whole points; 0 or absent: not counted.',
});

/** One optional whole-number weight per indicator; any other key is refused by the global ValidationPipe. */
export class IndicatorWeightsDto implements Partial<Record<Indicator, number>> {
  @ApiPropertyOptional(weightDoc(30))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  memberDevelopmentRate?: number;

  @ApiPropertyOptional(weightDoc(20))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  unionFoundingRate?: number;

  @ApiPropertyOptional(weightDoc(15))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  conferenceCoverage?: number;

  @ApiPropertyOptional(weightDoc(15))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  supportPerMember?: number;

  @ApiPropertyOptional(weightDoc(10))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  awards?: number;

  @ApiPropertyOptional(weightDoc(10))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  initiatives?: number;
}

export class AdoptScoringRuleDto extends RecordedFactDto {
  @ApiProperty({ type: IndicatorWeightsDto, description: 'Weight of each indicator; at least one above 0.' })
  @IsObject()
  @ValidateNested()
  @Type(() => IndicatorWeightsDto)
  weights!: IndicatorWeightsDto;

  @ApiProperty({
    enum: INDICATORS,
    isArray: true,
    example: ['memberDevelopmentRate', 'unionFoundingRate'],
    description:
      'Indicators that order equal scores, in turn (higher first); ties that remain are ordered by federation id.',
  })
  @IsArray()
  @ArrayMaxSize(INDICATORS.length * 2)
  @IsIn(INDICATORS, { each: true })
  tieBreak!: Indicator[];
}

export class RecordEvaluationDto extends RecordedFactDto {
  @ApiProperty({ example: 'ba-vi' })
  @Matches(ENTITY_ID_PATTERN, { message: `federationId ${ENTITY_ID_MESSAGE}` })
  federationId!: string;

  @ApiProperty({ enum: GRADES, description: 'excellent (xuất sắc), good (tốt), fair (khá), weak (yếu).' })
  @IsIn(GRADES)
  grade!: Grade;

  @ApiPropertyOptional({
    type: 'integer' as const,
    example: 1,
    description: 'Place given by the conference, 1 to the number of members.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CLUSTER_FEDERATIONS)
  rank?: number;
}
