import type { StoredEvent } from '../../src/core/event-store.port';
import type { Projection } from '../../src/core/projection';
import { LeaseLost, type ProjectionLeases } from '../../src/core/projection-lease.port';
import type { ReadStore } from '../../src/core/read-store.port';

/** A lease store and the read store whose batches it fences, over one database, on the clock given. */
export interface LeasedStores {
  leases: ProjectionLeases;
  readStore: ReadStore;
}

const seen: Projection<{ n: number }> = {
  name: 'seen',
  version: 1,
  eventTypes: ['Seen'],
  collections: { seen: {} },
  documentsOf: () => [{ collection: 'seen', id: 'all' }],
  evolve: (doc) => ({ n: (doc?.n ?? 0) + 1 }),
};

function seenAt(position: number): StoredEvent {
  return {
    id: `e${position}`,
    streamId: 's',
    revision: position - 1,
    position,
    type: 'Seen',
    data: {},
    metadata: {
      occurredOn: '2024-01-10',
      recordedAt: '2024-01-10T00:00:00.000Z',
      actor: 'test',
      correlationId: 'c',
      causationId: null,
    },
  };
}

const TTL = 10_000;

/** What every projection-lease adapter must do; `open` gives fresh stores whose clock is `now`. */
export function projectionLeasesContract(name: string, open: (now: () => number) => Promise<LeasedStores>): void {
  describe(`projection leases contract: ${name}`, () => {
    let time: number;
    let stores: LeasedStores;
    beforeEach(async () => {
      time = 1_700_000_000_000;
      stores = await open(() => time);
    });

    it('gives a free lease to the first instance, token 1, and refuses it to another while it lasts', async () => {
      const { leases } = stores;
      expect(await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL })).toEqual({
        projection: 'seen',
        owner: 'a',
        token: 1,
        expiresAt: time + TTL,
      });
      time += TTL - 1;
      expect(await leases.acquire({ projection: 'seen', owner: 'b', ttlMs: TTL })).toBeNull();
      // Held by its owner: acquiring again extends it, same token.
      expect(await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL })).toEqual({
        projection: 'seen',
        owner: 'a',
        token: 1,
        expiresAt: time + TTL,
      });
      expect(await leases.leases()).toEqual([{ projection: 'seen', owner: 'a', token: 1, expiresAt: time + TTL }]);
    });

    it('gives the lease to exactly one of two instances asking at once', async () => {
      const results = await Promise.all([
        stores.leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL }),
        stores.leases.acquire({ projection: 'seen', owner: 'b', ttlMs: TTL }),
      ]);
      expect(results.filter((lease) => lease !== null)).toHaveLength(1);
      expect((await stores.leases.leases()).map((lease) => lease.token)).toEqual([1]);
    });

    it('is kept by renewing it, and taken over with the next token once it has expired', async () => {
      const { leases } = stores;
      const first = (await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL }))!;
      time += TTL - 1;
      const renewed = (await leases.renew(first, TTL))!;
      expect(renewed).toEqual({ ...first, expiresAt: time + TTL });
      time += TTL - 1;
      expect(await leases.acquire({ projection: 'seen', owner: 'b', ttlMs: TTL })).toBeNull();
      time += 1;
      const stolen = await leases.acquire({ projection: 'seen', owner: 'b', ttlMs: TTL });
      expect(stolen).toEqual({ projection: 'seen', owner: 'b', token: 2, expiresAt: time + TTL });
      // The former owner finds out when it renews, and cannot take it back while it lasts.
      expect(await leases.renew(renewed, TTL)).toBeNull();
      expect(await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL })).toBeNull();
    });

    it('lets its owner renew it past expiry while nobody has taken it; re-acquiring then changes the token', async () => {
      const { leases } = stores;
      const first = (await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL }))!;
      time += TTL * 2;
      expect(await leases.renew(first, TTL)).toEqual({ ...first, expiresAt: time + TTL });
      time += TTL * 2;
      expect(await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL })).toMatchObject({
        owner: 'a',
        token: 2,
      });
    });

    it('is taken at once from a holder named as gone, and after a release, tokens still growing', async () => {
      const { leases } = stores;
      const first = (await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL }))!;
      expect(
        await leases.acquire({ projection: 'seen', owner: 'b', ttlMs: TTL, replacing: 'someone-else' }),
      ).toBeNull();
      const second = (await leases.acquire({ projection: 'seen', owner: 'b', ttlMs: TTL, replacing: 'a' }))!;
      expect(second.token).toBe(2);
      await leases.release(first); // no longer its lease: nothing happens
      expect(await leases.acquire({ projection: 'seen', owner: 'c', ttlMs: TTL })).toBeNull();
      await leases.release(second);
      expect(await leases.acquire({ projection: 'seen', owner: 'c', ttlMs: TTL })).toMatchObject({
        owner: 'c',
        token: 3,
      });
    });

    it('keeps one lease per projection', async () => {
      const { leases } = stores;
      await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL });
      expect(await leases.acquire({ projection: 'other', owner: 'b', ttlMs: TTL })).toMatchObject({
        owner: 'b',
        token: 1,
      });
      expect((await leases.leases()).map((lease) => [lease.projection, lease.owner])).toEqual([
        ['other', 'b'],
        ['seen', 'a'],
      ]);
    });

    it("applies a batch fenced with the lease's token, and refuses a stale owner's batch, writing nothing", async () => {
      const { leases, readStore } = stores;
      await readStore.prepare('seen_v1', seen);
      const first = (await leases.acquire({ projection: 'seen', owner: 'a', ttlMs: TTL }))!;
      const fenceOf = (lease: typeof first) => ({ projection: lease.projection, token: lease.token });
      expect(await readStore.applyBatch('seen_v1', seen, [seenAt(1), seenAt(2)], { fence: fenceOf(first) })).toBe(2);

      time += TTL;
      const second = (await leases.acquire({ projection: 'seen', owner: 'b', ttlMs: TTL }))!;
      await expect(
        readStore.applyBatch('seen_v1', seen, [seenAt(3), seenAt(4)], { fence: fenceOf(first) }),
      ).rejects.toBeInstanceOf(LeaseLost);
      expect(await readStore.checkpoint('seen_v1')).toBe(2);
      expect(await readStore.get('seen_v1', 'seen', 'all')).toEqual({ n: 2 });

      // The new owner resumes from the checkpoint: each event counted once.
      expect(await readStore.applyBatch('seen_v1', seen, [seenAt(3), seenAt(4)], { fence: fenceOf(second) })).toBe(4);
      expect(await readStore.get('seen_v1', 'seen', 'all')).toEqual({ n: 4 });
    });

    it('refuses a batch fenced on a projection nobody ever leased', async () => {
      const { readStore } = stores;
      await readStore.prepare('seen_v1', seen);
      await expect(
        readStore.applyBatch('seen_v1', seen, [seenAt(1)], { fence: { projection: 'seen', token: 1 } }),
      ).rejects.toThrow("the lease on projection 'seen' no longer carries token 1");
      expect(await readStore.checkpoint('seen_v1')).toBe(0);
    });
  });
}
