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

export interface SqlitePersonalDataKeysOptions {
  /**
   * The events are appended to this same file, after the key they are sealed with: a new key is then committed
   * without its own sync. In WAL mode one file holds every commit in order, so the sync of the member's event
   * commit (`synchronous = FULL`) makes the key durable too — one disk sync per join instead of two. A key whose
   * event never comes (a refused command) may be lost in a power cut, which costs nothing: nothing was sealed
   * with it. Never set this when the events live elsewhere (KurrentDB): nothing would sync the key.
   */
  eventsInSameFile?: boolean;
}

export class SqlitePersonalDataKeys implements PersonalDataKeys {
  private readonly insert: Database.Statement<[string, Buffer]>;
  private readonly select: Database.Statement<[string], { key: Buffer }>;
  private readonly remove: Database.Statement<[string]>;
  /** A new key may skip its own sync: the events follow it in the same write-ahead log (see the option). */
  private readonly keysRideOnEventSync: boolean;
  private readonly pragmas = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    options: SqlitePersonalDataKeysOptions = {},
  ) {
    db.exec(SCHEMA);
    this.insert = db.prepare('INSERT OR IGNORE INTO personal_data_keys (member_id, key) VALUES (?, ?)');
    this.select = db.prepare('SELECT key FROM personal_data_keys WHERE member_id = ?');
    this.remove = db.prepare('DELETE FROM personal_data_keys WHERE member_id = ?');
    this.keysRideOnEventSync =
      options.eventsInSameFile === true && db.pragma('journal_mode', { simple: true }) === 'wal';
  }

  async keyFor(memberId: string): Promise<Buffer> {
    const existing = this.select.get(memberId);
    if (existing) return existing.key;
    const insert = () => this.insert.run(memberId, randomBytes(PERSONAL_DATA_KEY_BYTES));
    // 2 is FULL (3 EXTRA); NORMAL (1) or OFF (0) already commit without syncing the log.
    const syncs = (this.pragma('PRAGMA synchronous').pluck().get() as number) >= 2;
    // INSERT OR IGNORE then read: two racing callers end up with the same key.
    if (this.keysRideOnEventSync && syncs && !this.db.inTransaction) this.withPragma('synchronous', 'NORMAL', insert);
    else insert();
    return this.select.get(memberId)!.key;
  }

  async findKey(memberId: string): Promise<Buffer | undefined> {
    return this.select.get(memberId)?.key;
  }

  async destroyKey(memberId: string): Promise<boolean> {
    return this.withPragma('secure_delete', 'ON', () => this.remove.run(memberId).changes > 0);
  }

  /** Runs one write with a connection setting changed, then puts the setting back as it was. */
  private withPragma<T>(name: 'synchronous' | 'secure_delete', value: string, write: () => T): T {
    const before = this.pragma(`PRAGMA ${name}`).pluck().get() as number;
    this.pragma(`PRAGMA ${name} = ${value}`).run();
    try {
      return write();
    } finally {
      this.pragma(`PRAGMA ${name} = ${before}`).run();
    }
  }

  /** A setting's statement, prepared once: `db.pragma` prepares it again on every call, once per join here. */
  private pragma(sql: string): Database.Statement {
    let statement = this.pragmas.get(sql);
    if (!statement) this.pragmas.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }
}
