import { HA_NOI } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/** The value of one sample in the Prometheus text, 0 when the labelled series is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('Prometheus metrics', () => {
  let t: TestApp;
  const scrape = async () => (await t.http().get('/metrics').expect(200)).text;
  beforeAll(async () => {
    t = await createTestApp();
    await t.http().post('/federations').send(HA_NOI).expect(201);
  });
  afterAll(() => t.close());

  it('are for admins only: 401 without credentials, 403 for other roles', async () => {
    await t.anonymous().get('/metrics').expect(401);
    const reader = await t.apiKey({ roles: ['reader', 'auditor', 'finance-inspector'] });
    await t.as(reader.authorization).get('/metrics').expect(403);
  });

  it('name every series the operators watch, in the Prometheus text format', async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'union_ledger_http_request_duration_seconds_bucket',
      'union_ledger_commands_total',
      'union_ledger_appends_total',
      'union_ledger_events_appended_total',
      'union_ledger_projection_lag_events',
      'union_ledger_projection_lag_seconds',
      'union_ledger_projection_failed',
      'union_ledger_projection_rebuild_progress_ratio',
      'union_ledger_log_length',
      'union_ledger_sqlite_bytes',
    ]) {
      expect(res.text).toContain(`# TYPE ${name.replace(/_bucket$/, '')} `);
    }
    expect(sample(res.text, 'union_ledger_log_length')).toBe(await t.logLength());
    expect(sample(res.text, 'union_ledger_sqlite_bytes{file="database"}')).toBeGreaterThan(0);
    expect(res.text).toMatch(/union_ledger_projection_lag_events\{projection="[a-z-]+"\} \d+/);
    expect(res.text).toContain(
      'union_ledger_http_request_duration_seconds_count{method="POST",route="/federations",status="201"} 1',
    );
  });

  it('count a refused command under its type and rule id, and an accepted one apart', async () => {
    const refused =
      'union_ledger_commands_total{type="RegisterFederation",outcome="refused",rule="federation.already-registered"}';
    const accepted = 'union_ledger_commands_total{type="RegisterFederation",outcome="accepted",rule=""}';
    const before = await scrape();

    const res = await t.http().post('/federations').send(HA_NOI).expect(409);
    expect(res.body.rule).toBe('federation.already-registered');

    const after = await scrape();
    expect(sample(after, refused)).toBe(sample(before, refused) + 1);
    expect(sample(after, accepted)).toBe(sample(before, accepted));
    expect(sample(after, accepted)).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'union_ledger_appends_total{outcome="stored"}')).toBe(
      sample(before, 'union_ledger_appends_total{outcome="stored"}'),
    );
  });

  it('label requests by route pattern, never by the ids in the path', async () => {
    await t.http().get('/history/federation/ha-noi');
    const text = await scrape();
    expect(text).toContain('route="/history/:kind/:id"');
    expect(text).not.toContain('ha-noi');
  });
});
