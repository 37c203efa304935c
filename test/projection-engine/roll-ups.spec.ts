import fc from 'fast-check';
import { applyEvents, type DocumentVersion, type VersionTable } from '../../src/core/document-versions';
import type { StoredEvent } from '../../src/core/event-store.port';
import { assertValidProjection, type Projection } from '../../src/core/projection';
import type { RollUpDoc } from '../../src/core/roll-ups';

/**
 * A roll-up must always equal the sum it stands for: on every date, as known at every position, a group's
 * document holds the sum of its sources' measures on that date, and the moves of sources in and out of it
 * up to that date — whatever order the (back-dated) events arrived in.
 */

interface Member {
  group: string;
  groupSince: string;
  amount: number;
}

const members: Projection<Member | RollUpDoc> = {
  name: 'members',
  version: 1,
  eventTypes: ['Added', 'Moved'],
  collections: { members: {}, groups: {} },
  rollUps: [
    {
      from: 'members',
      into: 'groups',
      groupOf: (member: Member) => member.group,
      measure: (member: Member) => ({ amount: member.amount, members: 1 }),
    },
  ],
  documentsOf: (event) => [{ collection: 'members', id: String(event.data.key) }],
  evolve: (doc, event) => {
    const member = doc as Member | null;
    const date = event.metadata.occurredOn;
    if (event.type === 'Added') {
      const amount = Number(event.data.amount);
      return member ? { ...member, amount: member.amount + amount } : { group: 'a', groupSince: '0000-01-01', amount };
    }
    // Latest move by date wins, as a union's transfer does.
    if (!member || date < member.groupSince) return member;
    return { ...member, group: String(event.data.group), groupSince: date };
  },
};

interface Row {
  collection: string;
  id: string;
  validFrom: string;
  doc: unknown;
  knownFrom: number;
  knownUntil: number | null;
}

function arrayTable(rows: Row[]): VersionTable {
  const current = (collection: string, id: string) =>
    rows
      .filter((r) => r.collection === collection && r.id === id && r.knownUntil === null)
      .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return {
    versionsFrom(ref, date) {
      const all = current(ref.collection, ref.id);
      const before = all.filter((r) => r.validFrom < date).pop();
      return all
        .filter((r) => r === before || r.validFrom >= date)
        .map((r): DocumentVersion => ({ validFrom: r.validFrom, doc: r.doc }));
    },
    supersede(ref, validFrom, position) {
      current(ref.collection, ref.id).find((r) => r.validFrom === validFrom)!.knownUntil = position;
    },
    insert(ref, version, position) {
      rows.push({ ...ref, validFrom: version.validFrom, doc: version.doc, knownFrom: position, knownUntil: null });
    },
  };
}

/** The versions of a document that were current once the event at `knownAt` was applied. */
function versionsKnownAt(rows: Row[], collection: string, id: string, knownAt: number): Row[] {
  return rows
    .filter(
      (r) =>
        r.collection === collection &&
        r.id === id &&
        r.knownFrom <= knownAt &&
        (r.knownUntil === null || r.knownUntil > knownAt),
    )
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
}

function inForce(rows: Row[], collection: string, id: string, asOf: string, knownAt: number): unknown {
  return (
    versionsKnownAt(rows, collection, id, knownAt)
      .filter((r) => r.validFrom <= asOf)
      .pop()?.doc ?? null
  );
}

const dates = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01'];
const keys = ['m1', 'm2', 'm3'];
const groups = ['a', 'b', 'c'];

const fact = fc.oneof(
  fc.record({
    type: fc.constant('Added'),
    key: fc.constantFrom(...keys),
    amount: fc.integer({ min: -3, max: 5 }),
    date: fc.constantFrom(...dates),
  }),
  fc.record({
    type: fc.constant('Moved'),
    key: fc.constantFrom(...keys),
    group: fc.constantFrom(...groups),
    date: fc.constantFrom(...dates),
  }),
);

type Fact = { type: string; key: string; date: string; amount?: number; group?: string };

function toEvents(facts: Fact[]): StoredEvent[] {
  return facts.map((f, i) => ({
    id: `e${i + 1}`,
    streamId: `s-${f.key}`,
    revision: i,
    position: i + 1,
    type: f.type,
    data: { occurredOn: f.date, key: f.key, amount: f.amount ?? 0, group: f.group ?? 'a' },
    metadata: {
      occurredOn: f.date,
      recordedAt: '2024-07-01T00:00:00.000Z',
      actor: 'property',
      correlationId: 'c',
      causationId: null,
    },
  }));
}

/** The moves the sources' own versions show, as known at a position: [source, date] per group. */
function expectedMoves(rows: Row[], knownAt: number, group: string, asOf: string): [string, string][] {
  const moves: [string, string][] = [];
  for (const key of keys) {
    const versions = versionsKnownAt(rows, 'members', key, knownAt);
    for (let i = 1; i < versions.length; i++) {
      const [before, after] = [versions[i - 1].doc as Member | null, versions[i].doc as Member | null];
      if (!before || !after || before.group === after.group) continue;
      if ((before.group === group || after.group === group) && versions[i].validFrom <= asOf) {
        moves.push([key, versions[i].validFrom]);
      }
    }
  }
  return moves.sort((x, y) => (x[1] + x[0] < y[1] + y[0] ? -1 : 1));
}

describe('roll-ups kept by the projection engine', () => {
  it('a projection naming a roll-up collection it does not declare is refused', () => {
    expect(() => assertValidProjection({ ...members, collections: { members: {} } } as Projection)).toThrow(
      /roll-up names collection 'groups'/,
    );
  });

  it('a group document equals the sum over its sources on every date, as known at every position', () => {
    fc.assert(
      fc.property(fc.array(fact, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 4 }), (facts, batch) => {
        const rows: Row[] = [];
        const table = arrayTable(rows);
        const events = toEvents(facts);
        let checkpoint = 0;
        for (let i = 0; i < events.length; i += batch) {
          checkpoint = applyEvents(table, members, events.slice(i, i + batch), checkpoint);
        }
        for (let knownAt = 1; knownAt <= events.length; knownAt++) {
          for (const asOf of ['2023-12-31', ...dates, '2024-12-31']) {
            for (const group of groups) {
              let amount = 0;
              let count = 0;
              for (const key of keys) {
                const member = inForce(rows, 'members', key, asOf, knownAt) as Member | null;
                if (member && member.group === group) {
                  amount += member.amount;
                  count += 1;
                }
              }
              const doc = inForce(rows, 'groups', group, asOf, knownAt) as RollUpDoc | null;
              expect({ amount: doc?.counts.amount ?? 0, members: doc?.counts.members ?? 0 }).toEqual({
                amount,
                members: count,
              });
              expect(doc?.moves ?? []).toEqual(expectedMoves(rows, knownAt, group, asOf));
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a back-dated move takes the source out of one group and into another only from its date', () => {
    const rows: Row[] = [];
    const table = arrayTable(rows);
    const events = toEvents([
      { type: 'Added', key: 'm1', amount: 2, date: '2024-01-01' },
      { type: 'Added', key: 'm1', amount: 3, date: '2024-03-01' },
      { type: 'Moved', key: 'm1', group: 'b', date: '2024-02-01' },
    ]);
    applyEvents(table, members, events, 0);
    const group = (id: string, asOf: string) => inForce(rows, 'groups', id, asOf, 3) as RollUpDoc | null;
    expect(group('a', '2024-01-15')).toEqual({ counts: { amount: 2, members: 1 }, moves: [] });
    expect(group('a', '2024-02-15')).toEqual({ counts: {}, moves: [['m1', '2024-02-01']] });
    expect(group('b', '2024-03-15')).toEqual({ counts: { amount: 5, members: 1 }, moves: [['m1', '2024-02-01']] });
    // As known before the move: m1 was in `a` all along.
    expect(inForce(rows, 'groups', 'a', '2024-03-15', 2)).toEqual({ counts: { amount: 5, members: 1 }, moves: [] });
  });
});
