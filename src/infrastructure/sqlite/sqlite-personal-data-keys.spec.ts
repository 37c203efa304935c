import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from './sqlite-database';
import { SqlitePersonalDataKeys } from './sqlite-personal-data-keys';

/** Which `synchronous` level each write ran at: the key store only changes it around a new key's insert. */
function recordSyncLevels(db: Database.Database): string[] {
  const levels: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (/^PRAGMA synchronous\s*=/i.test(source)) {
      const run = statement.run.bind(statement);
      statement.run = ((...parameters: unknown[]) => {
        levels.push(source.replace(/^PRAGMA\s+|\s/gi, ''));
        return run(...parameters);
      }) as typeof statement.run;
    }
    return statement;
  }) as typeof db.prepare;
  return levels;
}

describe('SQLite personal-data keys: one disk sync per join when the events share the file', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'union-ledger-keys-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('commits a new key without its own sync, then restores FULL for the event append that follows', async () => {
    const db = openSqliteDatabase({ path: join(folder, 'ledger.sqlite'), synchronous: 'FULL' });
    const levels = recordSyncLevels(db);
    const keys = new SqlitePersonalDataKeys(db, { eventsInSameFile: true });
    const key = await keys.keyFor('lan');
    expect(levels).toEqual(['synchronous=NORMAL', 'synchronous=2']);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // Committed: another connection to the file sees it.
    const other = openSqliteDatabase({ path: join(folder, 'ledger.sqlite') });
    await expect(new SqlitePersonalDataKeys(other).findKey('lan')).resolves.toEqual(key);
    // An existing key is only read; the next new one is written the same way.
    await keys.keyFor('lan');
    expect(levels).toHaveLength(2);
    await keys.keyFor('mai');
    expect(levels).toEqual(['synchronous=NORMAL', 'synchronous=2', 'synchronous=NORMAL', 'synchronous=2']);
    other.close();
    db.close();
  });

  it('syncs the key on its own when the events live elsewhere', async () => {
    const db = openSqliteDatabase({ path: join(folder, 'keys.sqlite'), synchronous: 'FULL' });
    const levels = recordSyncLevels(db);
    await new SqlitePersonalDataKeys(db).keyFor('lan');
    expect(levels).toEqual([]);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});
