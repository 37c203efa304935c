import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { EVENT_STORE, type EventStore } from '../../src/core/event-store.port';
import { configureApp } from '../../src/http/configure-app';
import { CLOCK, SQLITE_DATABASE } from '../../src/infrastructure/event-store.module';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';

export interface TestApp {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  store: EventStore;
  /** Events in the whole log: the way tests prove that a refusal appended nothing. */
  logLength(): Promise<number>;
  close(): Promise<void>;
}

/** The fixed "now" of end-to-end tests: business dates up to 2026-06-30 are in the past. */
export const TEST_NOW = new Date('2026-06-30T03:00:00Z');

/** Boots the whole application on a fresh SQLite file in a temporary folder. */
export async function createTestApp(): Promise<TestApp> {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-test-'));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(SQLITE_DATABASE)
    .useValue(openSqliteDatabase({ path: join(folder, 'test.sqlite') }))
    .overrideProvider(CLOCK)
    .useValue(() => TEST_NOW)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    http: () => request(app.getHttpServer()),
    store,
    logLength: () => store.headPosition(),
    async close() {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
