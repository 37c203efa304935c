import { KurrentDbEventStore } from '../../src/infrastructure/kurrentdb/kurrentdb-event-store';
import { expectRefused, registerHanoi } from '../support/fixtures';
import { SimulatedKurrentClient } from '../support/simulated-kurrent-client';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue #11 on KurrentDB: an `Idempotency-Key` reused for a command about another entity answers 409
 * `idempotency.key-reused`, as on SQLite. The key's events get ids derived from the actor and the key, and the
 * KurrentDB adapter claims every id in the same atomic multi-stream append as the events: the second command's
 * claim is refused, so nothing of it is recorded. The whole service runs on the adapter over the simulated client.
 */
describe('Idempotency-Key on KurrentDB (simulated client)', () => {
  let t: TestApp;
  const simulated = new SimulatedKurrentClient();
  const union = (id: string) => ({
    id,
    federationId: 'ba-vi',
    name: `CĐCS ${id}`,
    sector: 'public-service',
    occurredOn: '2010-01-01',
  });

  beforeAll(async () => {
    t = await createTestApp({ eventStore: new KurrentDbEventStore(simulated.client) });
    await registerHanoi(t, ['ba-vi']);
  });
  afterAll(() => t.close());

  it('answers a retry with the first answer, and 409 key-reused to the same key for another union, recording nothing', async () => {
    const first = await t.http().post('/unions').set('Idempotency-Key', 'kdb-key-1').send(union('kdb-1')).expect(201);
    const retry = await t.http().post('/unions').set('Idempotency-Key', 'kdb-key-1').send(union('kdb-1')).expect(201);
    expect(retry.body).toEqual({ ...first.body, replayed: true });

    await expectRefused(
      t,
      () => t.http().post('/unions').set('Idempotency-Key', 'kdb-key-1').send(union('kdb-2')),
      409,
      'Idempotency-Key',
      'idempotency.key-reused',
    );
    expect(await t.store.readStream('union-kdb-2')).toEqual([]);
    await t.http().get('/unions/kdb-2').expect(404);
    // Through the adapter: every event's id is claimed beside it.
    expect(simulated.records.some((record) => record.streamId.startsWith('ledger-event-id-'))).toBe(true);
  });

  it('accepts one of two commands about different unions sent together with one key, and refuses the other', async () => {
    const [a, b] = await Promise.all(
      ['kdb-3', 'kdb-4'].map((id) => t.http().post('/unions').set('Idempotency-Key', 'kdb-key-race').send(union(id))),
    );
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((res) => res.status === 409)?.body.rule).toBe('idempotency.key-reused');
    const recorded = await Promise.all(['union-kdb-3', 'union-kdb-4'].map((stream) => t.store.readStream(stream)));
    expect(recorded.filter((events) => events.length > 0)).toHaveLength(1);
  });
});
