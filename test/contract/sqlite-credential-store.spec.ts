import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteCredentialStore } from '../../src/infrastructure/sqlite/sqlite-credential-store';
import { credentialStoreContract } from './credential-store.contract';

const folder = mkdtempSync(join(tmpdir(), 'union-ledger-credential-contract-'));
const databases: Database.Database[] = [];
afterAll(() => {
  for (const db of databases) db.close();
  rmSync(folder, { recursive: true, force: true });
});
let n = 0;

credentialStoreContract('SQLite (file, WAL)', async () => {
  const db = openSqliteDatabase({ path: join(folder, `credentials-${n++}.sqlite`), synchronous: 'NORMAL' });
  databases.push(db);
  return new SqliteCredentialStore(db);
});

describe('SqliteCredentialStore beyond the contract', () => {
  it('keeps keys across reopening the file', async () => {
    const path = join(folder, 'reopen.sqlite');
    const first = openSqliteDatabase({ path });
    await new SqliteCredentialStore(first).addApiKey({
      id: '0a1b2c3d4e5f',
      name: 'Ba Vì clerk',
      roles: ['recorder'],
      federationIds: ['ba-vi'],
      keyHash: 'cd'.repeat(32),
      createdAt: '2026-06-30T03:00:00.000Z',
      createdBy: 'cli',
      revokedAt: null,
    });
    first.close();
    const second = openSqliteDatabase({ path });
    databases.push(second);
    expect((await new SqliteCredentialStore(second).findApiKey('0a1b2c3d4e5f'))?.name).toBe('Ba Vì clerk');
  });
});
