import { EVENT_STORE, type EventStore } from '../../src/core/event-store.port';
import { createTestApp, type TestApp } from '../support/test-app';

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ throttle: { limit: 3, ttlSeconds: 60 } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, for callers with and without credentials alike', async () => {
    for (let i = 0; i < 3; i++) await t.http().get('/events').expect(200);
    const limited = await t.http().get('/events').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringContaining('Retry-After'),
    });
    // Guessing keys is limited too: the limit is counted before credentials are checked.
    await t.anonymous().get('/events').expect(429);
    await t.as('ApiKey guess').post('/federations').send({}).expect(429);
  });

  it('never limits the health check', async () => {
    for (let i = 0; i < 10; i++) await t.anonymous().get('/health').expect(200);
  });
});

describe('response headers and error bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends the usual security headers and no X-Powered-By', async () => {
    for (const res of [
      await t.http().get('/events'),
      await t.anonymous().get('/events'),
      await t.anonymous().get('/docs'),
    ]) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('answers an unexpected failure with a plain 500: no stack trace, no internals', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const failure = jest
      .spyOn(store, 'readStream')
      .mockRejectedValueOnce(
        new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/union-ledger/data.sqlite'),
      );
    const res = await t.http().get('/history/unions/bv-school').expect(500);
    failure.mockRestore();
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'unexpected error; it has been logged',
    });
    expect(res.text).not.toMatch(/SQLITE|sqlite|\.ts|\.js|\bat\b/);
  });

  it('answers refusals with the one error shape, without internals', async () => {
    const answers = [
      await t.anonymous().get('/events'),
      await t.as(t.jwt({ sub: 'reader', roles: ['reader'] }).authorization).get('/events'),
      await t.http().post('/federations').send({ id: 'Bad Id' }),
      await t.http().post('/federations').set('Content-Type', 'application/json').send('{"id": '),
      await t.http().get('/history/unions/nobody'),
    ];
    expect(answers.map((res) => res.status)).toEqual([401, 403, 400, 400, 404]);
    expect(answers[2].body.errors).toEqual(
      expect.arrayContaining([{ field: 'id', messages: [expect.stringContaining('id must be')] }]),
    );
    for (const res of answers) {
      // `errors` (each refused field) only where fields were refused.
      const shape =
        res.status === 400 && res.body.errors
          ? ['error', 'errors', 'message', 'statusCode']
          : ['error', 'message', 'statusCode'];
      expect(Object.keys(res.body).sort()).toEqual(shape);
      expect(res.text).not.toMatch(/\s+at\s+\S+\s+\(|node_modules|\.ts:\d/);
    }
  });
});
