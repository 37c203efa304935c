import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RULE_IDS } from '../core/rule-catalogue';

/** One refused field of a 400, for the OpenAPI document. */
export class FieldErrorView {
  @ApiProperty({
    example: 'name',
    description: 'The field, with its path inside arrays and objects (`register.0.name`).',
  })
  field!: string;

  @ApiProperty({
    type: [String],
    example: ['name must not contain control characters (NUL, escape, tab or line breaks)'],
  })
  messages!: string[];
}

/** The one shape of every error answer (see ErrorFilter), for the OpenAPI document. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 409, description: 'The HTTP status, repeated.' })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict', description: 'The status in words.' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: "member 'ba-vi-dv-000123' already belongs to union 'ba-vi-cd-001'",
    description: 'What was refused and what to do; a 400 for fields lists each reason.',
  })
  message!: string | string[];

  @ApiPropertyOptional({
    enum: RULE_IDS,
    enumName: 'RuleId',
    example: 'member.already-joined',
    description: 'On a 409: the rule the request breaks, one of the rule catalogue (see the API description).',
  })
  rule?: string;

  @ApiPropertyOptional({
    type: [FieldErrorView],
    description: 'On a 400 about the body or query: every refused field, with its reasons.',
  })
  errors?: FieldErrorView[];
}
