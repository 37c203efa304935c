import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN, RecordedFactDto } from '../http/recorded-fact.dto';
import { FEDERATION_LEVELS, type FederationLevel, UNION_SECTORS, type UnionSector } from './organisation.events';
import { FreeText } from '../http/free-text';

const MAX_COUNT = 100_000_000;

export class RegisterFederationDto extends RecordedFactDto {
  @ApiPropertyOptional({ example: 'ba-vi', description: `Chosen id; ${ENTITY_ID_MESSAGE}. Generated when absent.` })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'LĐLĐ huyện Ba Vì' })
  @FreeText({ max: 200 })
  name!: string;

  @ApiProperty({ enum: FEDERATION_LEVELS })
  @IsIn(FEDERATION_LEVELS)
  level!: FederationLevel;

  @ApiPropertyOptional({ example: 'ha-noi', description: 'Parent federation, of a higher level.' })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `parentId ${ENTITY_ID_MESSAGE}` })
  parentId?: string;
}

export class RenameFederationDto extends RecordedFactDto {
  @ApiProperty({ example: 'LĐLĐ thị xã Sơn Tây' })
  @FreeText({ max: 200 })
  name!: string;
}

export class MergeFederationDto extends RecordedFactDto {
  @ApiProperty({ description: 'The federation that absorbs this one.' })
  @Matches(ENTITY_ID_PATTERN, { message: `intoFederationId ${ENTITY_ID_MESSAGE}` })
  intoFederationId!: string;
}

export class DissolveDto extends RecordedFactDto {}

export class DevelopmentTargetDto extends RecordedFactDto {
  @ApiProperty({ example: 1000, description: 'New members to recruit in the year.' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  newMembers!: number;

  @ApiProperty({ example: 10, description: 'New grassroots unions to found in the year.' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  newUnions!: number;
}

export class WorkforceDto extends RecordedFactDto {
  @ApiProperty({ example: 52000, description: 'Workers in the units the federation covers.' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  workers!: number;
}

export class FoundUnionDto extends RecordedFactDto {
  @ApiPropertyOptional({
    example: 'ba-vi-cd-001',
    description: `Chosen id; ${ENTITY_ID_MESSAGE}. Generated when absent.`,
  })
  @IsOptional()
  @Matches(ENTITY_ID_PATTERN, { message: `id ${ENTITY_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'ba-vi' })
  @Matches(ENTITY_ID_PATTERN, { message: `federationId ${ENTITY_ID_MESSAGE}` })
  federationId!: string;

  @ApiProperty({ example: 'CĐCS Trường THCS Tản Lĩnh' })
  @FreeText({ max: 200 })
  name!: string;

  @ApiProperty({ enum: UNION_SECTORS })
  @IsIn(UNION_SECTORS)
  sector!: UnionSector;
}

export class TransferUnionDto extends RecordedFactDto {
  @ApiProperty({ example: 'son-tay' })
  @Matches(ENTITY_ID_PATTERN, { message: `toFederationId ${ENTITY_ID_MESSAGE}` })
  toFederationId!: string;
}
