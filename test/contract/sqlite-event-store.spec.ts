import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceStoreOver } from '../../src/infrastructure/open-stores';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { eventStoreContract } from './event-store.contract';

const folder = mkdtempSync(join(tmpdir(), 'union-ledger-contract-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;

eventStoreContract(
  'SQLite (file, WAL)',
  async () => new SqliteEventStore(openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) })),
  { densePositions: true },
);

eventStoreContract(
  'the service store (hash-chained, read in current shapes) over SQLite',
  async () =>
    serviceStoreOver(new SqliteEventStore(openSqliteDatabase({ path: join(folder, `events-${n++}.sqlite`) }))),
  { densePositions: true, stampedMetadata: ['hash', 'previousHash', 'schemaVersion'] },
);
