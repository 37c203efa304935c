import {
  BadRequestException,
  type INestApplication,
  UnsupportedMediaTypeException,
  ValidationPipe,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';
import { serveDashboard } from './dashboard-assets';
import { ErrorFilter } from './domain-error.filter';

/** Everything the HTTP edge needs, shared by main.ts and the end-to-end tests. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(ConfigService<AppConfig, true>);
  app.disable('x-powered-by');
  // The usual security headers (CSP, HSTS, nosniff, frame-ancestors…); the docs page loads only its own scripts.
  app.use(helmet());
  serveDashboard(app);
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: config.get('BODY_LIMIT', { infer: true }) });
  app.use(refuseReservedKeys);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true, // unknown fields are an error, never silently dropped
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('union-ledger')
      .setDescription(
        'Event-sourced records of a trade-union federation. Commands record facts; every success returns the ' +
          'stream revision and global position recorded. Errors: 400 malformed, 404 unknown entity, 409 broken rule ' +
          'or concurrent change, 413 body too large; in every error case nothing is recorded. Every route but ' +
          '/health and /docs needs credentials: `Authorization: Bearer <JWT>` or `Authorization: ApiKey <key>` ' +
          '(or `X-Api-Key`); 401 without valid ones, 403 when your roles or federations do not allow the call, ' +
          '429 with Retry-After past the rate limit.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
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
        next(new BadRequestException([`property ${key} should not exist`]));
        return;
      }
      pending.push((value as Record<string, unknown>)[key]);
    }
  }
  next();
}
