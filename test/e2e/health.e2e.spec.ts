import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HA_NOI, district } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.http().post('/federations').send(HA_NOI).expect(201);
  });
  afterAll(() => t.close());

  it('answers liveness to anyone', async () => {
    const res = await t.anonymous().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('shows the public the readiness status only', async () => {
    for (const path of ['/health/ready', '/health']) {
      const res = await t.anonymous().get(path).expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    }
  });

  it('shows no details to a non-admin or to credentials that are not valid', async () => {
    const reader = await t.apiKey({ roles: ['reader'] });
    expect((await t.as(reader.authorization).get('/health/ready').expect(200)).body).toEqual({ status: 'ok' });
    const wrong = `ApiKey ulk_000000000000_${'A'.repeat(43)}`;
    expect((await t.as(wrong).get('/health/ready').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('shows an admin every check with its details', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.checks).toEqual({
      eventStore: { ok: true, logLength: await t.logLength() },
      readStore: { ok: true, namespaces: expect.any(Number) },
      sqliteFile: { ok: true, fileBytes: expect.any(Number), walBytes: expect.any(Number) },
      projections: { ok: true, maxLagSeconds: 30, failed: [], behind: [] },
    });
    expect(res.body.checks.sqliteFile.fileBytes).toBeGreaterThan(0);
  });

  it('documents the probes and the metrics in the OpenAPI document', async () => {
    const { paths } = (await t.anonymous().get('/docs/json').expect(200)).body as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(paths['/health/live'].get.responses)).toEqual(['200']);
    expect(Object.keys(paths['/health/ready'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
    expect(paths['/metrics'].get.responses).toHaveProperty('200');
  });
});

describe('health when the SQLite file is replaced under the service', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-replaced-'));
  const path = join(folder, 'ledger.sqlite');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ sqlitePath: path });
    await t.http().post('/federations').send(HA_NOI).expect(201);
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses commands with 503, records nothing, and reports not ready', async () => {
    const before = await t.logLength();
    // Another file moved onto the path, as a restore from a backup done under a running service would.
    writeFileSync(join(folder, 'other.sqlite'), '');
    renameSync(join(folder, 'other.sqlite'), path);

    const refused = await t.http().post('/federations').send(district('ba-vi')).expect(503);
    expect(refused.body.message).toMatch(/replaced by another file/);
    expect(await t.logLength()).toBe(before);
    // Nor is an API key issued into the lost file (the next start would not know it).
    await t
      .http()
      .post('/credentials/api-keys')
      .send({ name: 'too late', roles: ['reader'] })
      .expect(503);

    expect((await t.anonymous().get('/health/ready').expect(503)).body).toEqual({ status: 'unavailable' });
    const details = await t.http().get('/health/ready').expect(503);
    expect(details.body.checks.sqliteFile).toEqual({ ok: false, message: expect.stringMatching(/replaced/) });
    // The process itself is alive: an orchestrator restarts it on the right file rather than killing it blindly.
    await t.anonymous().get('/health/live').expect(200);
  });
});
