import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'], description: 'The process answers.' })
  status!: 'ok';
}

export class ReadinessDto {
  @ApiProperty({
    enum: ['ok', 'unavailable'],
    description: '`ok` (200) when every check passes, `unavailable` (503) otherwise.',
  })
  status!: 'ok' | 'unavailable';

  @ApiPropertyOptional({
    description:
      'Only when the request carries admin credentials: each check (`eventStore` with `logLength`, `readStore`, ' +
      '`sqliteFile` with `fileBytes` and `walBytes`, `projections` with `failed` and `behind`), as ' +
      '`{ ok, message?, …details }`.',
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { ok: { type: 'boolean' }, message: { type: 'string' } },
      required: ['ok'],
      additionalProperties: true,
    },
  })
  checks?: Record<string, { ok: boolean; message?: string }>;
}
