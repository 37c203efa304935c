import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { catchUpSubscription } from '../../core/catch-up-subscription';
import type * as Port from '../../core/event-store.port';
import {
  AppendsAsMultiAppend,
  assertValidAppends,
  checkExpected,
  replayOf,
  withConditionResults,
  type StoredAt,
} from '../../core/multi-append';

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

export class SqliteEventStore extends AppendsAsMultiAppend implements Port.EventStore {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly statements;
  private readonly appendTransaction;
  private readonly groupTransaction;
  private pending: {
    appends: Port.StreamAppend[];
    resolve: (result: Port.MultiAppendResult) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(private readonly db: Database.Database) {
    super();
    db.exec(SCHEMA);
    this.statements = {
      byId: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
      lastRevision: db.prepare<[string], { revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      revisionAt: db.prepare<[string, number], { revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = ? AND position <= ?',
      ),
      insert: db.prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      stream: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      last: db.prepare<[string], EventRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      after: db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      head: db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
      positionAt: db.prepare<[string], { position: number }>(
        'SELECT position FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
      ),
    };
    // IMMEDIATE takes the write lock up front, so the revision checks and the inserts see the same streams.
    this.appendTransaction = db.transaction((appends: Port.StreamAppend[]): Port.MultiAppendResult => {
      const replay = replayOf(
        appends,
        appends.map(({ events }) => events.map((event) => storedAt(this.statements.byId.get(event.id)))),
      );
      if (replay) {
        return withConditionResults(
          appends,
          replay.streams,
          replay.position,
          (i) => this.statements.revisionAt.get(appends[i].streamId, replay.position)?.revision ?? null,
        );
      }

      const currents = appends.map(({ streamId }) => this.statements.lastRevision.get(streamId)?.revision ?? null);
      appends.forEach(({ streamId, expectedRevision }, i) => checkExpected(streamId, expectedRevision, currents[i]));
      const written = appends.map(({ streamId, events }, i): Port.AppendResult | null => {
        if (events.length === 0) return null;
        let revision = currents[i] ?? -1;
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
        return { streamId, firstRevision: (currents[i] ?? -1) + 1, lastRevision: revision, position };
      });
      const position = written.some((result) => result !== null)
        ? Math.max(...written.map((result) => result?.position ?? 0))
        : (this.statements.head.get()?.position ?? 0);
      return withConditionResults(appends, written, position, (i) => currents[i]);
    });
    // Each append of a group inside the group's transaction: a nested transaction is a savepoint, rolled back
    // alone when its append throws.
    this.groupTransaction = db.transaction((group: Port.StreamAppend[][]) =>
      group.map((appends) => {
        try {
          return { result: this.appendTransaction(appends) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /**
   * Group commit: appends asked for in the same turn of the event loop (concurrent commands) are written in
   * one transaction, so they share one synced commit; each in a savepoint of its own, so one that fails (a
   * revision moved, an id taken) is rolled back alone and the others are kept. Each caller is answered only
   * once the commit holding its events is durable. Alone, an append is its own transaction, as before.
   */
  appendToStreams(appends: Port.StreamAppend[]): Promise<Port.MultiAppendResult> {
    try {
      assertValidAppends(appends);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ appends, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  /** Writes every pending append (see `appendToStreams`) and answers each. */
  private commitPending(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: ({ result: Port.MultiAppendResult } | { error: unknown })[];
    try {
      outcomes =
        batch.length === 1
          ? [{ result: this.appendTransaction.immediate(batch[0].appends) }]
          : this.groupTransaction.immediate(batch.map(({ appends }) => appends));
    } catch (error) {
      // Alone, its own refusal; in a group, the commit itself failed: nothing of the group was written.
      for (const { reject } of batch) reject(error);
      return;
    }
    if (batch.some(({ appends }, i) => 'result' in outcomes[i] && appends.some(({ events }) => events.length > 0))) {
      this.appended.emit('append');
    }
    outcomes.forEach((outcome, i) =>
      'result' in outcome ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error),
    );
  }

  async readStream(
    streamId: string,
    fromRevision = 0,
    maxCount = Number.MAX_SAFE_INTEGER,
  ): Promise<Port.StoredEvent[]> {
    return this.statements.stream.all(streamId, fromRevision, maxCount).map(toStoredEvent);
  }

  async readLastEvent(streamId: string): Promise<Port.StoredEvent | null> {
    const row = this.statements.last.get(streamId);
    return row ? toStoredEvent(row) : null;
  }

  async *readAll({
    after = 0,
    batchSize = 1000,
    limit = Infinity,
  }: Port.ReadAllOptions = {}): AsyncGenerator<Port.StoredEvent> {
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

  subscribeToAll(after = 0): Port.Subscription {
    return catchUpSubscription(
      {
        readBatch: async (from, max) => this.statements.after.all(from, max).map(toStoredEvent),
        // Another process holding the file past busy_timeout (a CLI beside the server): read again shortly.
        isTransient: (error) => String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY'),
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
    // Appends asked for before closing are written (and answered) first.
    if (this.db.open) this.commitPending();
    if (this.db.open) this.db.close();
  }
}

function storedAt(row: EventRow | undefined): StoredAt | undefined {
  return row && { streamId: row.stream_id, revision: row.revision, position: row.position };
}

function toStoredEvent(row: EventRow): Port.StoredEvent {
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
