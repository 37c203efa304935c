import type * as Port from './event-store.port';
import type { EventSchemas, UpcastContext } from './event-schemas';

/**
 * The event store as the service reads and writes it: every event appended is stamped with its type's current
 * schema version, and every event read comes out in its type's current shape (older versions upcast, see
 * `event-schemas.ts`). Deciders, projections, history, exports and the CLI tools read through it, so none of
 * them sees an old shape. What is stored is never changed: tamper evidence (hashes, seals, the log export)
 * reads `storedFormOf(store)`, the events exactly as they were written.
 */
export class UpcastingEventStore implements Port.EventStore {
  constructor(
    readonly stored: Port.EventStore,
    private readonly schemas: EventSchemas,
  ) {}

  append(
    streamId: string,
    events: Port.EventToAppend[],
    expectedRevision: Port.ExpectedRevision,
  ): Promise<Port.AppendResult> {
    return this.stored.append(streamId, events.map(this.versioned), expectedRevision);
  }

  appendToStreams(appends: Port.StreamAppend[]): Promise<Port.MultiAppendResult> {
    return this.stored.appendToStreams(appends.map((a) => ({ ...a, events: a.events.map(this.versioned) })));
  }

  async readStream(streamId: string, fromRevision?: number, maxCount?: number): Promise<Port.StoredEvent[]> {
    return this.currentAll(await this.stored.readStream(streamId, fromRevision, maxCount));
  }

  async readLastEvent(streamId: string): Promise<Port.StoredEvent | null> {
    const last = await this.stored.readLastEvent(streamId);
    return last === null ? null : this.current(last);
  }

  async *readAll(options?: Port.ReadAllOptions): AsyncGenerator<Port.StoredEvent> {
    for await (const event of this.stored.readAll(options)) yield await this.current(event);
  }

  subscribeToAll(after?: number): Port.Subscription {
    const inner = this.stored.subscribeToAll(after);
    const current = (event: Port.StoredEvent) => this.current(event);
    return {
      close: () => inner.close(),
      ...(inner.connection ? { connection: () => inner.connection!() } : {}),
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) yield await current(event);
      },
    };
  }

  headPosition(): Promise<number> {
    return this.stored.headPosition();
  }

  positionAt(recordedAt: string): Promise<number> {
    return this.stored.positionAt(recordedAt);
  }

  close(): Promise<void> {
    return this.stored.close();
  }

  /** Events are written in their type's current version (a version given explicitly is kept: a copy of old events). */
  private readonly versioned = (event: Port.EventToAppend): Port.EventToAppend =>
    event.metadata.schemaVersion !== undefined
      ? event
      : { ...event, metadata: { ...event.metadata, schemaVersion: this.schemas.currentVersion(event.type) } };

  private current(event: Port.StoredEvent): Promise<Port.StoredEvent> | Port.StoredEvent {
    return this.schemas.isCurrent(event) ? event : this.schemas.upcast(event, this.contextOf(event));
  }

  private async currentAll(events: Port.StoredEvent[]): Promise<Port.StoredEvent[]> {
    const current: Port.StoredEvent[] = [];
    for (const event of events) current.push(await this.current(event));
    return current;
  }

  private contextOf(event: Port.StoredEvent): UpcastContext {
    return {
      streamStart: async () =>
        event.revision === 0 ? event : ((await this.stored.readStream(event.streamId, 0, 1))[0] ?? null),
    };
  }
}

export function upcasting(store: Port.EventStore, schemas: EventSchemas): Port.EventStore {
  return store instanceof UpcastingEventStore ? store : new UpcastingEventStore(store, schemas);
}

/** The same log with its events exactly as stored (no upcasting): what hashes and seals are computed over. */
export function storedFormOf(store: Port.EventStore): Port.EventStore {
  return store instanceof UpcastingEventStore ? store.stored : store;
}
