import { randomBytes } from 'node:crypto';
import type { Db, MongoClient } from 'mongodb';
import { connectMongo } from '../../src/infrastructure/mongodb/mongo-connection';

/** The server the MongoDB contract suites run against; without it they are skipped, not passed. */
export const MONGODB_URL = process.env.MONGODB_URL;

export const describeWithMongo = MONGODB_URL ? describe : describe.skip;

/**
 * Call inside `describeWithMongo`: returns a function giving each test a fresh, randomly named database
 * on one shared client, dropped after the test.
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
    const name = `union_ledger_test_${randomBytes(6).toString('hex')}`;
    client ??= (await connectMongo(MONGODB_URL!, name)).client;
    const db = client.db(name);
    created.push(db);
    return { client, db };
  };
}
