import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import type { Request } from 'express';
import { principalOf } from '../auth/auth.decorators';
import { correlationIdOf } from './request-id';

/**
 * Every header that can carry a credential. They are never serialised (the request serialiser below keeps
 * no headers at all); redacting them as well keeps a secret out of any other log line that logs a request.
 */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie'];

export const REDACTED_PATHS = CREDENTIAL_HEADERS.flatMap((header) => [
  `req.headers["${header}"]`,
  `res.headers["${header}"]`,
  `headers["${header}"]`,
]);

type LoggedRequest = IncomingMessage & { originalUrl?: string; route?: { path?: string }; id?: unknown };

/**
 * The route a request matched (`/read/federations/:id/membership`), or the path without its query when none
 * did: a query string can carry a token, so it is never logged.
 */
export function routeOf(request: LoggedRequest): string {
  const matched = request.route?.path;
  if (typeof matched === 'string') return matched;
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * One compact line per request: method, route, status, duration (`responseTime`), actor, correlation id.
 * No headers, no query, no body (bodies carry personal data).
 */
export function requestLoggingOptions(level: string): Options {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    quietReqLogger: true,
    serializers: {
      req: (request: LoggedRequest) => ({ method: request.method, route: routeOf(request) }),
      res: (response: ServerResponse) => ({ status: response.statusCode }),
    },
    // The correlation id the request's events and spans carry: the client's X-Correlation-Id, else the request id.
    customProps: (request) => ({
      actor: principalOf(request as never)?.id,
      correlationId: correlationIdOf(request as Request),
    }),
    customLogLevel: (_request, response, error) => {
      if (error || response.statusCode >= 500) return 'error';
      return 'info';
    },
  };
}
