import type Database from 'better-sqlite3';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { openSqliteDatabase } from './sqlite/sqlite-database';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** The embedded database file, shared by the event store and the read-model store. */
export const SQLITE_DATABASE = Symbol('SqliteDatabase');

/** The clock commands are stamped with; tests replace it to record at a fixed time. */
export const CLOCK = Symbol('Clock');
export type Clock = () => Date;

/** Chooses the event store driver from configuration. Today: the embedded SQLite store. */
@Global()
@Module({
  providers: [
    {
      provide: SQLITE_DATABASE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): Database.Database =>
        openSqliteDatabase({
          path: config.get('SQLITE_PATH', { infer: true }),
          synchronous: config.get('SQLITE_SYNCHRONOUS', { infer: true }),
        }),
    },
    {
      provide: EVENT_STORE,
      inject: [SQLITE_DATABASE],
      useFactory: (db: Database.Database): EventStore => new SqliteEventStore(db),
    },
    { provide: CLOCK, useValue: () => new Date() },
  ],
  exports: [EVENT_STORE, CLOCK, SQLITE_DATABASE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
