import type Database from 'better-sqlite3';
import { Global, Inject, Logger, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CREDENTIAL_STORE } from '../auth/credential-store.port';
import { type AppConfig, validateConfig } from '../config/app-config';
import { EVENT_STORE } from '../core/event-store.port';
import { PROJECTION_LEASES } from '../core/projection-lease.port';
import { READ_STORE } from '../core/read-store.port';
import { IntegrityModule } from '../integrity/integrity.module';
import { instrumentStores } from '../observability/instrumented-stores';
import { Metrics } from '../observability/metrics';
import { PERSONAL_DATA_KEYS } from '../privacy/personal-data-keys.port';
import {
  connectMongoIfChosen,
  type MongoConnection,
  openSqliteIfChosen,
  openStores,
  type StoreChoice,
  type Stores,
} from './open-stores';

/** The embedded database file, shared by every store configured as `sqlite` (null when none is). */
export const SQLITE_DATABASE = Symbol('SqliteDatabase');

/** Watches the embedded SQLite file for being deleted or replaced (`SqliteFileWatch`); null without one. */
export const SQLITE_FILE = Symbol('SqliteFile');

/** The MongoDB client and database when `READ_STORE=mongodb` (null otherwise). */
export const MONGO_CONNECTION = Symbol('MongoConnection');

/** The clock commands are stamped with; tests replace it to record at a fixed time. */
export const CLOCK = Symbol('Clock');
export type Clock = () => Date;

/** What differs between store drivers and matters to verifying the log. */
export const EVENT_STORE_TRAITS = Symbol('EventStoreTraits');
export interface EventStoreTraits {
  /** Positions are 1, 2, 3… so a gap is a deleted event (SQLite); KurrentDB's commit positions only grow. */
  densePositions: boolean;
}

/** Which stores to open and where they are (`StoreChoice`): from the configuration; tests replace it. */
export const STORE_CHOICE = Symbol('StoreChoice');

/** The opened stores, before they are handed out one by one. */
const STORES = Symbol('Stores');

/** Which stores the configuration asks for; without the configuration module (a test of this module alone), the environment. */
function storeChoice(config?: ConfigService<AppConfig, true>): StoreChoice {
  return config
    ? {
        EVENT_STORE: config.get('EVENT_STORE', { infer: true }),
        READ_STORE: config.get('READ_STORE', { infer: true }),
        SQLITE_PATH: config.get('SQLITE_PATH', { infer: true }),
        SQLITE_SYNCHRONOUS: config.get('SQLITE_SYNCHRONOUS', { infer: true }),
        KURRENTDB_URL: config.get('KURRENTDB_URL', { infer: true }),
        KURRENTDB_MAX_APPEND_SIZE: config.get('KURRENTDB_MAX_APPEND_SIZE', { infer: true }),
        MONGODB_URL: config.get('MONGODB_URL', { infer: true }),
        MONGODB_DATABASE: config.get('MONGODB_DATABASE', { infer: true }),
      }
    : validateConfig(process.env);
}

/**
 * Opens the stores the configuration chooses — the event log (SQLite or KurrentDB) and the read models with
 * the API keys and personal-data keys (SQLite or MongoDB) — and hands each out behind its port. Tamper
 * evidence comes with the event store: every write is hash-chained, and the integrity module seals the log.
 */
@Global()
@Module({
  imports: [IntegrityModule.register({ clock: CLOCK, traits: EVENT_STORE_TRAITS })],
  providers: [
    { provide: STORE_CHOICE, inject: [{ token: ConfigService, optional: true }], useFactory: storeChoice },
    { provide: SQLITE_DATABASE, inject: [STORE_CHOICE], useFactory: openSqliteIfChosen },
    { provide: MONGO_CONNECTION, inject: [STORE_CHOICE], useFactory: connectMongoIfChosen },
    {
      provide: STORES,
      inject: [STORE_CHOICE, SQLITE_DATABASE, MONGO_CONNECTION, { token: Metrics, optional: true }],
      useFactory: (
        choice: StoreChoice,
        sqlite: Database.Database | null,
        mongo: MongoConnection | null,
        metrics?: Metrics,
      ): Stores => instrumentStores(openStores(choice, { sqlite, mongo }), metrics ?? null),
    },
    { provide: EVENT_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.eventStore },
    { provide: SQLITE_FILE, inject: [STORES], useFactory: (stores: Stores) => stores.sqliteFile },
    { provide: EVENT_STORE_TRAITS, inject: [STORES], useFactory: (stores: Stores) => stores.traits },
    { provide: READ_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.readStore },
    { provide: PROJECTION_LEASES, inject: [STORES], useFactory: (stores: Stores) => stores.projectionLeases },
    { provide: CREDENTIAL_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.credentials },
    { provide: PERSONAL_DATA_KEYS, inject: [STORES], useFactory: (stores: Stores) => stores.personalDataKeys },
    { provide: CLOCK, useValue: () => new Date() },
  ],
  exports: [
    EVENT_STORE,
    EVENT_STORE_TRAITS,
    READ_STORE,
    PROJECTION_LEASES,
    CREDENTIAL_STORE,
    PERSONAL_DATA_KEYS,
    CLOCK,
    SQLITE_DATABASE,
    SQLITE_FILE,
    MONGO_CONNECTION,
  ],
})
export class StoresModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Stores');

  constructor(@Optional() @Inject(STORES) private readonly stores?: Stores) {}

  /** After every module's own shutdown (projections stop in `onModuleDestroy`), so nothing writes any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.stores
      ?.close()
      .catch((error: unknown) => this.logger.error(`closing the stores failed: ${String(error)}`));
  }
}
