// One contract, every adapter. The MongoDB run needs a replica set (transactions need one), e.g.
//   MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true' npx jest test/contract/projection-leases
// Without MONGODB_URL it is skipped, and the run's last line says so.
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryProjectionLeases } from '../../src/infrastructure/memory/in-memory-projection-leases';
import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import { MongoProjectionLeases } from '../../src/infrastructure/mongodb/mongo-projection-leases';
import { MongoReadStore } from '../../src/infrastructure/mongodb/mongo-read-store';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteProjectionLeases } from '../../src/infrastructure/sqlite/sqlite-projection-leases';
import { SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';
import { describeOnMongoDb, freshMongoDatabases } from '../support/live-stores';
import { projectionLeasesContract } from './projection-leases.contract';

describe('SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-leases-'));
  const databases: Database.Database[] = [];
  afterAll(() => {
    for (const db of databases) db.close();
    rmSync(folder, { recursive: true, force: true });
  });
  projectionLeasesContract('SQLite (file, WAL)', async (now) => {
    const db = openSqliteDatabase({ path: join(folder, `leases-${databases.length}.sqlite`), synchronous: 'NORMAL' });
    databases.push(db);
    return { leases: new SqliteProjectionLeases(db, now), readStore: new SqliteReadStore(db) };
  });
});

projectionLeasesContract('in-memory', async (now) => {
  const leases = new InMemoryProjectionLeases(now);
  return { leases, readStore: new InMemoryReadStore(leases) };
});

describeOnMongoDb('MongoDB', () => {
  const freshDatabase = freshMongoDatabases();
  projectionLeasesContract('MongoDB', async (now) => {
    const { client, db } = await freshDatabase();
    return { leases: new MongoProjectionLeases(db, now), readStore: new MongoReadStore(client, db) };
  });
});
