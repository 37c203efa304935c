import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** One refused field of a request: its path (`register.0.name` inside arrays and objects) and why. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** Every field class-validator refused, depth first, with nested paths spelled out. */
export function fieldErrorsOf(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    // Nested messages name the path from the body's top, as Nest's own messages do.
    const messages = Object.values(error.constraints ?? {}).map((m) => (parentPath === '' ? m : `${parentPath}.${m}`));
    const own = messages.length > 0 ? [{ field, messages }] : [];
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/** The 400 answer: `message` lists every reason (as Nest writes it), `errors` groups them by field. */
export function badFields(errors: readonly FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.flatMap((e) => e.messages),
    errors,
  });
}
