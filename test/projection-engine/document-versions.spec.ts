import fc from 'fast-check';
import { applyEvents, type DocumentVersion, reviseVersions, type VersionTable } from '../../src/core/document-versions';
import type { StoredEvent } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';

/** Sums `amount` per key: a delta that commutes, as the projection contract asks. */
const sums: Projection<{ total: number }> = {
  name: 'sums',
  version: 1,
  eventTypes: ['Added'],
  collections: { sums: {} },
  documentsOf: (event) => [{ collection: 'sums', id: String(event.data.key) }],
  evolve: (doc, event) => ({ total: (doc?.total ?? 0) + Number(event.data.amount) }),
};

interface Row {
  key: string;
  validFrom: string;
  doc: unknown;
  knownFrom: number;
  knownUntil: number | null;
}

/** The simplest possible table: an array of rows. */
function arrayTable(rows: Row[]): VersionTable {
  const current = (key: string) =>
    rows.filter((r) => r.key === key && r.knownUntil === null).sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return {
    versionsFrom(ref, date) {
      const all = current(ref.id);
      const before = all.filter((r) => r.validFrom < date).pop();
      return all
        .filter((r) => r === before || r.validFrom >= date)
        .map((r): DocumentVersion => ({ validFrom: r.validFrom, doc: r.doc }));
    },
    supersede(ref, validFrom, position) {
      current(ref.id).find((r) => r.validFrom === validFrom)!.knownUntil = position;
    },
    insert(ref, version, position) {
      rows.push({ key: ref.id, validFrom: version.validFrom, doc: version.doc, knownFrom: position, knownUntil: null });
    },
  };
}

function inForce(rows: Row[], key: string, asOf: string, knownAt: number): unknown {
  const alive = rows.filter(
    (r) =>
      r.key === key &&
      r.validFrom <= asOf &&
      r.knownFrom <= knownAt &&
      (r.knownUntil === null || r.knownUntil > knownAt),
  );
  return alive.sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0]?.doc ?? null;
}

const dates = ['2024-01-01', '2024-01-15', '2024-02-01', '2024-02-29', '2024-03-10', '2024-06-30'];

const added = fc.record({
  key: fc.constantFrom('a', 'b'),
  amount: fc.integer({ min: -5, max: 5 }),
  occurredOn: fc.constantFrom(...dates),
});

function toEvents(facts: { key: string; amount: number; occurredOn: string }[]): StoredEvent[] {
  return facts.map((fact, i) => ({
    id: `e${i + 1}`,
    streamId: `s-${fact.key}`,
    revision: i,
    position: i + 1,
    type: 'Added',
    data: { occurredOn: fact.occurredOn, key: fact.key, amount: fact.amount },
    metadata: {
      occurredOn: fact.occurredOn,
      recordedAt: '2024-07-01T00:00:00.000Z',
      actor: 'property',
      correlationId: 'c',
      causationId: null,
    },
  }));
}

/** The answer by definition: replay the events known at `knownAt` and dated on or before `asOf`. */
function replay(events: StoredEvent[], key: string, asOf: string, knownAt: number): unknown {
  const relevant = events.filter((e) => e.data.key === key && e.metadata.occurredOn <= asOf && e.position <= knownAt);
  return relevant.length === 0 ? null : { total: relevant.reduce((sum, e) => sum + Number(e.data.amount), 0) };
}

describe('document versions', () => {
  it('answers every "as of D, as known at P" question as a replay of the events known at P dated up to D', () => {
    fc.assert(
      fc.property(fc.array(added, { maxLength: 25 }), fc.integer({ min: 1, max: 5 }), (facts, batchSize) => {
        const events = toEvents(facts);
        const rows: Row[] = [];
        const table = arrayTable(rows);
        let checkpoint = 0;
        for (let i = 0; i < events.length; i += batchSize) {
          checkpoint = applyEvents(table, sums, events.slice(i, i + batchSize), checkpoint);
        }
        for (const key of ['a', 'b']) {
          for (let knownAt = 0; knownAt <= events.length; knownAt++) {
            for (const asOf of ['2023-12-31', ...dates, '2024-02-10']) {
              const expected = replay(events, key, asOf, knownAt);
              // A sum of zero still exists once an event touched the document.
              expect(inForce(rows, key, asOf, knownAt)).toEqual(expected);
            }
          }
        }
        // Never two current versions of a document on the same date.
        const current = rows.filter((r) => r.knownUntil === null).map((r) => `${r.key}@${r.validFrom}`);
        expect(new Set(current).size).toBe(current.length);
      }),
      { numRuns: 200 },
    );
  });

  it('writes nothing when a version would equal the one before it', () => {
    const change = (doc: { total: number } | null) => ({ total: doc?.total ?? 0 });
    expect(reviseVersions([{ validFrom: '2024-01-01', doc: { total: 0 } }], '2024-02-01', change)).toEqual({
      superseded: [],
      inserted: [],
    });
    // A later version made equal to its predecessor is closed, not rewritten.
    const set = (doc: { tags: string[] } | null) => ({ tags: [...new Set([...(doc?.tags ?? []), 'b'])].sort() });
    expect(
      reviseVersions(
        [
          { validFrom: '2024-01-01', doc: { tags: ['a'] } },
          { validFrom: '2024-03-01', doc: { tags: ['a', 'b'] } },
        ],
        '2024-02-01',
        set,
      ),
    ).toEqual({
      superseded: ['2024-03-01'],
      // With its JSON, so the store need not serialise it again.
      inserted: [{ validFrom: '2024-02-01', doc: { tags: ['a', 'b'] }, json: '{"tags":["a","b"]}' }],
    });
  });
});
