import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** The error answers every command route can give, for the OpenAPI document. */
export function CommandErrors() {
  return applyDecorators(
    ApiResponse({ status: 400, description: 'Malformed request: the message lists each field and why.' }),
    ApiResponse({ status: 404, description: 'An entity named in the path or body does not exist.' }),
    ApiResponse({
      status: 409,
      description: 'A business rule is broken, or a concurrent change won; `rule` names it.',
    }),
    ApiResponse({
      status: 413,
      description:
        'Request body too large, or (rule `append.too-large`) the events it would record are more than the event ' +
        'store takes in one append; nothing is recorded.',
    }),
    ApiResponse({
      status: 503,
      description:
        'The event store cannot be reached just now (see Retry-After); retry with the same Idempotency-Key to be ' +
        'sure the request is recorded once.',
    }),
  );
}
