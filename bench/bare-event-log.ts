import type Database from 'better-sqlite3';
import type { EventToAppend } from '../src/core/event-store.port';
import { openSqliteDatabase, type SqliteSynchronous } from '../src/infrastructure/sqlite/sqlite-database';

/**
 * The floor: the least any SQLite-backed event log can do for the same work. A bare table (the rowid as
 * position, no unique constraint, no secondary index), the same pragmas (WAL, the same `synchronous`),
 * the same rows, written and read straight through better-sqlite3. A figure divided by the floor's, taken
 * in the same run, says what union-ledger's own layers cost, whatever the machine.
 */
export class BareEventLog {
  readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, string, number, string, string, string]>;
  private readonly byPosition: Database.Statement<[number], { data: string; metadata: string }>;
  private readonly appendBatch: Database.Transaction<(rows: readonly BareRow[]) => void>;

  constructor(path: string, synchronous: SqliteSynchronous) {
    this.db = openSqliteDatabase({ path, synchronous });
    this.db.exec(`CREATE TABLE IF NOT EXISTS events (
      position  INTEGER PRIMARY KEY,
      id        TEXT    NOT NULL,
      stream_id TEXT    NOT NULL,
      revision  INTEGER NOT NULL,
      type      TEXT    NOT NULL,
      data      TEXT    NOT NULL,
      metadata  TEXT    NOT NULL
    )`);
    this.insert = this.db.prepare(
      'INSERT INTO events (id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byPosition = this.db.prepare('SELECT data, metadata FROM events WHERE position = ?');
    this.appendBatch = this.db.transaction((rows: readonly BareRow[]) => {
      for (const row of rows) this.insertRow(row);
    });
  }

  setSynchronous(synchronous: SqliteSynchronous): void {
    this.db.pragma(`synchronous = ${synchronous}`);
  }

  /** One transaction for the rows (one event, or one stream's batch). */
  append(rows: readonly BareRow[]): void {
    this.appendBatch.immediate(rows);
  }

  /** Every event in position order, its JSON parsed (what any reader of the log must do); returns the count. */
  readAll(): number {
    let count = 0;
    let checksum = 0;
    for (const row of this.db
      .prepare<[], { data: string; metadata: string }>('SELECT data, metadata FROM events ORDER BY position')
      .iterate()) {
      const data = JSON.parse(row.data) as object;
      const metadata = JSON.parse(row.metadata) as { occurredOn: string };
      checksum += metadata.occurredOn.length + (data ? 1 : 0);
      count += 1;
    }
    return checksum > 0 ? count : 0;
  }

  /** A primary-key point read, parsed: the cheapest query SQLite answers. */
  read(position: number): unknown {
    const row = this.byPosition.get(position);
    return row ? JSON.parse(row.data) : null;
  }

  /** Copies the event store's log (same rows) into this table, for the read floor. */
  copyFrom(eventStorePath: string): number {
    this.db.prepare('ATTACH DATABASE ? AS source').run(eventStorePath);
    try {
      const info = this.db
        .prepare(
          `INSERT INTO events (position, id, stream_id, revision, type, data, metadata)
             SELECT position, id, stream_id, revision, type, data, metadata FROM source.events ORDER BY position`,
        )
        .run();
      return info.changes;
    } finally {
      this.db.exec('DETACH DATABASE source');
    }
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private insertRow(row: BareRow): void {
    const { streamId, revision, event } = row;
    this.insert.run(
      event.id,
      streamId,
      revision,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    );
  }
}

export interface BareRow {
  streamId: string;
  revision: number;
  event: EventToAppend;
}
