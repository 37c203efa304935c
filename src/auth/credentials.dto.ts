import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, Matches } from 'class-validator';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN } from '../http/recorded-fact.dto';
import { ROLES, type Role } from './principal';
import { FreeText } from '../http/free-text';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Ba Vì clerk', description: 'Who or what holds the key; shown in lists, not secret.' })
  @FreeText({ max: 200 })
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['recorder'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({
    type: [String],
    example: ['ba-vi'],
    description: 'For a recorder (required then): the federations it records for, with every one below them.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ENTITY_ID_PATTERN, { each: true, message: `each of federationIds ${ENTITY_ID_MESSAGE}` })
  federationIds?: string[];
}

export class ApiKeyView {
  @ApiProperty({ example: '3f9a1c0b7d2e' }) id!: string;
  @ApiProperty({ example: 'Ba Vì clerk' }) name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String], example: ['ba-vi'] }) federationIds!: string[];
  @ApiProperty({ example: '2026-06-30T03:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: 'api-key:0a1b2c3d4e5f', description: 'The principal (or `cli`) that created it.' })
  createdBy!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) revokedAt!: string | null;
}

export class CreatedApiKeyView {
  @ApiProperty({
    description: 'The key: shown this once, stored only as a hash. Send it as `Authorization: ApiKey <key>`.',
  })
  key!: string;
  @ApiProperty({ type: ApiKeyView }) apiKey!: ApiKeyView;
}

export class ApiKeysView {
  @ApiProperty({ type: [ApiKeyView] }) apiKeys!: ApiKeyView[];
}
