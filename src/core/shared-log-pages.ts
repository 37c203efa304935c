import type { EventStore, StoredEvent } from './event-store.port';

/**
 * The log read page by page, the pages shared by the readers going through it at the same time. Rebuilds
 * started together (every projection, after an upgrade) each read the whole log from the start: with the
 * pages shared, the log is read and its events parsed once rather than once per projection.
 *
 * Memory stays bounded: a page is dropped once every reader has gone past it, and a reader ahead of the
 * slowest waits rather than read more than `keptPages` pages ahead of it (the slowest never waits, so every
 * reader gets to the end). A page shorter than the page size is the log's end as it stood and is never
 * shared: a later reader reads again and sees what was appended since. Events are shared between readers,
 * so a reader must not change them (projections do not).
 */
export class SharedLogPages {
  /** Pages being read or read, by the position they start after. */
  private readonly pages = new Map<number, Promise<StoredEvent[]>>();
  /** Each reader's place: the position after which it reads next. */
  private readonly readers = new Map<symbol, number>();
  private waiting: (() => void)[] = [];

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly pageSize: number,
    private readonly keptPages = 4,
  ) {}

  /** The events after `after`, in log order, to the end of the log. */
  async *readAfter(after: number): AsyncGenerator<StoredEvent> {
    const reader = Symbol('reader');
    this.readers.set(reader, after);
    try {
      for (let from = after; ;) {
        const page = await this.page(reader, from);
        yield* page;
        if (page.length < this.pageSize) return;
        from = page[page.length - 1].position;
        this.moveTo(reader, from);
      }
    } finally {
      this.readers.delete(reader);
      this.moved();
    }
  }

  private async page(reader: symbol, after: number): Promise<StoredEvent[]> {
    for (;;) {
      const shared = this.pages.get(after);
      if (shared) return shared;
      if (this.pages.size < this.keptPages || this.isSlowest(reader)) break;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const page = this.read(after);
    this.pages.set(after, page);
    // A failed read or the log's end is not kept: the next reader tries again and sees what came since.
    page.then(
      (events) => events.length < this.pageSize && this.forget(after, page),
      () => this.forget(after, page),
    );
    return page;
  }

  private isSlowest(reader: symbol): boolean {
    const place = this.readers.get(reader)!;
    for (const other of this.readers.values()) if (other < place) return false;
    return true;
  }

  private moveTo(reader: symbol, after: number): void {
    this.readers.set(reader, after);
    this.moved();
  }

  /** Drops the pages every reader has gone past, and lets the readers that waited look again. */
  private moved(): void {
    const slowest = Math.min(...this.readers.values());
    for (const after of [...this.pages.keys()]) if (after < slowest) this.pages.delete(after);
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  private forget(after: number, page: Promise<StoredEvent[]>): void {
    if (this.pages.get(after) === page) this.pages.delete(after);
  }

  private async read(after: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const event of this.store.readAll({ after, batchSize: this.pageSize, limit: this.pageSize })) {
      events.push(event);
    }
    return events;
  }
}
