import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqlitePersonalDataKeys } from '../../src/infrastructure/sqlite/sqlite-personal-data-keys';
import { personalDataKeysContract } from './personal-data-keys.contract';

const folder = mkdtempSync(join(tmpdir(), 'union-ledger-keys-contract-'));
const databases: Database.Database[] = [];
afterAll(() => {
  for (const db of databases) db.close();
  rmSync(folder, { recursive: true, force: true });
});
let n = 0;

personalDataKeysContract('SQLite (file, WAL)', async () => {
  const db = openSqliteDatabase({ path: join(folder, `keys-${n++}.sqlite`), synchronous: 'NORMAL' });
  databases.push(db);
  return new SqlitePersonalDataKeys(db);
});
