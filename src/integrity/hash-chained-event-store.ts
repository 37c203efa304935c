import {
  type EventStore,
  type EventToAppend,
  type MultiAppendResult,
  type ReadAllOptions,
  type StreamAppend,
  type StoredEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../core/event-store.port';
import { type ChainedMetadata, chainOf, eventHash, GENESIS_HASH } from './event-hash';
import { AppendsAsMultiAppend } from '../core/multi-append';

/** `'any'` appends re-read the stream head and try again this often when another writer got there first. */
const MAX_ANY_ATTEMPTS = 10;

/** Streams whose latest link seen is kept; the least recently used go first past this many. */
export const KEPT_LINKS = 10_000;

/**
 * Wraps any event store so that every event it appends carries `metadata.previousHash` (the hash of the
 * stream's event before it) and `metadata.hash` (its own, see `event-hash.ts`). Works the same over every
 * adapter: it only reads the stream's last event (one event, never the stream) and appends with the exact revision
 * it stamped against.
 *
 * - An exact expected revision n reads only the event at n; if the stream is elsewhere, the inner store
 *   refuses the append (or recognises a re-append), whatever was stamped.
 * - `no_stream` stamps the genesis link without reading.
 * - `any` reads the stream's last event, appends with that exact revision, and re-reads and re-stamps when a
 *   concurrent writer moved the stream meanwhile.
 * - Re-appending events whose ids are stored is answered by the inner store from what it stored (its
 *   contract checks the ids before the revision), so the original result comes back whatever this
 *   attempt stamped, and nothing is written.
 *
 * The link of the latest event read of each stream is kept: a command that read its stream and appends at the
 * revision it read is stamped without reading it again. A stored event never changes, so a kept link is never
 * stale; it is used only for an append expecting exactly its revision. Links are taken from what was read,
 * never from what an append stamped: a re-append is answered with what was stored before, not with this stamp.
 */
export class HashChainedEventStore extends AppendsAsMultiAppend implements EventStore {
  private readonly links = new Map<string, StreamHead>();

  constructor(private readonly inner: EventStore) {
    super();
  }

  /** Each stream's events are chained to that stream's last event, as `append` chains them; conditions pass as given. */
  async appendToStreams(appends: StreamAppend[]): Promise<MultiAppendResult> {
    for (let attempt = 1; ; attempt++) {
      const stamped = await Promise.all(appends.map((append) => this.stamped(append)));
      try {
        return await this.inner.appendToStreams(stamped);
      } catch (error) {
        const movedUnderAny =
          error instanceof WrongExpectedRevisionError &&
          appends.some((a) => a.streamId === error.streamId && a.expectedRevision === 'any' && a.events.length > 0);
        if (movedUnderAny && attempt < MAX_ANY_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async stamped(append: StreamAppend): Promise<StreamAppend> {
    const { streamId, events, expectedRevision } = append;
    if (events.length === 0) return append;
    if (expectedRevision !== 'any') {
      return {
        streamId,
        expectedRevision,
        events: stamp(streamId, events, await this.headOf(streamId, expectedRevision)),
      };
    }
    const head = await this.lastOf(streamId);
    return {
      streamId,
      expectedRevision: head === null ? 'no_stream' : head.revision,
      events: stamp(streamId, events, head),
    };
  }

  async readStream(streamId: string, fromRevision?: number, maxCount?: number): Promise<StoredEvent[]> {
    const events = await this.inner.readStream(streamId, fromRevision, maxCount);
    if (events.length > 0) this.keepLink(streamId, headFrom(events[events.length - 1]));
    return events;
  }

  readLastEvent(streamId: string): Promise<StoredEvent | null> {
    return this.inner.readLastEvent(streamId);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    return this.inner.readAll(options);
  }

  subscribeToAll(after?: number): Subscription {
    return this.inner.subscribeToAll(after);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  positionAt(recordedAt: string): Promise<number> {
    return this.inner.positionAt(recordedAt);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The link an append with this expectation must continue from; genesis when it cannot matter. */
  private async headOf(streamId: string, expected: 'no_stream' | number): Promise<StreamHead | null> {
    if (expected === 'no_stream') return null;
    const kept = this.links.get(streamId);
    if (kept?.revision === expected) return kept;
    const [atExpected] = await this.inner.readStream(streamId, expected, 1);
    // Absent: the inner store refuses the revision (or recognises a re-append); the stamp is never stored.
    return atExpected?.revision === expected ? headFrom(atExpected) : null;
  }

  /** Keeps the latest link seen of a stream (a later revision replaces an earlier one, never the reverse). */
  private keepLink(streamId: string, link: StreamHead): void {
    const kept = this.links.get(streamId);
    if (kept && kept.revision > link.revision) return;
    this.links.delete(streamId);
    this.links.set(streamId, link);
    if (this.links.size > KEPT_LINKS) this.links.delete(this.links.keys().next().value!);
  }

  private async lastOf(streamId: string): Promise<StreamHead | null> {
    const last = await this.inner.readLastEvent(streamId);
    return last === null ? null : headFrom(last);
  }
}

interface StreamHead {
  revision: number;
  hash: string;
}

function headFrom(event: StoredEvent): StreamHead {
  // An event stored before hashing began links as its recomputed hash would: the chain starts again there.
  return { revision: event.revision, hash: chainOf(event)?.hash ?? eventHash(event) };
}

/** The events as they will be stored: each linked to the one before it, and hashed. */
export function stamp(streamId: string, events: EventToAppend[], head: StreamHead | null): EventToAppend[] {
  let previousHash = head?.hash ?? GENESIS_HASH;
  let revision = head === null ? 0 : head.revision + 1;
  return events.map((event) => {
    const { hash: _hash, previousHash: _previous, ...metadata } = event.metadata as Partial<ChainedMetadata>;
    const linked = { ...metadata, previousHash } as Omit<ChainedMetadata, 'hash'>;
    const hash = eventHash({ id: event.id, streamId, revision, type: event.type, data: event.data, metadata: linked });
    previousHash = hash;
    revision += 1;
    return { ...event, metadata: { ...linked, hash } as ChainedMetadata };
  });
}

/** The store every write of the service goes through. */
export function hashChained(store: EventStore): EventStore {
  return store instanceof HashChainedEventStore ? store : new HashChainedEventStore(store);
}
