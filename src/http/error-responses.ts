import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** Error answers for the OpenAPI document: each status with what it means on these routes. */
export function ApiErrors(descriptions: Readonly<Record<number, string>>) {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) =>
      ApiResponse({ status: Number(status), description }),
    ),
  );
}

/** The error answers every command route can give. */
export function CommandErrors() {
  return ApiErrors({
    400: 'Malformed request: the message lists each field and why.',
    404: 'An entity named in the path or body does not exist.',
    409: 'A business rule is broken, or a concurrent change won; `rule` names it.',
    413:
      'Request body too large, or (rule `append.too-large`) the events it would record are more than the event ' +
      'store takes in one append; nothing is recorded.',
    503:
      'The event store cannot be reached just now (see Retry-After); retry with the same Idempotency-Key to be ' +
      'sure the request is recorded once.',
  });
}
