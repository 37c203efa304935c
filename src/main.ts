import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { activeAdminKeys } from './auth/credentials';
import { CREDENTIAL_STORE, type CredentialStore } from './auth/credential-store.port';
import { type AppConfig, validateConfig } from './config/app-config';
import { configureApp } from './http/configure-app';
import { stopOnSignals } from './http/graceful-stop';
import { startTracing } from './observability/tracing';
import { startupFailure } from './startup-failure';

async function bootstrap(): Promise<void> {
  // Checked before AppModule is loaded (its ConfigModule validates on import), so a bad setting is one line.
  validateConfig(process.env);
  // Before the application exists, so every span it makes is exported (when OTEL_EXPORTER_OTLP_ENDPOINT is set).
  const stopTracing = startTracing();
  const { AppModule } = await import('./app.module');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    // Without this Nest aborts the process on a failed start, printing its own trace; we say it in one line.
    abortOnError: false,
    autoFlushLogs: false,
  });
  app.useLogger(app.get(Logger));
  configureApp(app);
  const port = app.get(ConfigService<AppConfig, true>).get('PORT', { infer: true });
  try {
    await app.listen(port);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  // The port actually bound: PORT=0 asks the system for a free one.
  const bound = (app.getHttpServer().address() as AddressInfo).port;
  stopOnSignals(app, { logger: app.get(Logger), afterClose: stopTracing ?? undefined });
  // A first start answers every request with 401 until an admin key exists: say how to make one.
  if ((await activeAdminKeys(app.get<CredentialStore>(CREDENTIAL_STORE))).length === 0) {
    app.get(Logger).warn('no admin API key yet: create the first with  npm run credentials -- create-admin');
  }
  app.get(Logger).log(`union-ledger listening on http://localhost:${bound} (API docs at /docs)`);
}

bootstrap().catch((error: unknown) => {
  for (const line of startupFailure(error, process.env)) process.stderr.write(`union-ledger: ${line}\n`);
  process.exit(1);
});
