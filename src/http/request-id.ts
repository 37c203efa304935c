import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

const REQUEST_ID = Symbol('requestId');

type Identified = Request & { id?: unknown; [REQUEST_ID]?: string };

/**
 * Gives every request an id of its own (answered as `X-Request-Id`): the request log line carries it, and
 * the events a command records name it as their `causationId`.
 */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const id = randomUUID();
  (request as Identified)[REQUEST_ID] = id;
  // pino-http takes `req.id` as the log line's request id.
  (request as Identified).id = id;
  response.setHeader('X-Request-Id', id);
  next();
}

export function requestIdOf(request: Request): string | undefined {
  return (request as Identified)[REQUEST_ID];
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** The client's `X-Correlation-Id` when well-formed, else the request's own id. */
export function correlationIdOf(request: Request): string | undefined {
  const header = request.header('x-correlation-id');
  return header !== undefined && CORRELATION_ID.test(header) ? header : requestIdOf(request);
}
