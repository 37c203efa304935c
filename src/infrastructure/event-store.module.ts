import type Database from 'better-sqlite3';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { hashChained } from '../integrity/hash-chained-event-store';
import { IntegrityModule } from '../integrity/integrity.module';
import { openSqliteDatabase } from './sqlite/sqlite-database';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** The embedded database file, shared by the event store and the read-model store. */
export const SQLITE_DATABASE = Symbol('SqliteDatabase');

/** The clock commands are stamped with; tests replace it to record at a fixed time. */
export const CLOCK = Symbol('Clock');
export type Clock = () => Date;

/** What differs between store drivers and matters to verifying the log. */
export const EVENT_STORE_TRAITS = Symbol('EventStoreTraits');
export interface EventStoreTraits {
  /** Positions are 1, 2, 3… so a gap is a deleted event (SQLite); KurrentDB's commit positions only grow. */
  densePositions: boolean;
}

/** Every driver is wrapped so each append is hash-chained to its stream (see `src/integrity/`). */
export function openEventStore(db: Database.Database): EventStore {
  return hashChained(new SqliteEventStore(db));
}

/**
 * Chooses the event store driver from configuration. Today: the embedded SQLite store. Tamper evidence comes
 * with the store: every write is hash-chained, and the integrity module seals the log and verifies it.
 */
@Global()
@Module({
  imports: [IntegrityModule.register({ clock: CLOCK, traits: EVENT_STORE_TRAITS })],
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
      useFactory: (db: Database.Database): EventStore => openEventStore(db),
    },
    { provide: EVENT_STORE_TRAITS, useValue: { densePositions: true } satisfies EventStoreTraits },
    { provide: CLOCK, useValue: () => new Date() },
  ],
  exports: [EVENT_STORE, EVENT_STORE_TRAITS, CLOCK, SQLITE_DATABASE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
