import { type Db, MongoClient } from 'mongodb';
import { messageOf } from '../../core/error-message';

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
    const reason = messageOf(error);
    throw new Error(`MongoDB at ${withoutCredentials(url)} is unreachable: ${reason}${connectionHint(url, reason)}`, {
      cause: error,
    });
  }
}

/** The URL that reaches the compose file's one-node replica set from the host (README, "Production stores"). */
export const HOST_MONGODB_URL = 'mongodb://localhost:27017/?replicaSet=rs0&directConnection=true';

/**
 * What to try when a replica-set URL fails from outside the set's network. Given `replicaSet` alone, the driver
 * replaces the seed by the member names the set reports (`mongodb:27017` in the compose file) and then cannot
 * resolve them from the host (`ENOTFOUND mongodb`, after the selection timeout). `directConnection=true` keeps
 * the seed. Empty when the URL already says so or names no replica set.
 */
export function connectionHint(url: string, reason: string): string {
  const query = url.split('?')[1] ?? '';
  const params = new URLSearchParams(query);
  if (!params.has('replicaSet') || params.get('directConnection') === 'true') return '';
  const lookedElsewhere = /ENOTFOUND|getaddrinfo|EAI_AGAIN|Server selection timed out/i.test(reason);
  if (!lookedElsewhere) return '';
  return (
    " — from outside the replica set's own network (e.g. the host, against the compose file's one-node set) " +
    `add directConnection=true, as in ${HOST_MONGODB_URL}: without it the driver swaps the address given for the ` +
    'member name the set reports, which only resolves inside that network'
  );
}

/** The URL as it may be logged: user and password blanked. */
export function withoutCredentials(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1***@');
}
