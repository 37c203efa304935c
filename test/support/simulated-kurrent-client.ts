import {
  AppendConsistencyViolationError,
  type AppendRecordInput,
  type AppendStreamState,
  type ConsistencyCheck,
  type KurrentDBClient,
  type ReadPosition,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  TransactionMaxSizeExceededError,
  UnavailableError,
} from '@kurrent/kurrentdb-client';
import { EventEmitter } from 'node:events';

interface Row {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  position: bigint;
}

export interface SimulatedClientOptions {
  /** The server's MaxAppendSize: a request whose records' data and metadata exceed it is refused. */
  maxAppendBytes?: number;
  /**
   * How the refusal comes back: as the client reports the server's `MaxAppendSize` exception (by default), or
   * as the v2 protocol's transaction-size error.
   */
  sizeRefusal?: 'max-append-size' | 'transaction-size';
}

/** One read request the adapter made of a stream, and how many events it got back. */
export interface StreamRead {
  streamId: string;
  direction: string;
  events: number;
}

/**
 * An in-process stand-in for `@kurrent/kurrentdb-client` 1.3 with the server behaviour the adapter relies on
 * (KurrentDB 26.1): positions are growing, non-dense byte offsets; system events sit between ours; a forward
 * `$all` read from a position includes the event at it and a backward one excludes it; a missing stream
 * throws StreamNotFoundError; ids are not checked at all (the adapter must). `appendRecords` works as the
 * server's: metadata only as string properties (returned as JSON metadata with `$schema.*` keys added),
 * consistency checks evaluated before anything is written (every violation reported, by check index), no
 * records to `$` streams, and a request over `maxAppendBytes` refused as `MaxAppendSizeExceededError` (or
 * `TransactionMaxSizeExceededError`), nothing written.
 * For the tests it also counts stream reads, and can take the server away (`outage`, for as long as a test
 * wants, with fake timers): subscriptions then fail as the client's do when the connection drops
 * (`UnavailableError`), and so does every other call; a subscription the server accepts emits `confirmation`.
 */
export class SimulatedKurrentClient {
  readonly streamReads: StreamRead[] = [];
  /** While true, the server is unreachable. */
  outage = false;
  /** Subscriptions opened (including the ones that failed at once during an outage). */
  subscriptionsOpened = 0;
  private readonly rows: Row[] = [];
  private next = 1_000n;
  private readonly maxAppendBytes: number;
  private readonly sizeRefusal: NonNullable<SimulatedClientOptions['sizeRefusal']>;

  constructor(options: SimulatedClientOptions = {}) {
    this.maxAppendBytes = options.maxAppendBytes ?? Infinity;
    this.sizeRefusal = options.sizeRefusal ?? 'max-append-size';
    this.write('$settings', [{ id: 'a0000000-0000-4000-8000-000000000000', type: '$settings', data: {} }]);
  }

  /** The adapter typed as the real client. */
  get client(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  /** Every stored record, system ones and id claims included. */
  get records(): readonly Row[] {
    return this.rows;
  }

  async appendRecords(records: AppendRecordInput[], checks: ConsistencyCheck[] = []) {
    this.assertUp();
    if (records.length === 0) throw new Error('Append records request must contain at least one record.');
    let size = 0;
    for (const { streamName, record } of records) {
      const { metadata } = record;
      if (
        metadata != null &&
        (metadata.constructor === Uint8Array ||
          typeof metadata !== 'object' ||
          Array.isArray(metadata) ||
          Object.values(metadata).some((value) => typeof value !== 'string'))
      ) {
        throw new Error('appendRecords requires metadata to be a plain object with string keys and string values.');
      }
      if (streamName.startsWith('$')) throw new Error("Records cannot target system streams (starting with '$').");
      size += Buffer.byteLength(JSON.stringify(record.data)) + Buffer.byteLength(JSON.stringify(metadata ?? {}));
    }
    if (size > this.maxAppendBytes) {
      throw this.sizeRefusal === 'max-append-size'
        ? MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendBytes)
        : new TransactionMaxSizeExceededError(undefined as never, { size, maxSize: this.maxAppendBytes });
    }
    const violationsList = checks.flatMap((check, checkIndex) => {
      const current = this.revisionOf(check.streamName);
      const expected = check.expectedState;
      const ok =
        expected === 'any' ||
        (expected === 'no_stream'
          ? current === -1n
          : expected === 'stream_exists'
            ? current >= 0n
            : expected === current);
      if (ok) return [];
      const state = (value: AppendStreamState | bigint) =>
        value === 'no_stream' ? '-1' : value === 'any' ? '-2' : value === 'stream_exists' ? '-4' : String(value);
      return [
        {
          checkIndex,
          streamState: { stream: check.streamName, expectedState: state(expected), actualState: state(current) },
        },
      ];
    });
    if (violationsList.length > 0) {
      throw new AppendConsistencyViolationError(undefined as never, { violationsList } as never);
    }
    const revisions = new Map<string, bigint>();
    let last: Row | undefined;
    for (const { streamName, record } of records) {
      const properties = (record.metadata ?? {}) as Record<string, string>;
      last = this.write(streamName, [
        {
          id: record.id,
          type: record.type,
          data: structuredClone(record.data),
          metadata: { ...properties, '$schema.format': 'Json', '$schema.name': record.type },
        },
      ]);
      revisions.set(streamName, last.revision);
    }
    // A system event after each append, as stats or projections write them.
    this.write('$stats-node', [{ id: crypto.randomUUID(), type: '$statsCollected', data: {} }]);
    return {
      position: last!.position,
      responses: [...revisions].map(([streamName, revision]) => ({ streamName, revision })),
    };
  }

  async *readStream(
    streamId: string,
    {
      fromRevision = 'start',
      maxCount = Number.MAX_SAFE_INTEGER,
      direction = 'forwards',
    }: { fromRevision?: bigint | 'start' | 'end'; maxCount?: number | bigint; direction?: string } = {},
  ) {
    this.assertUp();
    const read: StreamRead = { streamId, direction, events: 0 };
    this.streamReads.push(read);
    const stream = this.rows.filter((row) => row.streamId === streamId);
    if (stream.length === 0) throw new StreamNotFoundError(undefined, streamId);
    const selected =
      direction === 'forwards'
        ? stream.filter(
            (r) => fromRevision === 'start' || (typeof fromRevision === 'bigint' && r.revision >= fromRevision),
          )
        : [...stream]
            .reverse()
            .filter((r) => fromRevision === 'end' || (typeof fromRevision === 'bigint' && r.revision <= fromRevision));
    for (const row of selected.slice(0, Number(maxCount))) {
      read.events += 1;
      yield this.resolved(row);
    }
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
    this.assertUp();
    const from = typeof fromPosition === 'object' ? fromPosition.commit : null;
    const rows =
      direction === 'forwards'
        ? this.rows.filter((row) => fromPosition === 'start' || row.position >= from!)
        : [...this.rows].reverse().filter((row) => fromPosition === 'end' || row.position < from!);
    for (const row of rows.slice(0, maxCount)) yield this.resolved(row);
  }

  subscribeToAll({ fromPosition }: { fromPosition: ReadPosition }) {
    this.subscriptionsOpened += 1;
    let closed = false;
    let seen = fromPosition === 'start' ? -1n : (fromPosition as { commit: bigint }).commit;
    const rows = this.rows;
    const resolved = (row: Row) => this.resolved(row);
    const down = () => this.outage;
    // As the client's: an event emitter that says `confirmation` once the server has accepted the subscription.
    const events = new EventEmitter();
    return Object.assign(events, {
      async *[Symbol.asyncIterator]() {
        let confirmed = false;
        while (!closed) {
          if (down()) throw new UnavailableError(undefined, 'connection dropped');
          if (!confirmed) {
            confirmed = true;
            events.emit('confirmation');
          }
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
    });
  }

  async dispose() {}

  /** The stream's last revision, -1n when it does not exist. */
  private revisionOf(streamId: string): bigint {
    let revision = -1n;
    for (const row of this.rows) if (row.streamId === streamId) revision = row.revision;
    return revision;
  }

  private write(streamId: string, events: { id: string; type: string; data: unknown; metadata?: unknown }[]): Row {
    let revision = this.revisionOf(streamId);
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

  private assertUp(): void {
    if (this.outage) throw new UnavailableError(undefined, 'connection refused');
  }
}
