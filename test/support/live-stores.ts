import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { connectMongo } from '../../src/infrastructure/mongodb/mongo-connection';
import type { StoreChoice } from '../../src/infrastructure/open-stores';

/**
 * The production stores are tested when their servers are configured: `KURRENTDB_URL` and `MONGODB_URL`. For the
 * compose file's services, from the host (`docker compose up -d kurrentdb mongodb`):
 *
 *   KURRENTDB_URL='kurrentdb://localhost:2113?tls=false'
 *   MONGODB_URL='mongodb://localhost:27017/?replicaSet=rs0&directConnection=true'
 *
 * MongoDB must be a replica set (transactions need one); `directConnection=true` because the set reports its
 * member as `mongodb:27017`, a name only the compose network resolves (a connection failure says so).
 * Without the URLs those suites are skipped, and the run says so in one line at the end
 * (`skipped-stores-reporter.js`).
 */
export const KURRENTDB_URL = process.env.KURRENTDB_URL || undefined;
export const MONGODB_URL = process.env.MONGODB_URL || undefined;

/** `describe` for suites that need the server; skipped, not passed, without it. */
export const describeOnKurrentDb = KURRENTDB_URL ? describe : describe.skip;
export const describeOnMongoDb = MONGODB_URL ? describe : describe.skip;

/** Which stores an end-to-end run uses; the embedded default is always run. */
export interface StoreConfiguration {
  name: string;
  EVENT_STORE: StoreChoice['EVENT_STORE'];
  READ_STORE: StoreChoice['READ_STORE'];
  /** Environment variables it needs; skipped when one is unset. */
  needs: ('KURRENTDB_URL' | 'MONGODB_URL')[];
}

export const STORE_CONFIGURATIONS: readonly StoreConfiguration[] = [
  { name: 'embedded: SQLite events and read models', EVENT_STORE: 'sqlite', READ_STORE: 'sqlite', needs: [] },
  {
    name: 'cluster: KurrentDB events, MongoDB read models',
    EVENT_STORE: 'kurrentdb',
    READ_STORE: 'mongodb',
    needs: ['KURRENTDB_URL', 'MONGODB_URL'],
  },
];

export function isConfigured(configuration: Pick<StoreConfiguration, 'needs'>): boolean {
  return configuration.needs.every((name) => Boolean(process.env[name]));
}

/** `describe` once per store configuration; the ones whose servers are not configured are skipped, not passed. */
export function describeOnEveryStoreConfiguration(
  title: string,
  body: (configuration: StoreConfiguration) => void,
): void {
  for (const configuration of STORE_CONFIGURATIONS) {
    const describeIt = isConfigured(configuration) ? describe : describe.skip;
    describeIt(`${title} [${configuration.name}]`, () => body(configuration));
  }
}

/** A database of its own for one test's read models, so runs never see each other's documents. */
export function freshMongoDatabaseName(): string {
  return `union_ledger_test_${randomBytes(6).toString('hex')}`;
}

export async function dropMongoDatabase(url: string, name: string): Promise<void> {
  const client = new MongoClient(url);
  try {
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/**
 * Call inside `describeOnMongoDb`: returns a function giving each test a fresh database on one shared client,
 * dropped after the test.
 */
export function freshMongoDatabases(): () => Promise<{ client: MongoClient; db: Db }> {
  let client: MongoClient | null = null;
  const created: Db[] = [];
  afterEach(async () => {
    for (const db of created.splice(0)) await db.dropDatabase();
  });
  afterAll(async () => {
    await client?.close();
  });
  return async () => {
    const name = freshMongoDatabaseName();
    client ??= (await connectMongo(MONGODB_URL!, name)).client;
    const db = client.db(name);
    created.push(db);
    return { client, db };
  };
}
