import {
  type AppendStreamState,
  type KurrentDBClient,
  type ReadPosition,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { eventStoreContract } from './event-store.contract';
import { KurrentDbEventStore } from '../../src/infrastructure/kurrentdb/kurrentdb-event-store';

interface Row {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  position: bigint;
}

/**
 * An in-process stand-in for the client, with the server behaviour the adapter relies on: positions are
 * growing, non-dense byte offsets; system events sit between ours; a forward `$all` read from a position
 * includes the event at it and a backward one excludes it; a missing stream throws StreamNotFoundError;
 * ids are not checked at all (the adapter must). It runs the adapter's own logic (paging, id checks,
 * subscriptions) through the contract; the live contract (test/contract/kurrentdb-event-store.spec.ts)
 * checks the real server.
 */
class FakeKurrentClient {
  private readonly rows: Row[] = [];
  private next = 1_000n;

  constructor() {
    this.write('$settings', 'any', [{ id: 'a0000000-0000-4000-8000-000000000000', type: '$settings', data: {} }]);
  }

  async appendToStream(
    streamId: string,
    events: { id: string; type: string; data: unknown; metadata?: unknown }[],
    { streamState }: { streamState: AppendStreamState },
  ) {
    const last = this.write(streamId, streamState, events);
    // A system event after each append, as stats or projections write them.
    this.write('$stats-node', 'any', [{ id: crypto.randomUUID(), type: '$statsCollected', data: {} }]);
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: { commit: last.position, prepare: last.position },
    };
  }

  async *readStream(streamId: string, { fromRevision, maxCount }: { fromRevision: bigint; maxCount: number }) {
    const stream = this.rows.filter((row) => row.streamId === streamId);
    if (stream.length === 0) throw new StreamNotFoundError(undefined, streamId);
    for (const row of stream.filter((r) => r.revision >= fromRevision).slice(0, maxCount)) yield this.resolved(row);
  }

  async *readAll({
    direction,
    fromPosition,
    maxCount,
  }: {
    direction: string;
    fromPosition: ReadPosition;
    maxCount: number;
  }) {
    const from = typeof fromPosition === 'object' ? fromPosition.commit : null;
    const rows =
      direction === 'forwards'
        ? this.rows.filter((row) => fromPosition === 'start' || row.position >= from!)
        : [...this.rows].reverse().filter((row) => fromPosition === 'end' || row.position < from!);
    for (const row of rows.slice(0, maxCount)) yield this.resolved(row);
  }

  subscribeToAll({ fromPosition }: { fromPosition: ReadPosition }) {
    let closed = false;
    let seen = fromPosition === 'start' ? -1n : (fromPosition as { commit: bigint }).commit;
    const rows = this.rows;
    const resolved = (row: Row) => this.resolved(row);
    return {
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          const fresh = rows.filter((row) => row.position > seen && !row.type.startsWith('$'));
          for (const row of fresh) {
            seen = row.position;
            yield resolved(row);
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      },
      unsubscribe: async () => void (closed = true),
      destroy: () => void (closed = true),
    };
  }

  async dispose() {}

  private write(
    streamId: string,
    state: AppendStreamState,
    events: { id: string; type: string; data: unknown; metadata?: unknown }[],
  ): Row {
    const current = BigInt(this.rows.filter((row) => row.streamId === streamId).length) - 1n;
    const ok = state === 'any' || (state === 'no_stream' ? current === -1n : state === current);
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, {
        streamName: streamId,
        expected: state,
        current: current < 0n ? 'no_stream' : current,
      });
    }
    let revision = current;
    for (const event of events) {
      revision += 1n;
      this.rows.push({ ...structuredClone(event), streamId, revision, position: this.next });
      this.next += 137n;
    }
    return this.rows[this.rows.length - 1];
  }

  private resolved(row: Row) {
    const event = { ...structuredClone(row), isJson: true, position: { commit: row.position, prepare: row.position } };
    return { event, commitPosition: row.position };
  }
}

const open = (client: FakeKurrentClient) => new KurrentDbEventStore(client as unknown as KurrentDBClient);

eventStoreContract(
  'KurrentDB adapter on a fake client (fresh log per test)',
  async () => open(new FakeKurrentClient()),
  {
    densePositions: false,
    eventIdsUniqueAcrossStreams: false,
  },
);

const shared = new FakeKurrentClient();
eventStoreContract('KurrentDB adapter on a fake client (one shared log)', async () => open(shared), {
  densePositions: false,
  sharedLog: true,
  eventIdsUniqueAcrossStreams: false,
});
