import type { StoredEvent } from './event-store.port';

/**
 * Events are kept for decades and their shapes change. Every event type has a schema version, stored in each
 * event's `metadata.schemaVersion` (absent = 1, which every event written before versions existed is). An
 * upcaster turns version n of a type's `data` into version n + 1; a type's upcasters are chained, so any stored
 * version is read in the current shape. The stored bytes never change: hashes are always computed over the
 * event as stored (see `storedFormOf` in `upcasting-event-store.ts`).
 */

/**
 * What an upcaster may read besides the event itself: the first event of its own stream, as stored — the fact
 * that created the entity (a grant, a founding, a registration), which is where a field added later is found.
 * Kept this narrow so that a reader going through the log in order (the offline inspector) can answer it too.
 */
export interface UpcastContext {
  streamStart(): Promise<StoredEvent | null>;
}

export type EventData = Record<string, unknown>;

/** Turns `data` of version `from` into version `from + 1`. */
export interface Upcaster {
  from: number;
  upcast(data: EventData, event: StoredEvent, context: UpcastContext): EventData | Promise<EventData>;
}

/** One event type's current version and the upcasters that lead to it (one per older version). */
export interface EventSchema {
  type: string;
  currentVersion: number;
  upcasters: Upcaster[];
}

export class EventSchemas {
  private readonly byType = new Map<string, EventSchema>();

  constructor(schemas: readonly EventSchema[]) {
    for (const schema of schemas) {
      if (this.byType.has(schema.type)) throw new Error(`event type ${schema.type} has two schema entries`);
      for (let version = 1; version < schema.currentVersion; version++) {
        if (!schema.upcasters.some((u) => u.from === version)) {
          throw new Error(`event type ${schema.type} has no upcaster from version ${version} to ${version + 1}`);
        }
      }
      this.byType.set(schema.type, schema);
    }
  }

  /** The version an event of this type is written in today; 1 for a type whose shape never changed. */
  currentVersion(type: string): number {
    return this.byType.get(type)?.currentVersion ?? 1;
  }

  /** True when the event is stored in its type's current shape. */
  isCurrent(event: StoredEvent): boolean {
    return schemaVersionOf(event) >= this.currentVersion(event.type);
  }

  /** The event in the current shape of its type: the same object when it is already current. */
  async upcast(event: StoredEvent, context: UpcastContext): Promise<StoredEvent> {
    const schema = this.byType.get(event.type);
    const stored = schemaVersionOf(event);
    if (!schema || stored >= schema.currentVersion) return event;
    let data: EventData = event.data;
    for (let version = stored; version < schema.currentVersion; version++) {
      data = await schema.upcasters.find((u) => u.from === version)!.upcast(data, event, context);
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: schema.currentVersion } };
  }
}

/**
 * Upcasts events read in log order without a store to ask (an export file): remembers the first event of each
 * stream, which is all an upcaster may read.
 */
export class InOrderUpcaster {
  private readonly starts = new Map<string, StoredEvent>();

  constructor(private readonly schemas: EventSchemas) {}

  async current(event: StoredEvent): Promise<StoredEvent> {
    if (event.revision === 0) this.starts.set(event.streamId, event);
    if (this.schemas.isCurrent(event)) return event;
    return this.schemas.upcast(event, { streamStart: async () => this.starts.get(event.streamId) ?? null });
  }
}

/** The version an event was stored in: events written before versions existed are version 1. */
export function schemaVersionOf(event: Pick<StoredEvent, 'metadata'>): number {
  return event.metadata.schemaVersion ?? 1;
}
