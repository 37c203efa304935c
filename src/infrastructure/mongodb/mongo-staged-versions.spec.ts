import type { AnyBulkWriteOperation } from 'mongodb';
import { applyEvents, applyEventsAsync, type DocumentVersion, type VersionTable } from '../../core/document-versions';
import type { StoredEvent } from '../../core/event-store.port';
import type { DocumentRef, Projection } from '../../core/projection';
import { type CurrentVersionLoader, StagedVersionTable } from './mongo-staged-versions';
import type { VersionRow } from './mongo-version-rows';

/** Counters per key; `Removed` deletes. Each event may touch two documents. */
const counters: Projection<{ n: number }> = {
  name: 'counters',
  version: 1,
  eventTypes: ['Counted', 'Removed'],
  collections: { counters: {} },
  documentsOf: (event) => (event.data.keys as string[]).map((id) => ({ collection: 'counters', id })),
  evolve: (doc, event) => (event.type === 'Removed' ? null : { n: (doc?.n ?? 0) + Number(event.data.n) }),
};

/** The same counters summed by parity: a roll-up whose sources move between groups as they count. */
const countersByParity: Projection<unknown> = {
  ...(counters as Projection<unknown>),
  collections: { counters: {}, parities: {} },
  rollUps: [
    {
      from: 'counters',
      into: 'parities',
      groupOf: (doc: { n: number }) => (doc.n % 2 === 0 ? 'even' : 'odd'),
      measure: (doc: { n: number }) => ({ n: doc.n, counters: 1 }),
    },
  ],
};

function event(position: number, type: string, keys: string[], occurredOn: string, n = 1): StoredEvent {
  return {
    id: `e${position}`,
    streamId: 's',
    revision: 0,
    position,
    type,
    data: { keys, n },
    metadata: { occurredOn, recordedAt: '2024-06-01T00:00:00.000Z', actor: 't', correlationId: 'c', causationId: null },
  };
}

/** The rows as a database holds them, with the two ways of writing to them. */
class RowArray {
  rows: VersionRow[] = [];
  loads: { id: string; below: string | null; date: string }[] = [];

  private current(ref: Pick<DocumentRef, 'collection' | 'id'>): VersionRow[] {
    return this.rows
      .filter((row) => row.collection === ref.collection && row.id === ref.id && row.current)
      .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  }

  /** The reference: the shared algorithm writing row by row, as the SQLite store does. */
  direct(): VersionTable {
    return {
      versionsFrom: (ref, date) => {
        const current = this.current(ref);
        const before = current.filter((row) => row.validFrom < date).pop();
        return current.filter((row) => row === before || row.validFrom >= date).map(versionOf);
      },
      supersede: (ref, validFrom, position) => {
        const row = this.current(ref).find((r) => r.validFrom === validFrom)!;
        row.knownUntil = position;
        row.current = false;
      },
      insert: (ref, { validFrom, doc }, position) => {
        this.rows.push({ ...ref, validFrom, doc, knownFrom: position, knownUntil: null, current: true } as VersionRow);
      },
    };
  }

  /** What the MongoDB read store's loader query returns. */
  loader(): CurrentVersionLoader {
    return async (ref, below, date) => {
      this.loads.push({ id: ref.id, below, date });
      const newestFirst = this.current(ref)
        .filter((row) => below === null || row.validFrom < below)
        .reverse();
      const versions: DocumentVersion[] = [];
      for (const row of newestFirst) {
        versions.push(versionOf(row));
        if (row.validFrom < date) break;
      }
      return versions.reverse();
    };
  }

  /** An ordered bulk write of the operations `writes()` produces. */
  bulkWrite(operations: AnyBulkWriteOperation<VersionRow>[]): number {
    let matched = 0;
    for (const operation of operations) {
      if ('updateOne' in operation) {
        const { collection, id, validFrom } = operation.updateOne.filter as VersionRow;
        const row = this.rows.find(
          (r) => r.collection === collection && r.id === id && r.validFrom === validFrom && r.current,
        );
        if (!row) continue;
        matched += 1;
        Object.assign(row, (operation.updateOne.update as { $set: Partial<VersionRow> }).$set);
      } else if ('insertOne' in operation) {
        const row = operation.insertOne.document as VersionRow;
        if (row.current && this.current(row).some((r) => r.validFrom === row.validFrom)) {
          throw new Error(`duplicate current version ${row.id} ${row.validFrom}`);
        }
        this.rows.push(row);
      } else {
        throw new Error('unexpected operation');
      }
    }
    return matched;
  }
}

function versionOf(row: VersionRow): DocumentVersion {
  return { validFrom: row.validFrom, doc: row.doc === null ? null : JSON.parse(JSON.stringify(row.doc)) };
}

function sorted(rows: VersionRow[]) {
  const key = (r: VersionRow) => `${r.collection} ${r.id} ${r.validFrom} ${String(r.knownFrom).padStart(6, '0')}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((r) => ({ ...r }));
}

async function applyStaged(
  store: RowArray,
  events: StoredEvent[],
  checkpoint: number,
  projection: Projection<unknown> = counters as Projection<unknown>,
): Promise<number> {
  const table = new StagedVersionTable(store.loader());
  const next = await applyEventsAsync(table, projection, events, checkpoint);
  expect(store.bulkWrite(table.writes())).toBe(table.supersededCount);
  return next;
}

describe('StagedVersionTable', () => {
  it.each([
    ['', counters as Projection<unknown>],
    [', roll-ups included', countersByParity],
  ])(
    'writes the same rows as the shared algorithm applied row by row, over many random batches%s',
    async (_, projection) => {
      let seed = 42;
      // A linear congruential generator, read from its high bits (the low ones repeat too soon).
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return Math.floor((seed / 2 ** 31) * n);
      };
      const dates = ['2024-01-01', '2024-01-15', '2024-02-01', '2024-02-20', '2024-03-01', '2024-04-01'];
      const ids = ['a', 'b', 'c'];
      for (let round = 0; round < 30; round++) {
        const staged = new RowArray();
        const direct = new RowArray();
        let position = 0;
        let checkpoint = 0;
        for (let batch = 0; batch < 5; batch++) {
          const events = Array.from({ length: 1 + random(8) }, () => {
            const keys = random(3) === 0 ? [ids[random(3)], ids[random(3)]] : [ids[random(3)]];
            return event(++position, random(6) === 0 ? 'Removed' : 'Counted', keys, dates[random(6)], 1 + random(3));
          });
          checkpoint = await applyStaged(staged, events, checkpoint, projection);
          applyEvents(direct.direct(), projection, events, checkpoint - events.length);
          expect(sorted(staged.rows)).toEqual(sorted(direct.rows));
        }
      }
    },
  );

  it('reads a document once per batch, and only further back when an earlier-dated event needs it', async () => {
    const store = new RowArray();
    await applyStaged(store, [event(1, 'Counted', ['a'], '2024-01-01'), event(2, 'Counted', ['a'], '2024-02-01')], 0);
    expect(store.loads).toEqual([{ id: 'a', below: null, date: '2024-01-01' }]);

    store.loads = [];
    await applyStaged(
      store,
      [
        event(3, 'Counted', ['a'], '2024-03-01'),
        event(4, 'Counted', ['a'], '2024-02-15'),
        event(5, 'Counted', ['a'], '2024-01-10'),
        event(6, 'Counted', ['a'], '2023-12-01'),
      ],
      2,
    );
    // 2024-03-01 reads back to the version of 2024-02-01; 2024-02-15 is covered; 2024-01-10 needs the
    // version of 2024-01-01; 2023-12-01 finds nothing earlier.
    expect(store.loads).toEqual([
      { id: 'a', below: null, date: '2024-03-01' },
      { id: 'a', below: '2024-02-01', date: '2024-01-10' },
      { id: 'a', below: '2024-01-01', date: '2023-12-01' },
    ]);
    const current = store.rows.filter((row) => row.current).map((row) => [row.validFrom, row.doc]);
    expect(current.sort()).toEqual([
      ['2023-12-01', { n: 1 }],
      ['2024-01-01', { n: 2 }],
      ['2024-01-10', { n: 3 }],
      ['2024-02-01', { n: 4 }],
      ['2024-02-15', { n: 5 }],
      ['2024-03-01', { n: 6 }],
    ]);
  });

  it('closes stored rows before inserting, and writes a row inserted then superseded in the batch as closed', async () => {
    const store = new RowArray();
    await applyStaged(store, [event(1, 'Counted', ['a'], '2024-01-01')], 0);
    const table = new StagedVersionTable(store.loader());
    await applyEventsAsync(
      table,
      counters,
      [event(2, 'Counted', ['a'], '2024-01-01'), event(3, 'Counted', ['a'], '2024-01-01')],
      1,
    );
    expect(table.writes()).toEqual([
      {
        updateOne: {
          filter: { collection: 'counters', id: 'a', validFrom: '2024-01-01', current: true },
          update: { $set: { current: false, knownUntil: 2 } },
        },
      },
      {
        insertOne: {
          document: expect.objectContaining({ knownFrom: 2, knownUntil: 3, current: false, doc: { n: 2 } }),
        },
      },
      {
        insertOne: {
          document: expect.objectContaining({ knownFrom: 3, knownUntil: null, current: true, doc: { n: 3 } }),
        },
      },
    ]);
    expect(table.supersededCount).toBe(1);
  });

  it('stores documents as their JSON, and hands each reader its own copy', async () => {
    const store = new RowArray();
    const table = new StagedVersionTable(store.loader());
    const ref = { collection: 'counters', id: 'a' };
    await table.versionsFrom(ref, '2024-01-01');
    await table.insert(ref, { validFrom: '2024-01-01', doc: { n: 1, gone: undefined, when: new Date(0) } }, 1);
    const [first] = await table.versionsFrom(ref, '2024-01-01');
    (first.doc as { n: number }).n = 99;
    const [again] = await table.versionsFrom(ref, '2024-01-01');
    expect(again.doc).toEqual({ n: 1, when: '1970-01-01T00:00:00.000Z' });
    const [insert] = table.writes();
    expect(insert).toEqual({ insertOne: { document: expect.objectContaining({ doc: again.doc }) } });
  });

  it('refuses a change to a document whose versions were not read first', async () => {
    const table = new StagedVersionTable(new RowArray().loader());
    await expect(
      table.insert({ collection: 'counters', id: 'a' }, { validFrom: '2024-01-01', doc: {} }, 1),
    ).rejects.toThrow(/before its versions were read/);
  });
});
