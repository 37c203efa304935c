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
import { randomUUID } from 'node:crypto';
import { AppendTooLargeError } from '../../src/core/event-store.port';
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

  it("maps the server's own refusal of an append over its size limit to AppendTooLargeError, nothing written", async () => {
    // The adapter told the limit is far higher than the server's (1 MiB by default): the server itself refuses 1.5 MiB
    // (under gRPC's 4 MiB message limit, so it is KurrentDB's own refusal that comes back).
    const store = KurrentDbEventStore.connect(KURRENTDB_URL!, { maxAppendBytes: 64 * 1_048_576 });
    const streamId = `too-large-${randomUUID()}`;
    const metadata = {
      occurredOn: '2024-01-15',
      recordedAt: new Date().toISOString(),
      actor: 'contract-test',
      correlationId: randomUUID(),
      causationId: null,
    };
    const huge = { id: randomUUID(), type: 'TooLarge', data: { note: 'x'.repeat(1_572_864) }, metadata };
    try {
      await expect(store.append(streamId, [huge], 'no_stream')).rejects.toBeInstanceOf(AppendTooLargeError);
      expect(await store.readStream(streamId)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
