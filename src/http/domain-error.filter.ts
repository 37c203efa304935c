import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '../core/domain-error';
import {
  AppendTooLargeError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../core/event-store.port';
import { ReadModelNotReady } from '../core/projection-reader';
import { ReadModelBehind } from '../read-models/read-model-access';

/**
 * One shape for every error: `{ statusCode, error, message, rule?, errors? }` (`ErrorResponse` in the OpenAPI
 * document; `errors` lists the refused fields of a 400). Internals (stack traces,
 * SQL) never reach the client; unexpected errors are logged here and answered as a plain 500.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toResponse(exception);
    if (status === 503) response.setHeader('Retry-After', '1');
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(status).json(body);
  }

  private toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      const status = exception.kind === 'not_found' ? 404 : 409;
      return {
        status,
        body: {
          statusCode: status,
          error: status === 404 ? 'Not Found' : 'Conflict',
          message: exception.message,
          ...('rule' in exception ? { rule: exception.rule } : {}),
        },
      };
    }
    if (exception instanceof WrongExpectedRevisionError || exception instanceof DuplicateEventIdError) {
      return {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: exception.message, rule: 'concurrency.conflict' },
      };
    }
    if (exception instanceof AppendTooLargeError) {
      // One command's events are kept together: larger than the store takes at once, nothing was recorded.
      return {
        status: 413,
        body: {
          statusCode: 413,
          error: 'Payload Too Large',
          message: `the events this request would record (about ${exception.bytes} bytes) are more than the event store takes in one append (${exception.maxBytes} bytes); nothing was recorded: split the request`,
          rule: 'append.too-large',
        },
      };
    }
    if (exception instanceof EventStoreUnavailableError) {
      return {
        status: 503,
        body: {
          statusCode: 503,
          error: 'Service Unavailable',
          message:
            'the event store cannot be reached just now; try again shortly (a write sent with an Idempotency-Key is ' +
            'recorded once however often it is retried)',
        },
      };
    }
    if (
      exception instanceof ReadModelBehind ||
      exception instanceof ReadModelNotReady ||
      exception instanceof StoreUnavailableError
    ) {
      return { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: exception.message } };
    }
    if (exception instanceof RangeError) {
      // Argument checks of the read-model store: a query parameter out of range.
      return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: exception.message } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const body = typeof payload === 'string' ? { message: payload } : (payload as Record<string, unknown>);
      // Some exceptions (the rate limiter's, a guard's plain string) carry no `error`; every answer has one.
      return { status, body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', ...body } };
    }
    if (isBodyParserError(exception)) {
      const status = exception.status;
      const message = status === 413 ? 'request body is too large' : 'request body is not valid JSON';
      return {
        status,
        body: { statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message },
      };
    }
    return {
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'unexpected error; it has been logged' },
    };
  }
}

function isBodyParserError(error: unknown): error is { status: number; type: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}
