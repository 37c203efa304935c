import { randomUUID } from 'node:crypto';
import type { EventStore, ReadAllOptions, StoredEvent } from '../../src/core/event-store.port';
import { SharedLogPages } from '../../src/core/shared-log-pages';
import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';

const PAGE = 10;

/** An event store that counts the pages read from it. */
class CountingStore {
  pagesRead = 0;
  constructor(readonly inner: EventStore) {}
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    this.pagesRead += 1;
    return this.inner.readAll(options);
  }
}

async function logOf(events: number): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  for (let i = 0; i < events; i++) await append(store, i);
  return store;
}

async function append(store: EventStore, i: number): Promise<void> {
  const metadata = {
    occurredOn: '2024-01-01',
    recordedAt: '2024-01-01T00:00:00.000Z',
    actor: 'test',
    correlationId: 'c',
    causationId: null,
  };
  await store.append(`s-${i % 7}`, [{ id: randomUUID(), type: 'Counted', data: { i }, metadata }], 'any');
}

/** Reads to the end, yielding to the others after each event as a rebuild does between batches. */
async function readAllOf(pages: SharedLogPages, after = 0, pause = 0): Promise<number[]> {
  const positions: number[] = [];
  for await (const event of pages.readAfter(after)) {
    positions.push(event.position);
    if (pause > 0 && positions.length % pause === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return positions;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('SharedLogPages: the log read once for the rebuilds that run together', () => {
  it('gives every reader the whole log in order, reading each full page from the store once', async () => {
    const store = new CountingStore(await logOf(95));
    const pages = new SharedLogPages(store, PAGE, 2);
    // One reader much slower than the others: the fast ones wait rather than read ahead of it.
    const read = await Promise.all([readAllOf(pages, 0, 1), readAllOf(pages, 0, 50), readAllOf(pages)]);
    for (const positions of read) expect(positions).toEqual(range(1, 95));
    // Nine full pages, read once; the last, short one is the log's end, which each reader may read again.
    expect(store.pagesRead).toBeGreaterThanOrEqual(10);
    expect(store.pagesRead).toBeLessThanOrEqual(9 + 3);
  });

  it('reads apart what readers starting elsewhere need, and each still gets to the end', async () => {
    const store = new CountingStore(await logOf(60));
    const pages = new SharedLogPages(store, PAGE, 2);
    const [fromStart, fromMiddle] = await Promise.all([readAllOf(pages, 0, 3), readAllOf(pages, 35, 1)]);
    expect(fromStart).toEqual(range(1, 60));
    expect(fromMiddle).toEqual(range(36, 60));
  });

  it('does not keep the log’s end: a later reader sees what was appended since', async () => {
    const inner = await logOf(25);
    const pages = new SharedLogPages(inner, PAGE);
    expect(await readAllOf(pages)).toEqual(range(1, 25));
    await append(inner, 25);
    await append(inner, 26);
    expect(await readAllOf(pages)).toEqual(range(1, 27));
  });

  it('keeps no page once no reader is left, and passes a failed read on to the reader', async () => {
    const store = new CountingStore(await logOf(40));
    const pages = new SharedLogPages(store, PAGE);
    const first = pages.readAfter(0);
    await first.next();
    await first.return(undefined);
    expect(await readAllOf(pages)).toEqual(range(1, 40));
    expect(store.pagesRead).toBe(1 + 5);

    const failing = new SharedLogPages(
      {
        // eslint-disable-next-line require-yield
        readAll: async function* () {
          throw new Error('the store is away');
        },
      },
      PAGE,
    );
    await expect(readAllOf(failing)).rejects.toThrow('the store is away');
  });
});
