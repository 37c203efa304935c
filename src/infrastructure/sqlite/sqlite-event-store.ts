import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { catchUpSubscription } from '../../core/catch-up-subscription';
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type StoredEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../../core/event-store.port';

interface EventRow {
  position: number;
  id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: a position is never reused
    id        TEXT    NOT NULL UNIQUE,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    -- Copied out of metadata so "as known at a time" finds its position by index.
    recorded_at TEXT  NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE INDEX IF NOT EXISTS events_recorded_at ON events (recorded_at);
`;

/** Other processes may append to the same file (a CLI beside the server): tail by polling too. */
const POLL_INTERVAL_MS = 200;

export class SqliteEventStore implements EventStore {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly statements;
  private readonly appendTransaction;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = {
      byId: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
      lastRevision: db.prepare<[string], { revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      insert: db.prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      stream: db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision',
      ),
      after: db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      head: db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
      positionAt: db.prepare<[string], { position: number }>(
        'SELECT position FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
      ),
    };
    // IMMEDIATE takes the write lock up front, so the revision check and the insert see the same stream.
    this.appendTransaction = db.transaction(
      (streamId: string, events: EventToAppend[], expected: ExpectedRevision): AppendResult => {
        const replay = this.earlierAppend(streamId, events);
        if (replay) return replay;

        const current = this.statements.lastRevision.get(streamId)?.revision ?? null;
        checkExpected(streamId, expected, current);
        let revision = current ?? -1;
        let position = 0;
        for (const event of events) {
          revision += 1;
          const info = this.statements.insert.run(
            event.id,
            streamId,
            revision,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
            event.metadata.recordedAt,
          );
          position = Number(info.lastInsertRowid);
        }
        return { streamId, firstRevision: (current ?? -1) + 1, lastRevision: revision, position };
      },
    );
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const result = this.appendTransaction.immediate(streamId, events, expectedRevision);
    this.appended.emit('append');
    return result;
  }

  async readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    return this.statements.stream.all(streamId, fromRevision).map(toStoredEvent);
  }

  async *readAll({ after = 0, batchSize = 1000, limit = Infinity }: ReadAllOptions = {}): AsyncGenerator<StoredEvent> {
    let position = after;
    let remaining = limit;
    while (remaining > 0) {
      const rows = this.statements.after.all(position, Math.min(batchSize, remaining));
      for (const row of rows) yield toStoredEvent(row);
      if (rows.length < batchSize) return;
      position = rows[rows.length - 1].position;
      remaining -= rows.length;
    }
  }

  subscribeToAll(after = 0): Subscription {
    return catchUpSubscription(
      {
        readBatch: async (from, max) => this.statements.after.all(from, max).map(toStoredEvent),
        waitForAppend: () =>
          new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              this.appended.off('append', done);
              resolve();
            };
            const timer = setTimeout(done, POLL_INTERVAL_MS);
            this.appended.on('append', done);
          }),
      },
      after,
    );
  }

  async headPosition(): Promise<number> {
    return this.statements.head.get()?.position ?? 0;
  }

  async positionAt(recordedAt: string): Promise<number> {
    return this.statements.positionAt.get(recordedAt)?.position ?? 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** The original result when these exact events were appended before; throws on a partial overlap. */
  private earlierAppend(streamId: string, events: EventToAppend[]): AppendResult | null {
    const stored = events.map((e) => this.statements.byId.get(e.id));
    if (stored.every((row) => row === undefined)) return null;
    const first = stored[0];
    const sameAppend =
      first !== undefined &&
      stored.every((row, i) => row !== undefined && row.stream_id === streamId && row.revision === first.revision + i);
    if (!sameAppend) throw new DuplicateEventIdError(events[stored.findIndex((row) => row !== undefined)].id);
    const last = stored[stored.length - 1]!;
    return { streamId, firstRevision: first.revision, lastRevision: last.revision, position: last.position };
  }
}

function checkExpected(streamId: string, expected: ExpectedRevision, current: number | null): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? current !== null : current !== expected) {
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}
