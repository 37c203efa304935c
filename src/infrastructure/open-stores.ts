import type Database from 'better-sqlite3';
import type { CredentialStore } from '../auth/credential-store.port';
import type { AppConfig } from '../config/app-config';
import type { EventStore } from '../core/event-store.port';
import type { ProjectionLeases } from '../core/projection-lease.port';
import type { ReadStore } from '../core/read-store.port';
import { upcasting } from '../core/upcasting-event-store';
import { EVENT_SCHEMAS } from '../event-schemas';
import { hashChained } from '../integrity/hash-chained-event-store';
import type { PersonalDataKeys } from '../privacy/personal-data-keys.port';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { connectMongo, type MongoConnection } from './mongodb/mongo-connection';

export type { MongoConnection };
import { MongoCredentialStore } from './mongodb/mongo-credential-store';
import { MongoPersonalDataKeys } from './mongodb/mongo-personal-data-keys';
import { MongoProjectionLeases } from './mongodb/mongo-projection-leases';
import { MongoReadStore } from './mongodb/mongo-read-store';
import { openSqliteDatabase } from './sqlite/sqlite-database';
import { SqliteCredentialStore } from './sqlite/sqlite-credential-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { guardWritesOf, SqliteFileWatch } from './sqlite/sqlite-file-watch';
import { SqlitePersonalDataKeys } from './sqlite/sqlite-personal-data-keys';
import { SqliteProjectionLeases } from './sqlite/sqlite-projection-leases';
import { SqliteReadStore } from './sqlite/sqlite-read-store';

/** The settings that choose and reach the stores (validated by `AppConfig`). */
export type StoreChoice = Pick<
  AppConfig,
  | 'EVENT_STORE'
  | 'READ_STORE'
  | 'SQLITE_PATH'
  | 'SQLITE_SYNCHRONOUS'
  | 'KURRENTDB_URL'
  | 'MONGODB_URL'
  | 'MONGODB_DATABASE'
> &
  Partial<Pick<AppConfig, 'KURRENTDB_MAX_APPEND_SIZE'>>;

/** The event log behind its port, and how to close it. */
export interface EventLog {
  /** Hash-chained, and read in the current event shapes (see `event-schemas.ts`): what the service goes through. */
  eventStore: EventStore;
  /** The same log without the hash-chaining wrapper: for copying events exactly as they were stored. */
  rawEventStore: EventStore;
  traits: { densePositions: boolean };
  /** Watches the embedded file for being deleted or replaced; null when the log is not in a SQLite file. */
  sqliteFile: SqliteFileWatch | null;
  close(): Promise<void>;
}

/** Every store of the service behind its port, and how to close them. */
export interface Stores extends EventLog {
  readStore: ReadStore;
  /** Which instance applies each projection; kept beside the read models, whose batches they fence. */
  projectionLeases: ProjectionLeases;
  credentials: CredentialStore;
  personalDataKeys: PersonalDataKeys;
  close(): Promise<void>;
}

/** The service's event store on an embedded file: every append hash-chained to its stream (see `src/integrity/`). */
export function openEventStore(db: Database.Database): EventStore {
  return serviceStoreOver(new SqliteEventStore(db));
}

/** What the service reads and writes through: hash-chained appends, events read in their current shape. */
export function serviceStoreOver(store: EventStore): EventStore {
  return upcasting(hashChained(store), EVENT_SCHEMAS);
}

/** The embedded file, when any store is configured as `sqlite`. */
export function openSqliteIfChosen(choice: StoreChoice): Database.Database | null {
  if (choice.EVENT_STORE !== 'sqlite' && choice.READ_STORE !== 'sqlite') return null;
  return openSqliteDatabase({ path: choice.SQLITE_PATH, synchronous: choice.SQLITE_SYNCHRONOUS });
}

export async function connectMongoIfChosen(choice: StoreChoice): Promise<MongoConnection | null> {
  if (choice.READ_STORE !== 'mongodb') return null;
  return connectMongo(required(choice.MONGODB_URL, 'MONGODB_URL', 'READ_STORE=mongodb'), choice.MONGODB_DATABASE);
}

/** Builds the stores over already opened connections (so tests can pass their own SQLite file). */
export function openStores(
  choice: StoreChoice,
  connections: { sqlite: Database.Database | null; mongo: MongoConnection | null },
): Stores {
  const sqlite = () => {
    if (!connections.sqlite) throw new Error('the SQLite database was not opened, yet a store is configured as sqlite');
    return connections.sqlite;
  };
  const mongo = () => {
    if (!connections.mongo) throw new Error('MongoDB is not connected, yet READ_STORE=mongodb');
    return connections.mongo;
  };
  const log = eventLogOver(choice, sqlite);
  const sqliteFile = log.sqliteFile ?? (connections.sqlite ? fileWatchOf(connections.sqlite) : null);
  const onMongo = choice.READ_STORE === 'mongodb';
  const guarded = <T extends object>(store: T, writes: readonly (keyof T)[]): T =>
    sqliteFile ? guardWritesOf(store, sqliteFile, writes) : store;
  return {
    ...log,
    sqliteFile,
    readStore: onMongo ? new MongoReadStore(mongo().client, mongo().db) : new SqliteReadStore(sqlite()),
    projectionLeases: onMongo ? new MongoProjectionLeases(mongo().db) : new SqliteProjectionLeases(sqlite()),
    credentials: onMongo
      ? new MongoCredentialStore(mongo().db)
      : guarded(new SqliteCredentialStore(sqlite()), ['addApiKey', 'revokeApiKey']),
    personalDataKeys: onMongo
      ? new MongoPersonalDataKeys(mongo().db)
      : guarded(new SqlitePersonalDataKeys(sqlite(), { eventsInSameFile: choice.EVENT_STORE === 'sqlite' }), [
          'keyFor',
          'destroyKey',
        ]),
    async close() {
      await log.close();
      await connections.mongo?.client.close();
      if (connections.sqlite?.open) connections.sqlite.close();
    },
  };
}

/** Opens every store the choice names: for command-line tools that run without the Nest application. */
export async function openStoresFor(choice: StoreChoice): Promise<Stores> {
  const sqlite = openSqliteIfChosen(choice);
  try {
    return openStores(choice, { sqlite, mongo: await connectMongoIfChosen(choice) });
  } catch (error) {
    sqlite?.close();
    throw error;
  }
}

/** Opens only the event log the choice names: for tools that read or copy the log alone. */
export function openEventLogFor(choice: StoreChoice): EventLog {
  const sqlite = choice.EVENT_STORE === 'sqlite' ? openSqliteIfChosen(choice) : null;
  return eventLogOver(choice, () => sqlite!);
}

function eventLogOver(choice: StoreChoice, sqlite: () => Database.Database): EventLog {
  if (choice.EVENT_STORE === 'kurrentdb') {
    const kurrent = KurrentDbEventStore.connect(
      required(choice.KURRENTDB_URL, 'KURRENTDB_URL', 'EVENT_STORE=kurrentdb'),
      { maxAppendBytes: choice.KURRENTDB_MAX_APPEND_SIZE },
    );
    return {
      eventStore: serviceStoreOver(kurrent),
      rawEventStore: kurrent,
      traits: { densePositions: false },
      sqliteFile: null,
      close: () => kurrent.close(),
    };
  }
  const db = sqlite();
  const sqliteFile = fileWatchOf(db);
  const sqliteStore = new SqliteEventStore(db);
  // Appends into a file deleted or replaced under the service are refused rather than acknowledged.
  const rawEventStore = sqliteFile
    ? guardWritesOf(sqliteStore, sqliteFile, ['append', 'appendToStreams'])
    : sqliteStore;
  return {
    eventStore: serviceStoreOver(rawEventStore),
    rawEventStore,
    traits: { densePositions: true },
    sqliteFile,
    close: () => rawEventStore.close(),
  };
}

/** A watch on the file behind an opened database; null for an in-memory one. */
function fileWatchOf(db: Database.Database): SqliteFileWatch | null {
  return db.memory ? null : new SqliteFileWatch(db.name);
}

function required(value: string | undefined, name: string, because: string): string {
  if (!value) throw new Error(`${name} must be set when ${because}`);
  return value;
}
