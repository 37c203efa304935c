import { type INestApplication, UnsupportedMediaTypeException, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';
import { Metrics } from '../observability/metrics';
import { httpTelemetry } from '../observability/http-telemetry';
import { ErrorFilter } from './domain-error.filter';
import { assignRequestId } from './request-id';
import { setupOpenApi } from './openapi';
import { badFields, fieldErrorsOf } from './validation-errors';

/** Everything the HTTP edge needs, shared by main.ts and the end-to-end tests. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(ConfigService<AppConfig, true>);
  app.disable('x-powered-by');
  app.use(assignRequestId);
  // First, so the latency measured and the request's span cover everything after.
  app.use(httpTelemetry(app.get(Metrics)));
  // The usual security headers (CSP, HSTS, nosniff, frame-ancestors…); the docs page loads only its own scripts.
  app.use(helmet());
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: config.get('BODY_LIMIT', { infer: true }) });
  app.use(refuseReservedKeys);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true, // unknown fields are an error, never silently dropped
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => badFields(fieldErrorsOf(errors)),
    }),
  );
  app.useGlobalFilters(new ErrorFilter());
  // Signals are handled by main.ts (`stopOnSignals`), which drains HTTP before the stores close.

  setupOpenApi(app);
  return app;
}

/**
 * A body the JSON parser would skip (a form, plain text) reaches validation as no body at all, and would be
 * answered as a list of missing fields; 415 says what is actually wrong.
 */
function requireJsonBodies(request: Request, _response: Response, next: NextFunction): void {
  const length = request.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && !request.is('application/json')) {
    next(new UnsupportedMediaTypeException('send the body as JSON, with Content-Type: application/json'));
    return;
  }
  next();
}

/** Keys that name an object's machinery, never a field (`__proto__`, `constructor`, `toString`…). */
const isReservedKey = (key: string) => key === 'prototype' || key in Object.prototype;

/**
 * The validation pipe forbids unknown fields, but class-transformer skips keys the object already has from
 * its prototype before validation looks, so `{"constructor": {}}` or `{"toString": 1}` would pass as valid
 * bodies. Refused here, at any depth, as any unknown field is.
 */
function refuseReservedKeys(request: Request, _response: Response, next: NextFunction): void {
  const pending: unknown[] = [request.body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    for (const key of Object.keys(value)) {
      if (isReservedKey(key)) {
        next(badFields([{ field: key, messages: [`property ${key} should not exist`] }]));
        return;
      }
      pending.push((value as Record<string, unknown>)[key]);
    }
  }
  next();
}
