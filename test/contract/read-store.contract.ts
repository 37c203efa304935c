import type { StoredEvent } from '../../src/core/event-store.port';
import { type Projection, ProjectionEventFailed } from '../../src/core/projection';
import {
  LiveNamespaceDropRefused,
  type ReadStore,
  UnknownNamespace,
  type VersionsOnQuery,
} from '../../src/core/read-store.port';

/** A tally per key: `Counted` adds `n`, `Removed` deletes, `Poisoned` makes evolve throw. */
interface Tally {
  count: number;
  group: string;
}

const tallies: Projection<Tally> = {
  name: 'tallies',
  version: 1,
  eventTypes: ['Counted', 'Removed', 'Poisoned', 'TargetSet'],
  collections: { tallies: { indexes: [['group']] }, targets: {} },
  documentsOf(event) {
    const key = String(event.data.key);
    if (event.type === 'TargetSet') {
      // A yearly target recorded in December applies from 1 January of its year.
      return [{ collection: 'targets', id: key, validFrom: `${String(event.data.year)}-01-01` }];
    }
    return [{ collection: 'tallies', id: key }];
  },
  evolve(doc, event) {
    switch (event.type) {
      case 'Counted':
        return { group: String(event.data.group ?? 'none'), count: (doc?.count ?? 0) + Number(event.data.n ?? 1) };
      case 'TargetSet':
        return { group: 'target', count: Number(event.data.n) };
      case 'Removed':
        return null;
      case 'Poisoned':
        throw new Error('this event cannot be applied');
      default:
        return doc;
    }
  },
};

const other: Projection<{ seen: number }> = {
  name: 'other',
  version: 1,
  eventTypes: ['Counted'],
  collections: { seen: {} },
  documentsOf: () => [{ collection: 'seen', id: 'all' }],
  evolve: (doc) => ({ seen: (doc?.seen ?? 0) + 1 }),
};

function at(position: number, type: string, data: Record<string, unknown>, occurredOn = '2024-01-10'): StoredEvent {
  return {
    id: `event-${position}`,
    streamId: `tally-${String(data.key ?? 'x')}`,
    revision: 0,
    position,
    type,
    data: { occurredOn, ...data },
    metadata: {
      occurredOn,
      recordedAt: '2024-06-01T02:00:00.000Z',
      actor: 'contract-test',
      correlationId: `c-${position}`,
      causationId: null,
    },
  };
}

const count = (doc: Tally | null) => doc?.count ?? null;

/** Stores whatever document the event carries: for checking what survives a round trip through the store. */
const mirror: Projection = {
  name: 'mirror',
  version: 1,
  eventTypes: ['Mirrored'],
  collections: { mirrors: {} },
  documentsOf: (event) => [{ collection: 'mirrors', id: String(event.data.key) }],
  evolve: (_doc, event) => event.data.doc as unknown,
};

/** `tallies` with a roll-up: each group's tallies summed per date, kept by the engine. */
const groupedTallies: Projection<unknown> = {
  ...(tallies as Projection<unknown>),
  name: 'grouped',
  collections: { ...tallies.collections, groups: {} },
  rollUps: [
    {
      from: 'tallies',
      into: 'groups',
      groupOf: (t: Tally) => t.group,
      measure: (t: Tally) => ({ count: t.count, tallies: 1 }),
    },
  ],
};

/** The next version of `tallies`, as a rebuild brings it: every count weighs double. */
const doubledTallies: Projection<Tally> = {
  ...tallies,
  version: 2,
  evolve(doc, event, ref) {
    const next = tallies.evolve(doc, event, ref);
    return next && event.type === 'Counted'
      ? { ...next, count: (doc?.count ?? 0) + 2 * Number(event.data.n ?? 1) }
      : next;
  },
};

/**
 * The one suite every read-store adapter must pass. `makeStore` returns a fresh, empty store.
 */
export function readStoreContract(adapter: string, makeStore: () => Promise<ReadStore>): void {
  describe(`ReadStore contract: ${adapter}`, () => {
    let store: ReadStore;
    const ns = 'tallies_v1';
    beforeEach(async () => {
      store = await makeStore();
      await store.prepare(ns, tallies);
    });

    it('applies events and reads documents back, with the checkpoint of the last event', async () => {
      expect(await store.checkpoint(ns)).toBe(0);
      const checkpoint = await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'a', n: 2 }),
        at(2, 'Counted', { key: 'a', n: 3 }),
        at(3, 'Counted', { key: 'b' }),
      ]);
      expect(checkpoint).toBe(3);
      expect(await store.checkpoint(ns)).toBe(3);
      expect(await store.get<Tally>(ns, 'tallies', 'a')).toEqual({ group: 'none', count: 5 });
      expect(count(await store.get<Tally>(ns, 'tallies', 'b'))).toBe(1);
      expect(await store.get(ns, 'tallies', 'missing')).toBeNull();
      expect(await store.get(ns, 'targets', 'a')).toBeNull();
    });

    it('prepares idempotently and refuses a namespace holding another projection', async () => {
      await store.applyBatch(ns, tallies, [at(1, 'Counted', { key: 'a' })]);
      await store.prepare(ns, tallies);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(1);
      await expect(store.prepare(ns, other)).rejects.toThrow(/tallies/);
      await expect(store.applyBatch(ns, other, [at(2, 'Counted', { key: 'a' })])).rejects.toThrow(/tallies/);
    });

    it('keeps versions by business date: a back-dated event inserts a version and changes every later one', async () => {
      await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'a', n: 1 }, '2024-01-10'),
        at(2, 'Counted', { key: 'a', n: 1 }, '2024-03-01'),
      ]);
      // Recorded later, dated between the two.
      await store.applyBatch(ns, tallies, [at(3, 'Counted', { key: 'a', n: 10 }, '2024-02-01')]);

      const asOf = async (date?: string) =>
        count(await store.get<Tally>(ns, 'tallies', 'a', date ? { asOf: date } : undefined));
      expect(await asOf('2023-12-31')).toBeNull();
      expect(await asOf('2024-01-10')).toBe(1);
      expect(await asOf('2024-01-31')).toBe(1);
      expect(await asOf('2024-02-01')).toBe(11);
      expect(await asOf('2024-02-29')).toBe(11);
      expect(await asOf('2024-03-01')).toBe(12);
      expect(await asOf()).toBe(12);
    });

    it('applies an event dated on an existing version to that version and the later ones', async () => {
      await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'a', n: 1 }, '2024-01-10'),
        at(2, 'Counted', { key: 'a', n: 1 }, '2024-03-01'),
        at(3, 'Counted', { key: 'a', n: 5 }, '2024-01-10'),
        at(4, 'Counted', { key: 'a', n: 100 }, '2023-06-01'),
      ]);
      const asOf = async (date: string) => count(await store.get<Tally>(ns, 'tallies', 'a', { asOf: date }));
      expect(await asOf('2023-06-01')).toBe(100);
      expect(await asOf('2024-01-09')).toBe(100);
      expect(await asOf('2024-01-10')).toBe(106);
      expect(await asOf('2024-03-01')).toBe(107);
    });

    it('answers "as known at" a position: what was current then, before a later back-dated correction', async () => {
      await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'a', n: 1 }, '2024-01-10'),
        at(2, 'Counted', { key: 'a', n: 1 }, '2024-03-01'),
        at(3, 'Counted', { key: 'other' }, '2024-03-02'),
        at(4, 'Counted', { key: 'a', n: 10 }, '2024-02-01'),
      ]);
      const read = async (asOf: string | undefined, knownAt: number) =>
        count(await store.get<Tally>(ns, 'tallies', 'a', { asOf, knownAt }));
      expect(await read(undefined, 0)).toBeNull();
      expect(await read(undefined, 1)).toBe(1);
      expect(await read('2024-03-31', 2)).toBe(2);
      expect(await read('2024-03-31', 3)).toBe(2);
      expect(await read('2024-02-15', 3)).toBe(1);
      expect(await read('2024-02-15', 4)).toBe(11);
      expect(await read('2024-03-31', 4)).toBe(12);
      expect(await read('2024-03-31', 1000)).toBe(12);
      expect(await read('2024-01-09', 4)).toBeNull();

      await store.applyBatch(ns, tallies, [at(5, 'Removed', { key: 'a' }, '2024-02-15')]);
      expect(await read('2024-03-31', 4)).toBe(12);
      expect(await read('2024-03-31', 5)).toBeNull();
      expect(await read('2024-02-01', 5)).toBe(11);
    });

    it('deletes a document from the date evolve returns null, keeping it for earlier dates', async () => {
      await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'a' }, '2024-01-10'),
        at(2, 'Counted', { key: 'b' }, '2024-01-10'),
        at(3, 'Removed', { key: 'a' }, '2024-05-01'),
      ]);
      expect(await store.get(ns, 'tallies', 'a')).toBeNull();
      expect(count(await store.get<Tally>(ns, 'tallies', 'a', { asOf: '2024-04-30' }))).toBe(1);
      expect((await store.list(ns, 'tallies')).map((d) => d.id)).toEqual(['b']);
      expect((await store.list(ns, 'tallies', { at: { asOf: '2024-04-30' } })).map((d) => d.id)).toEqual(['a', 'b']);
    });

    it('keeps a roll-up per group on every date, as known at every position, with the moves in and out', async () => {
      const grouped = 'grouped_v1';
      await store.prepare(grouped, groupedTallies);
      await store.applyBatch(grouped, groupedTallies, [
        at(1, 'Counted', { key: 'a', group: 'x', n: 2 }, '2024-01-10'),
        at(2, 'Counted', { key: 'b', group: 'x', n: 3 }, '2024-02-01'),
        at(3, 'Counted', { key: 'a', group: 'y', n: 1 }, '2024-03-01'),
      ]);
      await store.applyBatch(grouped, groupedTallies, [at(4, 'Counted', { key: 'b', group: 'x', n: 1 }, '2024-01-20')]);
      const group = (id: string, asOf: string, knownAt?: number) => store.get(grouped, 'groups', id, { asOf, knownAt });
      expect(await group('x', '2024-01-15')).toEqual({ counts: { count: 2, tallies: 1 }, moves: [] });
      expect(await group('x', '2024-01-25')).toEqual({ counts: { count: 3, tallies: 2 }, moves: [] });
      expect(await group('x', '2024-01-25', 3)).toEqual({ counts: { count: 2, tallies: 1 }, moves: [] });
      expect(await group('x', '2024-02-15')).toEqual({ counts: { count: 6, tallies: 2 }, moves: [] });
      expect(await group('x', '2024-03-15')).toEqual({
        counts: { count: 4, tallies: 1 },
        moves: [['a', '2024-03-01']],
      });
      expect(await group('y', '2024-03-15')).toEqual({
        counts: { count: 3, tallies: 1 },
        moves: [['a', '2024-03-01']],
      });
      expect(await group('y', '2024-02-15')).toBeNull();
      expect(await store.versionsOn(grouped, 'groups', { dates: ['2024-01-15', '2024-03-15'], id: 'y' })).toEqual([
        { id: 'y', docs: [null, { counts: { count: 3, tallies: 1 }, moves: [['a', '2024-03-01']] }] },
      ]);
    });

    it('takes the business date a document ref names over the event date', async () => {
      await store.applyBatch(ns, tallies, [at(1, 'TargetSet', { key: 'ba-vi', year: 2024, n: 50 }, '2023-12-20')]);
      expect(await store.get(ns, 'targets', 'ba-vi', { asOf: '2023-12-31' })).toBeNull();
      expect(count(await store.get<Tally>(ns, 'targets', 'ba-vi', { asOf: '2024-01-01' }))).toBe(50);
    });

    it('lists documents in force at a date and position, ordered by id, by prefix, field and page', async () => {
      await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'fed-1/u2', group: 'state' }, '2024-01-10'),
        at(2, 'Counted', { key: 'fed-1/u1', group: 'private' }, '2024-01-10'),
        at(3, 'Counted', { key: 'fed-10/u1', group: 'state' }, '2024-01-10'),
        at(4, 'Counted', { key: 'fed-2/u1', group: 'state' }, '2024-01-10'),
        at(5, 'Counted', { key: 'fed-1/u3', group: 'state' }, '2024-03-01'),
        at(6, 'Counted', { key: 'fed-1/u1', group: 'private', n: 4 }, '2024-01-20'),
      ]);
      const ids = async (options: Parameters<ReadStore['list']>[2]) =>
        (await store.list<Tally>(ns, 'tallies', options)).map((d) => `${d.id}=${d.doc.count}`);

      expect(await ids({})).toEqual(['fed-1/u1=5', 'fed-1/u2=1', 'fed-1/u3=1', 'fed-10/u1=1', 'fed-2/u1=1']);
      expect(await ids({ idPrefix: 'fed-1/' })).toEqual(['fed-1/u1=5', 'fed-1/u2=1', 'fed-1/u3=1']);
      expect(await ids({ idPrefix: 'fed-1/', at: { asOf: '2024-02-01' } })).toEqual(['fed-1/u1=5', 'fed-1/u2=1']);
      expect(await ids({ idPrefix: 'fed-1/', at: { asOf: '2024-01-15' } })).toEqual(['fed-1/u1=1', 'fed-1/u2=1']);
      expect(await ids({ idPrefix: 'fed-1/', at: { knownAt: 4 } })).toEqual(['fed-1/u1=1', 'fed-1/u2=1']);
      expect(await ids({ at: { asOf: '2024-01-09' } })).toEqual([]);
      expect(await ids({ where: { group: 'state' } })).toEqual([
        'fed-1/u2=1',
        'fed-1/u3=1',
        'fed-10/u1=1',
        'fed-2/u1=1',
      ]);
      expect(await ids({ where: { group: 'state', count: 1 }, idPrefix: 'fed-1' })).toEqual([
        'fed-1/u2=1',
        'fed-1/u3=1',
        'fed-10/u1=1',
      ]);
      expect(await ids({ where: { count: 5 } })).toEqual(['fed-1/u1=5']);
      expect(await ids({ where: { count: '5' } })).toEqual([]);
      expect(await ids({ limit: 2 })).toEqual(['fed-1/u1=5', 'fed-1/u2=1']);
      expect(await ids({ limit: 2, after: 'fed-1/u2' })).toEqual(['fed-1/u3=1', 'fed-10/u1=1']);
      expect(await ids({ idPrefix: 'fed-3' })).toEqual([]);
      expect(await store.list(ns, 'targets')).toEqual([]);
    });

    it('filters on the version in force, not on earlier or later versions of a document', async () => {
      await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'u1', group: 'state' }, '2024-01-10'),
        at(2, 'Counted', { key: 'u1', group: 'private' }, '2024-02-01'),
      ]);
      const ids = async (group: string, at?: { asOf?: string; knownAt?: number }) =>
        (await store.list(ns, 'tallies', { where: { group }, at })).map((d) => d.id);
      expect(await ids('state')).toEqual([]);
      expect(await ids('private')).toEqual(['u1']);
      expect(await ids('state', { asOf: '2024-01-20' })).toEqual(['u1']);
      expect(await ids('private', { asOf: '2024-01-20' })).toEqual([]);
      expect(await ids('state', { knownAt: 1 })).toEqual(['u1']);
      expect(await ids('state', { knownAt: 2 })).toEqual([]);
      expect(await ids('state', { knownAt: 2, asOf: '2024-01-20' })).toEqual(['u1']);
    });

    it('reads each document on many dates at once, by field, by id and as known at a position', async () => {
      await store.applyBatch(ns, tallies, [
        at(1, 'Counted', { key: 'u1', group: 'state' }, '2024-01-10'),
        at(2, 'Counted', { key: 'u1', group: 'private' }, '2024-03-01'),
        at(3, 'Counted', { key: 'u2', group: 'state', n: 5 }, '2024-02-01'),
        at(4, 'Counted', { key: 'u3', group: 'other' }, '2024-01-01'),
        at(5, 'Counted', { key: 'u2', group: 'state', n: 10 }, '2024-01-15'),
        at(6, 'Removed', { key: 'u3' }, '2024-02-10'),
      ]);
      const dates = ['2024-01-05', '2024-01-31', '2024-02-29', '2024-03-31'];
      const counts = async (options: Omit<VersionsOnQuery, 'dates'> = {}) =>
        (await store.versionsOn<Tally>(ns, 'tallies', { ...options, dates })).map(
          ({ id, docs }) => `${id}:${docs.map((doc) => doc?.count ?? '-').join(',')}`,
        );
      expect(await counts()).toEqual(['u1:-,1,1,2', 'u2:-,10,15,15', 'u3:1,1,-,-']);
      expect(await counts({ where: { group: 'state' } })).toEqual(['u1:-,1,1,-', 'u2:-,10,15,15']);
      expect(await counts({ where: { group: 'private' } })).toEqual(['u1:-,-,-,2']);
      expect(await counts({ id: 'u2' })).toEqual(['u2:-,10,15,15']);
      expect(await counts({ knownAt: 4 })).toEqual(['u1:-,1,1,2', 'u2:-,-,5,5', 'u3:1,1,1,1']);
      expect(await counts({ knownAt: 4, where: { group: 'other' } })).toEqual(['u3:1,1,1,1']);
      expect(await counts({ where: { group: 'none' } })).toEqual([]);
      expect(await store.versionsOn(ns, 'tallies', { dates: [] })).toEqual([]);
      await expect(store.versionsOn(ns, 'tallies', { dates: ['2024-02-30'] })).rejects.toThrow(RangeError);
    });

    it('answers alike whether its indexes were built with the rows or deferred and built at the end', async () => {
      const events = [
        at(1, 'Counted', { key: 'u1', group: 'state' }, '2024-01-10'),
        at(2, 'Counted', { key: 'u1', group: 'private' }, '2024-03-01'),
        at(3, 'Counted', { key: 'u2', group: 'state', n: 5 }, '2024-02-01'),
        at(4, 'Counted', { key: 'u2', group: 'state', n: 10 }, '2024-01-15'),
      ];
      const deferred = 'tallies_v1_r2';
      await store.prepare(deferred, tallies, { deferIndexes: true });
      await store.applyBatch(deferred, tallies, events.slice(0, 2));
      const answers = async (namespace: string) =>
        Promise.all(
          [{}, { knownAt: 1 }, { asOf: '2024-02-15' }, { asOf: '2024-02-15', knownAt: 3 }].map(async (at) => [
            await store.list(namespace, 'tallies', { where: { group: 'state' }, at }),
            await store.get(namespace, 'tallies', 'u1', at),
          ]),
        );
      // Before the indexes are complete too: slower, not different.
      await store.applyBatch(ns, tallies, events.slice(0, 2));
      expect(await answers(deferred)).toEqual(await answers(ns));
      await store.applyBatch(deferred, tallies, events.slice(2));
      await store.completeIndexes(deferred, tallies);
      await store.completeIndexes(deferred, tallies);
      await store.applyBatch(ns, tallies, events.slice(2));
      expect(await answers(deferred)).toEqual(await answers(ns));
    });

    it('orders ids by code point and finds every id under a prefix', async () => {
      const keys = ['a\u{1F600}', 'a\uFFFF', 'a', 'b', 'a\u00E9'];
      await store.applyBatch(
        ns,
        tallies,
        keys.map((key, i) => at(i + 1, 'Counted', { key })),
      );
      expect((await store.list(ns, 'tallies', { idPrefix: 'a' })).map((d) => d.id)).toEqual([
        'a',
        'a\u00E9',
        'a\uFFFF',
        'a\u{1F600}',
      ]);
      expect((await store.list(ns, 'tallies', { idPrefix: 'a\uFFFF' })).map((d) => d.id)).toEqual(['a\uFFFF']);
    });

    it('refuses malformed read arguments', async () => {
      await expect(store.get(ns, 'tallies', 'a', { asOf: '2024-02-30' })).rejects.toThrow(RangeError);
      await expect(store.get(ns, 'tallies', 'a', { knownAt: -1 })).rejects.toThrow(RangeError);
      await expect(store.list(ns, 'tallies', { limit: 0 })).rejects.toThrow(RangeError);
      await expect(store.list(ns, 'tallies', { where: { "x') OR 1=1 --": 'a' } })).rejects.toThrow(RangeError);
    });

    it('applies a batch atomically with its checkpoint: an event that fails leaves both unchanged', async () => {
      await store.applyBatch(ns, tallies, [at(1, 'Counted', { key: 'a' })]);
      const failing = store.applyBatch(ns, tallies, [
        at(2, 'Counted', { key: 'a' }),
        at(3, 'Counted', { key: 'b' }),
        at(4, 'Poisoned', { key: 'a' }),
        at(5, 'Counted', { key: 'a' }),
      ]);
      await expect(failing).rejects.toBeInstanceOf(ProjectionEventFailed);
      await expect(failing).rejects.toMatchObject({ position: 4, eventType: 'Poisoned', eventId: 'event-4' });
      expect(await store.checkpoint(ns)).toBe(1);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(1);
      expect(await store.get(ns, 'tallies', 'b')).toBeNull();
      expect((await store.list(ns, 'tallies')).map((d) => d.id)).toEqual(['a']);

      // Nothing half-applied is left behind: the store keeps working from the same checkpoint.
      await store.applyBatch(ns, tallies, [at(2, 'Counted', { key: 'a' }), at(3, 'Counted', { key: 'b' })]);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(2);
      expect(await store.checkpoint(ns)).toBe(3);
    });

    it('fails an event whose documents name an undeclared collection or a malformed date', async () => {
      const sloppy: Projection = { ...tallies, documentsOf: () => [{ collection: 'nowhere', id: 'x' }] };
      await expect(store.applyBatch(ns, sloppy, [at(1, 'Counted', { key: 'a' })])).rejects.toMatchObject({
        position: 1,
        message: expect.stringContaining('nowhere'),
      });
      const undated: Projection = { ...tallies, documentsOf: () => [{ collection: 'tallies', id: 'x' }] };
      await expect(store.applyBatch(ns, undated, [at(2, 'Counted', { key: 'a' }, '2024-13-01')])).rejects.toThrow(
        ProjectionEventFailed,
      );
      expect(await store.checkpoint(ns)).toBe(0);
    });

    it('treats re-delivered events as no-ops', async () => {
      const batch = [at(1, 'Counted', { key: 'a' }), at(2, 'Counted', { key: 'a' })];
      await store.applyBatch(ns, tallies, batch);
      expect(await store.applyBatch(ns, tallies, batch)).toBe(2);
      await store.applyBatch(ns, tallies, [batch[1], at(3, 'Counted', { key: 'a' })]);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(3);
      expect(await store.checkpoint(ns)).toBe(3);
      // Earlier knowledge was not rewritten by the re-delivery either.
      expect(count(await store.get<Tally>(ns, 'tallies', 'a', { knownAt: 1 }))).toBe(1);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a', { knownAt: 2 }))).toBe(2);
    });

    it('moves the checkpoint over events the projection does not handle, and to `through`', async () => {
      await store.applyBatch(ns, tallies, [at(1, 'SomethingElse', { key: 'a' }), at(2, 'Counted', { key: 'a' })]);
      expect(await store.checkpoint(ns)).toBe(2);
      expect(await store.applyBatch(ns, tallies, [], { through: 7 })).toBe(7);
      expect(await store.checkpoint(ns)).toBe(7);
      expect(await store.applyBatch(ns, tallies, [], { through: 5 })).toBe(7);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(1);
    });

    it('keeps namespaces side by side, and drops one without touching the other', async () => {
      await store.prepare('tallies_v1_r2', tallies);
      await store.applyBatch(ns, tallies, [at(1, 'Counted', { key: 'a' })]);
      await store.applyBatch('tallies_v1_r2', tallies, [at(1, 'Counted', { key: 'a', n: 7 })]);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(1);
      expect(count(await store.get<Tally>('tallies_v1_r2', 'tallies', 'a'))).toBe(7);

      await store.drop('tallies_v1_r2');
      expect(await store.checkpoint('tallies_v1_r2')).toBe(0);
      await expect(store.get('tallies_v1_r2', 'tallies', 'a')).rejects.toBeInstanceOf(UnknownNamespace);
      await expect(store.list('tallies_v1_r2', 'tallies')).rejects.toBeInstanceOf(UnknownNamespace);
      await expect(store.applyBatch('tallies_v1_r2', tallies, [at(2, 'Counted', { key: 'a' })])).rejects.toBeInstanceOf(
        UnknownNamespace,
      );
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(1);
      await store.drop('never_prepared');

      // Prepared again, it starts empty.
      await store.prepare('tallies_v1_r2', tallies);
      expect(await store.get('tallies_v1_r2', 'tallies', 'a')).toBeNull();
      expect(await store.checkpoint('tallies_v1_r2')).toBe(0);
    });

    it('refuses namespaces that are not safe identifiers', async () => {
      await expect(store.prepare('Bad-Name', tallies)).rejects.toThrow(RangeError);
      await expect(store.prepare('x"; DROP TABLE events; --', tallies)).rejects.toThrow(RangeError);
    });

    it('switches the live namespace of a projection, and refuses to drop the live one', async () => {
      expect(await store.liveNamespace('tallies')).toBeNull();
      await store.prepare('tallies_v2', { ...tallies, version: 2 });
      await store.prepare('other_v1', other);
      await store.setLiveNamespace('tallies', ns);
      expect(await store.liveNamespace('tallies')).toBe(ns);
      await store.setLiveNamespace('tallies', 'tallies_v2');
      expect(await store.liveNamespace('tallies')).toBe('tallies_v2');
      expect(await store.liveNamespace('other')).toBeNull();

      await expect(store.drop('tallies_v2')).rejects.toBeInstanceOf(LiveNamespaceDropRefused);
      await expect(store.setLiveNamespace('tallies', 'other_v1')).rejects.toThrow(/other/);
      await expect(store.setLiveNamespace('tallies', 'missing_v1')).rejects.toBeInstanceOf(UnknownNamespace);
      expect(await store.liveNamespace('tallies')).toBe('tallies_v2');

      await store.applyBatch(ns, tallies, [at(3, 'Counted', { key: 'a' })]);
      expect(await store.namespaces()).toEqual([
        { namespace: 'other_v1', projection: 'other', version: 1, checkpoint: 0, live: false },
        { namespace: 'tallies_v1', projection: 'tallies', version: 1, checkpoint: 3, live: false },
        { namespace: 'tallies_v2', projection: 'tallies', version: 2, checkpoint: 0, live: true },
      ]);
      await store.drop(ns);
      expect((await store.namespaces()).map((n) => n.namespace)).toEqual(['other_v1', 'tallies_v2']);
    });

    it('rebuilds beside the live namespace: readers keep the live answers until the switch-over', async () => {
      const log = [
        at(1, 'Counted', { key: 'a', n: 2 }),
        at(2, 'Counted', { key: 'b' }),
        at(3, 'Counted', { key: 'a', n: 3 }),
      ];
      await store.applyBatch(ns, tallies, log.slice(0, 2));
      await store.setLiveNamespace('tallies', ns);
      const liveCount = async (id: string) =>
        count(await store.get<Tally>((await store.liveNamespace('tallies'))!, 'tallies', id));

      // The rebuild reads the log from the start, in its own batches, while the live copy keeps up.
      await store.prepare('tallies_v2', doubledTallies);
      await store.applyBatch('tallies_v2', doubledTallies, log.slice(0, 1));
      await store.applyBatch(ns, tallies, log.slice(2));
      expect(await liveCount('a')).toBe(5);
      await store.applyBatch('tallies_v2', doubledTallies, log.slice(1));
      expect(await liveCount('a')).toBe(5);
      expect(await store.checkpoint('tallies_v2')).toBe(3);

      await store.setLiveNamespace('tallies', 'tallies_v2');
      expect(await liveCount('a')).toBe(10);
      expect(await liveCount('b')).toBe(2);
      await store.drop(ns);
      expect(await liveCount('a')).toBe(10);
      expect(await store.namespaces()).toEqual([
        { namespace: 'tallies_v2', projection: 'tallies', version: 2, checkpoint: 3, live: true },
      ]);
    });

    it('applies the same events delivered twice at once only once', async () => {
      const batch = [1, 2, 3, 4].map((position) => at(position, 'Counted', { key: 'a' }));
      const outcomes = await Promise.all([
        store.applyBatch(ns, tallies, batch),
        store.applyBatch(ns, tallies, batch),
        store.applyBatch(ns, tallies, batch.slice(2)),
      ]);
      expect(outcomes.every((checkpoint) => checkpoint === 4)).toBe(true);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a'))).toBe(4);
      expect(count(await store.get<Tally>(ns, 'tallies', 'a', { knownAt: 2 }))).toBe(2);
      expect(await store.checkpoint(ns)).toBe(4);
    });

    it('pages through many documents with a field filter, each once and in id order', async () => {
      const keys = Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(3, '0')}`);
      await store.applyBatch(ns, tallies, [
        ...keys.map((key, i) => at(i + 1, 'Counted', { key, group: i % 3 === 0 ? 'state' : 'private' }, '2024-01-10')),
        // From February some state members move to private.
        ...keys
          .filter((_, i) => i % 6 === 0)
          .map((key, i) => at(100 + i, 'Counted', { key, group: 'private' }, '2024-02-01')),
      ]);
      const pages = async (options: Parameters<ReadStore['list']>[2]) => {
        const ids: string[] = [];
        for (;;) {
          const page = await store.list<Tally>(ns, 'tallies', { ...options, limit: 7, after: ids.at(-1) });
          ids.push(...page.map((d) => d.id));
          if (page.length < 7) return ids;
        }
      };
      const state = keys.filter((_, i) => i % 3 === 0);
      expect(await pages({ where: { group: 'state' } })).toEqual(state.filter((_, i) => i % 2 === 1));
      expect(await pages({ where: { group: 'state' }, at: { asOf: '2024-01-31' } })).toEqual(state);
      expect(await pages({ where: { group: 'state' }, at: { knownAt: 60 } })).toEqual(state);
      expect(await pages({ where: { group: 'private' }, idPrefix: 'm00' })).toEqual(
        keys.slice(0, 10).filter((_, i) => i % 3 !== 0 || i % 6 === 0),
      );
      expect(await pages({})).toEqual(keys);
    });

    it('reads documents back as their JSON: nested values, numbers and text kept, undefined fields gone', async () => {
      await store.prepare('mirror_v1', mirror);
      const doc = {
        nested: { list: [1, 'two', null, true, { three: 3.5 }], empty: {}, none: [] },
        largest: 2 ** 53 - 1,
        negative: -7,
        fraction: 0.1,
        huge: 1e300,
        text: 'Nguyễn Thị Lan 😀',
        off: false,
        nothing: null,
        dropped: undefined,
      };
      await store.applyBatch('mirror_v1', mirror, [at(1, 'Mirrored', { key: 'x', doc })]);
      const expected = JSON.stringify(doc);
      expect(JSON.stringify(await store.get('mirror_v1', 'mirrors', 'x'))).toBe(expected);
      expect(JSON.stringify((await store.list('mirror_v1', 'mirrors'))[0].doc)).toBe(expected);
    });
  });
}
