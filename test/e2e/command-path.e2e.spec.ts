import { district, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/** What every command route shares: idempotent retries, concurrency, malformed and oversized bodies. */
describe('the command path over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await registerHanoi(t, []);
  });
  afterAll(() => t.close());

  it('answers a retry with the same Idempotency-Key with the first result and records once', async () => {
    const first = await t
      .http()
      .post('/federations')
      .set('Idempotency-Key', 'req-ba-vi-1')
      .send(district('ba-vi'))
      .expect(201);
    const before = await t.logLength();
    const retry = await t
      .http()
      .post('/federations')
      .set('Idempotency-Key', 'req-ba-vi-1')
      .send(district('ba-vi'))
      .expect(201);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect(first.body.replayed).toBe(false);
    expect(await t.logLength()).toBe(before);
    expect(await t.store.readStream('federation-ba-vi')).toHaveLength(1);
  });

  it('replays a retried creation without a client-chosen id as the same entity', async () => {
    const body = {
      federationId: 'ba-vi',
      name: 'CĐCS Trường THCS Tản Lĩnh',
      sector: 'public-service',
      occurredOn: '2023-03-01',
    };
    const first = await t.http().post('/unions').set('Idempotency-Key', 'found-tan-linh').send(body).expect(201);
    const retry = await t.http().post('/unions').set('Idempotency-Key', 'found-tan-linh').send(body).expect(201);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
  });

  it('keeps concurrent retries with one Idempotency-Key single', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        t
          .http()
          .put('/federations/ba-vi/targets/2023')
          .set('Idempotency-Key', 'target-2023')
          .send({ newMembers: 1000, newUnions: 10, occurredOn: '2023-01-05' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const targets = (await t.store.readStream('federation-ba-vi')).filter((e) => e.type === 'DevelopmentTargetSet');
    expect(targets).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.position)).size).toBe(1);
  });

  it('refuses an Idempotency-Key reused for a different request with 409', async () => {
    const before = await t.logLength();
    const res = await t
      .http()
      .post('/federations')
      .set('Idempotency-Key', 'req-ba-vi-1')
      .send(district('quoc-oai'))
      .expect(409);
    expect(res.body.rule).toBe('idempotency.key-reused');
    expect(await t.logLength()).toBe(before);
  });

  it('lets exactly one of two concurrent conflicting commands win', async () => {
    const results = await Promise.all([
      t
        .http()
        .post('/federations')
        .send({ ...district('dan-phuong'), name: 'first' }),
      t
        .http()
        .post('/federations')
        .send({ ...district('dan-phuong'), name: 'second' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.rule).toBe('federation.already-registered');
    expect(await t.store.readStream('federation-dan-phuong')).toHaveLength(1);
  });

  it('answers malformed JSON with 400 and records nothing', async () => {
    const before = await t.logLength();
    const res = await t
      .http()
      .post('/federations')
      .set('Content-Type', 'application/json')
      .send('{"id": "x",')
      .expect(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/); // no stack trace
    expect(await t.logLength()).toBe(before);
  });

  it('names each invalid or unknown field in a 400', async () => {
    const before = await t.logLength();
    const res = await t
      .http()
      .post('/federations')
      .send({ id: 'Bad Id!', name: '', level: 'galaxy', occurredOn: '2023-02-30', isAdmin: true })
      .expect(400);
    const message = (res.body.message as string[]).join('\n');
    expect(message).toContain('id must be');
    expect(message).toContain('level must be one of');
    expect(message).toContain('occurredOn must be a calendar date');
    expect(message).toContain('property isAdmin should not exist');
    expect(await t.logLength()).toBe(before);
  });

  it('answers a body over the limit with 413 and records nothing', async () => {
    const before = await t.logLength();
    await t
      .http()
      .post('/federations')
      .send({ ...district('big'), name: 'x'.repeat(200_000) })
      .expect(413);
    expect(await t.logLength()).toBe(before);
  });

  it('refuses a future business date with 409 and the rule', async () => {
    const res = await t
      .http()
      .post('/federations')
      .send({ ...district('future'), occurredOn: '2026-07-01' })
      .expect(409);
    expect(res.body).toMatchObject({ rule: 'date.in-future' });
  });

  it('refuses a malformed Idempotency-Key with 400', async () => {
    await t.http().post('/federations').set('Idempotency-Key', 'has spaces').send(district('x1')).expect(400);
  });

  it('pages through the global log by position', async () => {
    const first = await t.http().get('/events?after=0&limit=2').expect(200);
    expect(first.body.events.map((e: { position: number }) => e.position)).toEqual([1, 2]);
    expect(first.body.next).toBe(2);
    const second = await t.http().get(`/events?after=${first.body.next}&limit=2`).expect(200);
    expect(second.body.events[0].position).toBe(3);
    await t.http().get('/events?limit=5000').expect(400);
    await t.http().get('/history/members/nobody').expect(404);
  });

  it('serves the OpenAPI document with every command route', async () => {
    const res = await t.http().get('/docs/json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/federations', '/unions', '/federations/{id}/targets/{year}']),
    );
  });
});
