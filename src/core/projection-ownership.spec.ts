import { InMemoryProjectionLeases } from '../infrastructure/memory/in-memory-projection-leases';
import { LeaseLost } from './projection-lease.port';
import { ProjectionOwnership } from './projection-ownership';

describe('ProjectionOwnership', () => {
  let time: number;
  let leases: InMemoryProjectionLeases;
  const TTL = 9_000;

  beforeEach(() => {
    time = 1_000_000;
    leases = new InMemoryProjectionLeases(() => time);
  });

  const ownership = (owner: string, isGone?: (holder: string) => boolean) =>
    new ProjectionOwnership({ leases, owner, ttlMs: TTL, isGone });

  it('gains a free lease, keeps it by renewing, and fences batches with its token', async () => {
    const a = ownership('a');
    expect(a.renewEveryMs).toBe(3_000);
    expect(() => a.fence('funds')).toThrow(LeaseLost);
    expect(await a.claim('funds')).toBe('gained');
    expect(a.fence('funds')).toEqual({ projection: 'funds', token: 1 });
    time += TTL - 1;
    expect(await a.claim('funds')).toBe('kept');
    time += TTL - 1;
    expect(await ownership('b').claim('funds')).toBe('held-elsewhere');
  });

  it('loses a lease that lapsed and was taken, and stops fencing with it', async () => {
    const a = ownership('a');
    const b = ownership('b');
    await a.claim('funds');
    time += TTL;
    expect(await b.claim('funds')).toBe('gained');
    expect(b.fence('funds')).toEqual({ projection: 'funds', token: 2 });
    expect(a.owns('funds')).toBe(true); // it does not know yet
    expect(await a.claim('funds')).toBe('lost');
    expect(a.owns('funds')).toBe(false);
    expect(() => a.fence('funds')).toThrow(LeaseLost);
  });

  it('takes a lease at once from a holder known to be gone, and releases its own on a clean stop', async () => {
    await ownership('a').claim('funds');
    const b = ownership('b', (holder) => holder === 'a');
    expect(await b.claim('funds')).toBe('gained');
    await b.releaseAll();
    expect(b.owns('funds')).toBe(false);
    expect(await ownership('c').claim('funds')).toBe('gained');
    expect([...(await b.leases()).values()]).toEqual([
      { projection: 'funds', owner: 'c', token: 3, expiresAt: time + TTL },
    ]);
  });

  it('refuses a time-to-live that is not a positive duration', () => {
    expect(() => new ProjectionOwnership({ leases, owner: 'a', ttlMs: 0 })).toThrow(RangeError);
  });
});
