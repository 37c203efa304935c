import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { type AppConfig, validateConfig } from './config/app-config';
import { configureApp } from './http/configure-app';
import { startupFailure } from './startup-failure';

async function bootstrap(): Promise<void> {
  // Checked before AppModule is loaded (its ConfigModule validates on import), so a bad setting is one line.
  validateConfig(process.env);
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
  app.get(Logger).log(`union-ledger listening on http://localhost:${bound} (API docs at /docs)`);
}

bootstrap().catch((error: unknown) => {
  for (const line of startupFailure(error, process.env)) process.stderr.write(`union-ledger: ${line}\n`);
  process.exit(1);
});
