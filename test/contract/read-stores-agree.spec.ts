import fc from 'fast-check';
import type { StoredEvent } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';
import { InMemoryReadStore } from '../../src/infrastructure/memory/in-memory-read-store';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { KEPT_JSON_PER_NAMESPACE, SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';

/**
 * The SQLite store keeps the versions its batches read and write in memory, from one batch to the next (a
 * document's latest few, for the most recently used documents), and writes each batch's rows at its end;
 * the in-memory store reads its rows afresh every time. Over random batches of back-dated events, with a
 * roll-up, both must answer every document on every date, as known at every position, alike.
 */
interface Counter {
  group: string;
  n: number;
}

const counters: Projection<unknown> = {
  name: 'counters',
  version: 1,
  eventTypes: ['Counted', 'Removed'],
  collections: { counters: { indexes: [['group']] }, groups: {} },
  rollUps: [
    {
      from: 'counters',
      into: 'groups',
      groupOf: (c: Counter) => c.group,
      measure: (c: Counter) => ({ n: c.n, counters: 1 }),
    },
  ],
  documentsOf: (event) => [{ collection: 'counters', id: String(event.data.key) }],
  evolve: (doc, event) => {
    if (event.type === 'Removed') return null;
    const counter = doc as Counter | null;
    return { group: String(event.data.group), n: (counter?.n ?? 0) + Number(event.data.n) };
  },
};

const dates = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01'];
const fact = fc.record({
  type: fc.constantFrom('Counted', 'Counted', 'Counted', 'Removed'),
  key: fc.constantFrom('a', 'b', 'c'),
  group: fc.constantFrom('x', 'y'),
  n: fc.integer({ min: 1, max: 3 }),
  date: fc.constantFrom(...dates),
});

type Fact = { type: string; key: string; group: string; n: number; date: string };

function toEvents(facts: Fact[]): StoredEvent[] {
  return facts.map((f, i) => ({
    id: `e${i + 1}`,
    streamId: `s-${f.key}`,
    revision: i,
    position: i + 1,
    type: f.type,
    data: { occurredOn: f.date, key: f.key, group: f.group, n: f.n },
    metadata: {
      occurredOn: f.date,
      recordedAt: '2024-06-01T00:00:00Z',
      actor: 't',
      correlationId: 'c',
      causationId: null,
    },
  }));
}

describe('read stores agree', () => {
  it('SQLite (versions kept between batches, however few) answers as the in-memory store does: documents, listings and series, on every date and position', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fact, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(0, 40, 200, KEPT_JSON_PER_NAMESPACE),
        async (facts, size, keptJson) => {
          const db = openSqliteDatabase({ path: ':memory:' });
          const stores = [new SqliteReadStore(db, { keptJson }), new InMemoryReadStore()];
          const events = toEvents(facts);
          for (const store of stores) {
            await store.prepare('c_v1', counters);
            for (let i = 0; i < events.length; i += size)
              await store.applyBatch('c_v1', counters, events.slice(i, i + size));
          }
          for (let knownAt = 1; knownAt <= events.length; knownAt++) {
            for (const asOf of ['2023-12-31', ...dates]) {
              for (const [collection, id] of [
                ['counters', 'a'],
                ['counters', 'b'],
                ['counters', 'c'],
                ['groups', 'x'],
                ['groups', 'y'],
              ]) {
                const [sqlite, memory] = await Promise.all(
                  stores.map((s) => s.get('c_v1', collection, id, { asOf, knownAt })),
                );
                expect({ collection, id, asOf, knownAt, doc: sqlite }).toEqual({
                  collection,
                  id,
                  asOf,
                  knownAt,
                  doc: memory,
                });
              }
              for (const group of ['x', 'y']) {
                const listed = await Promise.all(
                  stores.map((s) => s.list('c_v1', 'counters', { where: { group }, at: { asOf, knownAt } })),
                );
                expect({ group, asOf, knownAt, listed: listed[0] }).toEqual({
                  group,
                  asOf,
                  knownAt,
                  listed: listed[1],
                });
              }
            }
          }
          for (const collection of ['counters', 'groups']) {
            for (let knownAt = 1; knownAt <= events.length; knownAt++) {
              const series = await Promise.all(stores.map((s) => s.versionsOn('c_v1', collection, { dates, knownAt })));
              expect({ collection, knownAt, series: series[0] }).toEqual({ collection, knownAt, series: series[1] });
            }
          }
          db.close();
        },
      ),
      { numRuns: 100 },
    );
  });
});
