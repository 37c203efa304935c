/**
 * The EventStore contract on a live KurrentDB server, plain and hash-chained (as the service uses it).
 * Skipped unless KURRENTDB_URL is set. To run it against a local, insecure single node:
 *
 *   KURRENTDB_URL=kurrentdb://localhost:2113?tls=false npx jest test/contract/kurrentdb
 *
 * The server is shared and cannot be emptied between tests: every test writes to fresh streams and the
 * contract reads the log relative to the head it finds (`sharedLog`). KurrentDB positions are commit
 * positions (growing, not dense); event ids are kept unique across the log by the adapter's id claims.
 */
import { KurrentDbEventStore } from '../../src/infrastructure/kurrentdb/kurrentdb-event-store';
import { hashChained } from '../../src/integrity/hash-chained-event-store';
import { describeOnKurrentDb, KURRENTDB_URL } from '../support/live-stores';
import { eventStoreContract, type EventStoreContractOptions } from './event-store.contract';

const kurrentdb: EventStoreContractOptions = {
  densePositions: false,
  sharedLog: true,
};

describeOnKurrentDb('KurrentDB event store (KURRENTDB_URL)', () => {
  const connect = async () => KurrentDbEventStore.connect(KURRENTDB_URL!);

  eventStoreContract('KurrentDB', connect, kurrentdb);
  eventStoreContract('hash-chained over KurrentDB', async () => hashChained(await connect()), {
    ...kurrentdb,
    stampedMetadata: ['hash', 'previousHash'],
  });
});
