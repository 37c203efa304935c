import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { district, HA_NOI } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

describe('authentication over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.http().post('/federations').send(HA_NOI).expect(201);
  });
  afterAll(() => t.close());

  describe('without valid credentials', () => {
    it('answers 401 with a challenge and a plain message, and records nothing', async () => {
      const before = await t.logLength();
      const res = await t.anonymous().post('/federations').send(district('ba-vi')).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer, ApiKey');
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringContaining('credentials required'),
      });
      expect(await t.logLength()).toBe(before);
    });

    it('does not let a header name the actor: X-Actor alone is anonymous', async () => {
      await t.anonymous().post('/federations').set('X-Actor', 'admin').send(district('ba-vi')).expect(401);
    });

    it('keeps health and the OpenAPI document open', async () => {
      await t.anonymous().get('/health').expect(200);
      const docs = await t.anonymous().get('/docs/json').expect(200);
      expect(Object.keys(docs.body.components.securitySchemes)).toEqual(['bearer', 'api-key', 'api-key-authorization']);
    });
  });

  describe('the actor of every event', () => {
    it('is the authenticated principal, whatever X-Actor says', async () => {
      const clerk = t.jwt({ sub: 'clerk-ha-noi', roles: ['recorder'], federations: ['ha-noi'] });
      await t
        .as(clerk.authorization)
        .post('/federations')
        .set('X-Actor', 'someone-else')
        .send(district('ba-vi'))
        .expect(201);
      await t.http().post('/federations').set('X-Actor', 'someone-else').send(district('dan-phuong')).expect(201);

      const baVi = await t.http().get('/history/federations/ba-vi').expect(200);
      expect(baVi.body.events[0].metadata).toMatchObject({ actor: 'user:clerk-ha-noi', occurredOn: '1991-01-01' });
      expect(baVi.body.events[0].metadata.correlationId).toEqual(expect.any(String));
      const danPhuong = await t.http().get('/history/federations/dan-phuong').expect(200);
      expect(danPhuong.body.events[0].metadata.actor).toBe(t.adminActor);
    });

    it('is the API key principal for a machine client', async () => {
      const machine = await t.apiKey({ roles: ['recorder'], federations: ['ba-vi'], name: 'Ba Vì import job' });
      await t
        .as(machine.authorization)
        .put('/federations/ba-vi/targets/2023')
        .set('X-Correlation-Id', 'import-2023-01')
        .send({ newMembers: 1000, newUnions: 5, occurredOn: '2023-01-05' })
        .expect(200);
      const history = await t.http().get('/history/federations/ba-vi').expect(200);
      expect(history.body.events[1].metadata).toMatchObject({ actor: machine.actor, correlationId: 'import-2023-01' });
    });
  });

  describe('API keys managed by admins', () => {
    it('creates a key shown once, stored only as its SHA-256, that then authenticates', async () => {
      const created = await t
        .http()
        .post('/credentials/api-keys')
        .send({ name: 'Ba Vì clerk', roles: ['recorder'], federationIds: ['ba-vi'] })
        .expect(201);
      const { key, apiKey } = created.body;
      expect(key).toMatch(/^ulk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect(apiKey).toEqual({
        id: key.slice(4, 16),
        name: 'Ba Vì clerk',
        roles: ['recorder'],
        federationIds: ['ba-vi'],
        createdAt: '2026-06-30T03:00:00.000Z',
        createdBy: t.adminActor,
        revokedAt: null,
      });

      const db = t.app.get<Database.Database>(SQLITE_DATABASE);
      const row = db.prepare('SELECT * FROM credential_api_keys WHERE id = ?').get(apiKey.id) as Record<
        string,
        unknown
      >;
      expect(JSON.stringify(row)).not.toContain(key.slice(17));
      expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));

      const listed = await t.http().get('/credentials/api-keys').expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(key.slice(17));
      expect(JSON.stringify(listed.body)).not.toContain(row.key_hash);
      expect(listed.body.apiKeys).toContainEqual(apiKey);

      await t
        .anonymous()
        .put('/federations/ba-vi/workforce/2023')
        .set('X-Api-Key', key)
        .send({ workers: 52000, occurredOn: '2023-12-31' })
        .expect(200);
    });

    it('revokes a key: the next request with it answers 401', async () => {
      const reader = await t.apiKey({ roles: ['reader'] });
      await t
        .as(reader.authorization)
        .get('/read/federations/ba-vi/membership')
        .expect((res) => expect(res.status).not.toBe(401));
      const id = reader.actor.replace('api-key:', '');
      const revoked = await t.http().post(`/credentials/api-keys/${id}/revoke`).expect(200);
      expect(revoked.body.revokedAt).toBe('2026-06-30T03:00:00.000Z');
      const res = await t.as(reader.authorization).get('/read/federations/ba-vi/membership').expect(401);
      expect(res.body.message).toBe('API key was revoked');
      const again = await t.http().post(`/credentials/api-keys/${id}/revoke`).expect(409);
      expect(again.body.rule).toBe('credential.already-revoked');
      await t.http().post('/credentials/api-keys/ffffffffffff/revoke').expect(404);
    });

    it('never revokes the last active admin key over HTTP', async () => {
      const id = t.adminActor.replace('api-key:', '');
      const res = await t.http().post(`/credentials/api-keys/${id}/revoke`).expect(409);
      expect(res.body.rule).toBe('credential.last-admin');
    });

    it('refuses keys that could not work, or bodies that are not keys', async () => {
      const recorder = await t
        .http()
        .post('/credentials/api-keys')
        .send({ name: 'x', roles: ['recorder'] })
        .expect(409);
      expect(recorder.body.rule).toBe('credential.recorder-without-federations');
      const reader = await t
        .http()
        .post('/credentials/api-keys')
        .send({ name: 'x', roles: ['reader'], federationIds: ['ba-vi'] })
        .expect(409);
      expect(reader.body.rule).toBe('credential.federations-without-recorder');
      const bad = await t
        .http()
        .post('/credentials/api-keys')
        .send({ name: '', roles: ['root'], federationIds: ['Ba Vì'], keyHash: 'x' })
        .expect(400);
      const message = (bad.body.message as string[]).join('\n');
      expect(message).toContain('name must be');
      expect(message).toContain('roles');
      expect(message).toContain('property keyHash should not exist');
    });

    it('is for admins only', async () => {
      const auditor = await t.apiKey({ roles: ['auditor'] });
      await t.as(auditor.authorization).get('/credentials/api-keys').expect(403);
      await t
        .as(auditor.authorization)
        .post('/credentials/api-keys')
        .send({ name: 'x', roles: ['admin'] })
        .expect(403);
    });
  });
});
