import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, RecordedFactDto } from '../http/recorded-fact.dto';
import { FEDERATION_LEVELS, type FederationLevel } from './organisation.events';
import { MAX_REORGANISATION_CHANGES } from './reorganisation';
import { FreeText } from '../http/free-text';

export class NewFederationDto {
  @ApiProperty({ example: 'xa-ba-vi', description: `The new federation's id; ${ENTITY_ID_MESSAGE}.` })
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id!: string;

  @ApiProperty({ example: 'Công đoàn xã Ba Vì' })
  @FreeText({ max: 200 })
  name!: string;

  @ApiProperty({ enum: FEDERATION_LEVELS, example: 'commune' })
  @IsIn(FEDERATION_LEVELS)
  level!: FederationLevel;

  @ApiPropertyOptional({
    example: 'ha-noi',
    description: 'Its parent, of a higher level (registered before, or in this request).',
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `parentId ${ENTITY_ID_MESSAGE}` })
  parentId?: string;
}

export class UnionMoveDto {
  @ApiProperty({ example: 'ba-vi-cd-001' })
  @Matches(ENTITY_ID_PATTERN, { message: `unionId ${ENTITY_ID_MESSAGE}` })
  unionId!: string;

  @ApiProperty({ example: 'xa-ba-vi', description: 'The federation the union belongs to from the date on.' })
  @Matches(ENTITY_ID_PATTERN, { message: `toFederationId ${ENTITY_ID_MESSAGE}` })
  toFederationId!: string;
}

export class FederationMergeDto {
  @ApiProperty({ example: 'ba-vi', description: 'The federation that ends: its remaining unions move to the target.' })
  @Matches(ENTITY_ID_PATTERN, { message: `federationId ${ENTITY_ID_MESSAGE}` })
  federationId!: string;

  @ApiProperty({ example: 'xa-ba-vi', description: 'The federation that absorbs it.' })
  @Matches(ENTITY_ID_PATTERN, { message: `intoFederationId ${ENTITY_ID_MESSAGE}` })
  intoFederationId!: string;
}

export class ReorganisationDto extends RecordedFactDto {
  @ApiPropertyOptional({
    example: 'ha-noi-2025-07',
    description: `The reorganisation's id; ${ENTITY_ID_MESSAGE}. Generated when absent (derived from the Idempotency-Key when one is sent).`,
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id?: string;

  @ApiPropertyOptional({ type: [NewFederationDto], description: 'Federations registered on the date, parents first.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REORGANISATION_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => NewFederationDto)
  register?: NewFederationDto[];

  @ApiPropertyOptional({
    type: [UnionMoveDto],
    description: 'Grassroots unions moved to another federation on the date.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REORGANISATION_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => UnionMoveDto)
  moves?: UnionMoveDto[];

  @ApiPropertyOptional({
    type: [FederationMergeDto],
    description:
      'Federations merged into another on the date; every union still attached to one on that date moves with it.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REORGANISATION_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => FederationMergeDto)
  merges?: FederationMergeDto[];

  @ApiPropertyOptional({
    type: [String],
    example: ['phuc-tho'],
    description: 'Federations dissolved on the date; each must hold no active union by then (move them in `moves`).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REORGANISATION_CHANGES)
  @Matches(ENTITY_ID_PATTERN, { each: true, message: `each dissolution ${ENTITY_ID_MESSAGE}` })
  dissolutions?: string[];
}

class HeadCountUnitsDto {
  @ApiProperty() active!: number;
  @ApiProperty() dissolved!: number;
}

class HeadCountDto {
  @ApiProperty() members!: number;
  @ApiProperty({ type: HeadCountUnitsDto }) unions!: HeadCountUnitsDto;
}

class FederationBeforeAfterDto {
  @ApiProperty({ example: 'ha-noi' }) federationId!: string;
  @ApiProperty({
    type: HeadCountDto,
    nullable: true,
    description: 'Null for a federation this reorganisation registers.',
  })
  before!: HeadCountDto | null;
  @ApiProperty({ type: HeadCountDto }) after!: HeadCountDto;
}

class PlannedEventDto {
  @ApiProperty({ example: 'UnionTransferred' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

class PlannedChangeDto {
  @ApiProperty({ example: 'union-ba-vi-cd-001' }) streamId!: string;
  @ApiProperty({ type: [PlannedEventDto] }) events!: PlannedEventDto[];
}

export class ReorganisationDryRunDto {
  @ApiProperty({ example: 'ha-noi-2025-07' }) id!: string;
  @ApiProperty({ example: '2025-07-01' }) occurredOn!: string;
  @ApiProperty({
    type: [PlannedChangeDto],
    description: 'Every event the reorganisation would record, stream by stream (its own record first).',
  })
  changes!: PlannedChangeDto[];
  @ApiProperty({
    type: [FederationBeforeAfterDto],
    description:
      'Members and unions on the date of every federation it touches and every federation above them: as ' +
      'recorded now, and as they would be once it is recorded. A city above both sides of every move stays the same.',
  })
  figures!: FederationBeforeAfterDto[];
}
