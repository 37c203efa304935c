import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { configureApp } from './http/configure-app';
import { stopOnSignals } from './http/graceful-stop';
import { startTracing } from './observability/tracing';

async function bootstrap(): Promise<void> {
  // Before the application exists, so every span it makes is exported (when OTEL_EXPORTER_OTLP_ENDPOINT is set).
  const stopTracing = startTracing();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app);
  const port = app.get(ConfigService<AppConfig, true>).get('PORT', { infer: true });
  await app.listen(port);
  // The port actually bound: PORT=0 asks the system for a free one.
  const bound = (app.getHttpServer().address() as AddressInfo).port;
  stopOnSignals(app, { logger: app.get(Logger), afterClose: stopTracing ?? undefined });
  app.get(Logger).log(`union-ledger listening on http://localhost:${bound} (API docs at /docs)`);
}

void bootstrap();
