import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `FULL` syncs the WAL on every commit, so an acknowledged append survives power loss,
 * not only a process crash (which `NORMAL` already survives). Benchmarks measure both.
 */
export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

export interface SqliteOptions {
  /** File path, or `:memory:`. */
  path: string;
  synchronous?: SqliteSynchronous;
}

export function openSqliteDatabase({ path, synchronous = 'FULL' }: SqliteOptions): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  // Another process (a CLI beside the server) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  // Checkpoint the WAL into the database every ~40 MB rather than every 4 MB (SQLite's default of 1,000 pages):
  // a read-model rebuild otherwise spends much of its time copying the same pages back again and again.
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}
