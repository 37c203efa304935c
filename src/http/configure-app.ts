import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config';
import { ErrorFilter } from './domain-error.filter';

/** Everything the HTTP edge needs, shared by main.ts and the end-to-end tests. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(ConfigService<AppConfig, true>);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: config.get('BODY_LIMIT', { infer: true }) });
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
          'or concurrent change, 413 body too large; in every error case nothing is recorded.',
      )
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}
