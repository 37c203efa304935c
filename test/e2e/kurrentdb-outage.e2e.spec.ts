import { KurrentDbEventStore } from '../../src/infrastructure/kurrentdb/kurrentdb-event-store';
import { registerHanoi } from '../support/fixtures';
import { SimulatedKurrentClient } from '../support/simulated-kurrent-client';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A command while KurrentDB is away answers 503 with Retry-After — a clear "try again", not an unexpected 500 —
 * and the same request retried with its Idempotency-Key once the server is back is recorded once. The whole
 * service runs on the KurrentDB adapter over the simulated client.
 */
describe('commands while KurrentDB is away (simulated client)', () => {
  let t: TestApp;
  const simulated = new SimulatedKurrentClient();
  const union = {
    id: 'kdb-away',
    federationId: 'ba-vi',
    name: 'CĐCS kdb',
    sector: 'public-service',
    occurredOn: '2010-01-01',
  };

  beforeAll(async () => {
    t = await createTestApp({ eventStore: new KurrentDbEventStore(simulated.client) });
    await registerHanoi(t, ['ba-vi']);
  });
  afterAll(async () => {
    simulated.outage = false;
    await t.close();
  });

  it('answers 503 with Retry-After during the outage, and records the retried request once afterwards', async () => {
    simulated.outage = true;
    const refused = await t.http().post('/unions').set('Idempotency-Key', 'kdb-away-1').send(union).expect(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({
      statusCode: 503,
      message: expect.stringMatching(/event store cannot be reached/),
    });
    expect(JSON.stringify(refused.body)).not.toMatch(/kurrentdb:|2113|connection refused/);

    simulated.outage = false;
    await t.http().post('/unions').set('Idempotency-Key', 'kdb-away-1').send(union).expect(201);
    const again = await t.http().post('/unions').set('Idempotency-Key', 'kdb-away-1').send(union).expect(201);
    expect(again.body.replayed).toBe(true);
    expect((await t.store.readStream('union-kdb-away')).map((e) => e.type)).toEqual(['UnionFounded']);
  });
});
