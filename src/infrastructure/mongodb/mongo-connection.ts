import { type Db, MongoClient } from 'mongodb';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
}

/** How long to look for a server before giving up: start-up fails fast rather than hanging. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/**
 * Connects to MongoDB (a replica set: the read store needs transactions) and checks the server answers.
 * Writes wait for a majority, so another instance reads them after a fail-over; writes and reads are
 * retried once on a transient network error or an election.
 */
export async function connectMongo(url: string, databaseName: string): Promise<MongoConnection> {
  const client = new MongoClient(url, {
    appName: 'union-ledger',
    writeConcern: { w: 'majority' },
    retryWrites: true,
    retryReads: true,
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
  });
  try {
    await client.connect();
    const db = client.db(databaseName);
    await db.command({ ping: 1 });
    return { client, db };
  } catch (error) {
    await client.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`MongoDB at ${withoutCredentials(url)} is unreachable: ${reason}`, { cause: error });
  }
}

/** The URL as it may be logged: user and password blanked. */
export function withoutCredentials(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}
