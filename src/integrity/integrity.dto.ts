import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DIGEST_FORMAT } from './log-digest';

const HASH_EXAMPLE = '3f2a9c0e5b7d41e8a6c2f0b9d8e7c6a5b4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9';

export class VerifyQueryDto {
  @ApiPropertyOptional({
    description:
      'A digest kept earlier (the JSON `GET /integrity/digest` gave, URL-encoded): the log up to its position must ' +
      'still give the same Merkle root.',
    example: `{"format":"${DIGEST_FORMAT}","position":1200,"count":1200,"merkleRoot":"${HASH_EXAMPLE}","seal":null,"createdAt":"2026-06-30T03:00:00.000Z"}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  digest?: string;
}

export class ProblemView {
  @ApiProperty({ example: 812, description: 'The first global position where the log is not as recorded.' })
  position!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'fundbook-hoan-kiem',
    description: 'Null for a missing event.',
  })
  streamId!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 14 })
  revision!: number | null;
  @ApiProperty({
    enum: [
      'missing',
      'out-of-order',
      'unhashed',
      'altered',
      'revision-gap',
      'revision-repeat',
      'broken-link',
      'not-as-sealed',
      'seal-mismatch',
      'seal-chain',
      'digest-mismatch',
    ],
  })
  kind!: string;
  @ApiProperty({
    example: 'its content no longer matches its hash (3f2a9c0e5b7d…): it was changed after it was recorded',
  })
  detail!: string;
}

export class DigestCheckView {
  @ApiProperty({ example: 1200 }) position!: number;
  @ApiProperty({ enum: ['merkle-root', 'seal', 'not-checkable'] }) checkedBy!: string;
  @ApiProperty() matches!: boolean;
}

export class VerificationView {
  @ApiProperty({ description: 'Nothing was changed, deleted, reordered or inserted.' }) ok!: boolean;
  @ApiProperty({ example: 84_213, description: 'Events walked.' }) checked!: number;
  @ApiProperty({ example: 84_213, description: 'The last position walked.' }) head!: number;
  @ApiProperty({ example: 47_120 }) streams!: number;
  @ApiProperty({ example: 9, description: 'Seals checked.' }) seals!: number;
  @ApiProperty({ example: 84_000, description: 'The last position covered by a seal.' }) sealedThrough!: number;
  @ApiProperty({
    example: 213,
    description: 'Events after it, checked by their hashes and chains until the next seal.',
  })
  unsealed!: number;
  @ApiPropertyOptional({ type: DigestCheckView }) digest?: DigestCheckView;
  @ApiPropertyOptional({ type: ProblemView }) firstProblem?: ProblemView;
  @ApiProperty({ type: [ProblemView], description: 'The first problems by position (at most 20).' })
  problems!: ProblemView[];
}

class DigestSealView {
  @ApiProperty({ example: 1190 }) position!: number;
  @ApiProperty({ example: HASH_EXAMPLE }) hash!: string;
  @ApiProperty({ example: 1189 }) toPosition!: number;
}

export class DigestView {
  @ApiProperty({ example: DIGEST_FORMAT }) format!: string;
  @ApiProperty({ example: 1200, description: 'The last position covered.' }) position!: number;
  @ApiProperty({ example: 1200, description: 'Events up to it.' }) count!: number;
  @ApiProperty({ example: HASH_EXAMPLE, description: 'Merkle root over their hashes.' }) merkleRoot!: string;
  @ApiProperty({ type: DigestSealView, nullable: true, description: 'The last seal at the time.' })
  seal!: DigestSealView | null;
  @ApiProperty({ example: '2026-06-30T03:00:00.000Z' }) createdAt!: string;
}

export class SealView {
  @ApiProperty({ example: 1190, description: 'Position of the LogSealed event.' }) position!: number;
  @ApiProperty({ example: HASH_EXAMPLE }) hash!: string;
  @ApiProperty({ example: 0, description: 'Sealed from after this position…' }) fromPosition!: number;
  @ApiProperty({ example: 1189, description: '…up to and including this one.' }) toPosition!: number;
  @ApiProperty({ example: 1189 }) count!: number;
  @ApiProperty({ example: HASH_EXAMPLE }) merkleRoot!: string;
  @ApiProperty({ example: '2026-06-30T03:00:00.000Z' }) sealedAt!: string;
}

export class SealsView {
  @ApiProperty({ type: [SealView], description: 'Empty when nothing but seals was recorded since the last seal.' })
  seals!: SealView[];
}
