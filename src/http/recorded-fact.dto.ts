import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isBusinessDate } from '../core/business-date';
import { FreeText } from './free-text';

/** A real calendar date written `YYYY-MM-DD`. */
export function IsBusinessDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBusinessDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a calendar date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isBusinessDate(value) },
    });
}

/** Every command body says when the fact happened, and may say why it is recorded. */
export class RecordedFactDto {
  @ApiProperty({
    example: '2023-11-22',
    description: 'Business date the fact happened on (YYYY-MM-DD); not in the future.',
  })
  @IsBusinessDate()
  occurredOn!: string;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Why this is recorded; kept in the event metadata for auditors.',
  })
  @FreeText({ max: 500, optional: true })
  reason?: string;
}

/**
 * The `reason` of a command that must say why (a correction, a revocation, a reopened period), redeclared as
 * `override reason: string = ''` (the initializer only satisfies TypeScript's rule for redeclared fields).
 * `ValidateIf` replaces the inherited `IsOptional`, and `required` the inherited optional flag of the document.
 */
export function RequiredReason(options: { description: string; example: string; message: string }) {
  return applyDecorators(
    ApiProperty({ example: options.example, maxLength: 500, description: options.description, required: true }),
    ValidateIf(() => true),
    FreeText({ max: 500, message: options.message }),
  );
}

/** Ids chosen by clients (slugs such as `ba-vi`), or generated when absent. */
export const ENTITY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ENTITY_ID_MESSAGE = 'must be 1-64 lowercase letters, digits or dashes, starting with a letter or digit';
