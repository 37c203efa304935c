import type Database from 'better-sqlite3';
import {
  type LeaseRequest,
  assertFence,
  type LeaseFence,
  nextLease,
  type ProjectionLease,
  type ProjectionLeases,
} from '../../core/projection-lease.port';

/*
 * One row per projection, beside the read models (the fencing check runs in the read store's batch transaction).
 * A released or expired row is kept, so tokens keep growing across holders.
 */
export const LEASES_SCHEMA = `
  CREATE TABLE IF NOT EXISTS projection_leases (
    projection TEXT    PRIMARY KEY,
    owner      TEXT    NOT NULL,
    token      INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
`;

interface LeaseRow {
  projection: string;
  owner: string;
  token: number;
  expires_at: number;
}

/** For the read store's batch transaction: throws `LeaseLost` unless the lease still carries the fence's token. */
export function sqliteFenceCheck(db: Database.Database): (fence: LeaseFence) => void {
  db.exec(LEASES_SCHEMA);
  const token = db.prepare<[string], { token: number }>('SELECT token FROM projection_leases WHERE projection = ?');
  return (fence) => assertFence(fence, token.get(fence.projection));
}

/** Projection leases in the SQLite file that several processes on one machine share. */
export class SqliteProjectionLeases implements ProjectionLeases {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(LEASES_SCHEMA);
    this.statements = {
      get: db.prepare<[string], LeaseRow>('SELECT * FROM projection_leases WHERE projection = ?'),
      all: db.prepare<[], LeaseRow>('SELECT * FROM projection_leases ORDER BY projection'),
      put: db.prepare<[string, string, number, number]>(
        `INSERT INTO projection_leases (projection, owner, token, expires_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (projection) DO UPDATE
             SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at`,
      ),
      extend: db.prepare<[number, string, string, number]>(
        'UPDATE projection_leases SET expires_at = ? WHERE projection = ? AND owner = ? AND token = ?',
      ),
    };
  }

  async acquire(request: LeaseRequest): Promise<ProjectionLease | null> {
    // IMMEDIATE: the write lock is taken before reading, so two processes cannot both see the lease free.
    return this.db
      .transaction(() => {
        const stored = this.statements.get.get(request.projection);
        const lease = nextLease(stored ? fromRow(stored) : null, request, this.now());
        if (lease) this.statements.put.run(lease.projection, lease.owner, lease.token, lease.expiresAt);
        return lease;
      })
      .immediate();
  }

  async renew(lease: ProjectionLease, ttlMs: number): Promise<ProjectionLease | null> {
    const expiresAt = this.now() + ttlMs;
    const { changes } = this.statements.extend.run(expiresAt, lease.projection, lease.owner, lease.token);
    return changes === 1 ? { ...lease, expiresAt } : null;
  }

  async release(lease: ProjectionLease): Promise<void> {
    this.statements.extend.run(0, lease.projection, lease.owner, lease.token);
  }

  async leases(): Promise<ProjectionLease[]> {
    return this.statements.all.all().map(fromRow);
  }
}

function fromRow(row: LeaseRow): ProjectionLease {
  return { projection: row.projection, owner: row.owner, token: row.token, expiresAt: row.expires_at };
}
