import 'reflect-metadata';
import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { CliFailure, type CliIo } from './cli-io';

/** A tool that boots the application: it may also choose the application's log levels. */
export interface AppCliIo extends CliIo {
  /** Log levels of the application (the runner's own log lines); warnings and errors by default. */
  logLevels?: LogLevel[] | false;
}

/**
 * Boots the application on the chosen SQLite file (`--sqlite-path`, else SQLITE_PATH), runs `work`, and always
 * closes it (its projection runner stops first).
 */
export async function withApp(
  options: { sqlitePath?: string; verbose?: boolean },
  io: AppCliIo,
  work: (app: INestApplicationContext) => Promise<void>,
): Promise<void> {
  if (options.sqlitePath !== undefined) process.env.SQLITE_PATH = options.sqlitePath;
  const path = process.env.SQLITE_PATH ?? new AppConfig().SQLITE_PATH;
  const onSqlite = (process.env.EVENT_STORE ?? 'sqlite') === 'sqlite';
  // Opening a missing file would create an empty ledger: almost always a wrong path.
  if (onSqlite && path !== ':memory:' && !existsSync(path)) {
    throw new CliFailure(`no ledger at '${path}': pass --sqlite-path or set SQLITE_PATH`);
  }
  // Loaded here, after SQLITE_PATH is set: the configuration is read when the module is first loaded.
  const { AppModule } = await import('../app.module');
  const logger = options.verbose ? (['log', 'warn', 'error'] as LogLevel[]) : (io.logLevels ?? ['warn', 'error']);
  const app = await NestFactory.createApplicationContext(AppModule, { logger, abortOnError: false });
  try {
    const configured = app.get(ConfigService<AppConfig, true>).get('SQLITE_PATH', { infer: true });
    if (resolve(configured) !== resolve(path)) {
      throw new CliFailure(`the application was configured for '${configured}' before '${path}' was chosen`);
    }
    await work(app);
  } finally {
    await app.close();
  }
}
