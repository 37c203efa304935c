import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { PERSONAL_DATA_KEY_BYTES, type PersonalDataKeys } from '../../privacy/personal-data-keys.port';

/**
 * Members' personal-data keys in the events' SQLite file. Deleting a row is the forgetting, so that delete
 * overwrites the freed content (`secure_delete`) instead of leaving the key in a free page. The pragma is on
 * only for that delete: the read models, which share the connection, delete often and need not pay for it.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS personal_data_keys (
    member_id  TEXT PRIMARY KEY,
    key        BLOB NOT NULL
  );
`;

export class SqlitePersonalDataKeys implements PersonalDataKeys {
  private readonly insert: Database.Statement<[string, Buffer]>;
  private readonly select: Database.Statement<[string], { key: Buffer }>;
  private readonly remove: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.insert = db.prepare('INSERT OR IGNORE INTO personal_data_keys (member_id, key) VALUES (?, ?)');
    this.select = db.prepare('SELECT key FROM personal_data_keys WHERE member_id = ?');
    this.remove = db.prepare('DELETE FROM personal_data_keys WHERE member_id = ?');
  }

  async keyFor(memberId: string): Promise<Buffer> {
    // INSERT OR IGNORE then read: two racing callers end up with the same key.
    this.insert.run(memberId, randomBytes(PERSONAL_DATA_KEY_BYTES));
    return this.select.get(memberId)!.key;
  }

  async findKey(memberId: string): Promise<Buffer | undefined> {
    return this.select.get(memberId)?.key;
  }

  async destroyKey(memberId: string): Promise<boolean> {
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      return this.remove.run(memberId).changes > 0;
    } finally {
      this.db.pragma(`secure_delete = ${before ? 'ON' : 'OFF'}`);
    }
  }
}
