import type Database from 'better-sqlite3';
import DatabaseConstructor from 'better-sqlite3';
import { SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { createTestApp, type TestApp, type TestCredential } from '../support/test-app';

describe('integrity over HTTP', () => {
  let t: TestApp;
  let auditor: TestCredential;
  let inspector: TestCredential;
  let reader: TestCredential;
  const post = (path: string, body: object) => t.http().post(path).send(body).expect(201);

  beforeAll(async () => {
    t = await createTestApp();
    auditor = await t.apiKey({ roles: ['auditor'] });
    inspector = await t.apiKey({ roles: ['finance-inspector'] });
    reader = await t.apiKey({ roles: ['reader'] });
    await post('/federations', {
      id: 'ha-noi',
      name: 'LĐLĐ thành phố Hà Nội',
      level: 'city',
      occurredOn: '1990-01-01',
    });
    await post('/federations', {
      id: 'ba-vi',
      name: 'LĐLĐ huyện Ba Vì',
      level: 'district',
      parentId: 'ha-noi',
      occurredOn: '1991-01-01',
    });
    await post('/federations/ba-vi/funds', {
      id: 'social',
      kind: 'social',
      name: 'Quỹ xã hội Ba Vì',
      occurredOn: '2020-01-01',
    });
    await post('/federations/ba-vi/funds/social/contributions', {
      amount: 10_000_000,
      sourceKind: 'individual',
      occurredOn: '2020-02-10',
    });
  });
  afterAll(() => t.close());

  it('stamps every event the commands record with its hash and the hash before it in its stream', async () => {
    const events = (await t.as(auditor.authorization).get('/history/funds/ba-vi').expect(200)).body.events;
    expect(events).toHaveLength(2);
    expect(events[0].metadata).toMatchObject({
      previousHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(events[1].metadata.previousHash).toBe(events[0].metadata.hash);
  });

  it('verifies the log for auditors and finance inspectors', async () => {
    const head = await t.logLength();
    for (const who of [auditor, inspector]) {
      const res = await t.as(who.authorization).get('/integrity/verify').expect(200);
      expect(res.body).toMatchObject({ ok: true, checked: head, head, problems: [] });
    }
  });

  it('seals on demand for admins, recording a LogSealed event in the seal stream', async () => {
    const head = await t.logLength();
    const res = await t.http().post('/integrity/seal').expect(200);
    expect(res.body.seals).toEqual([
      expect.objectContaining({ fromPosition: 0, toPosition: head, count: head, position: head + 1 }),
    ]);
    const log = (await t.as(auditor.authorization).get(`/events?after=${head}`).expect(200)).body.events;
    expect(log).toEqual([
      expect.objectContaining({
        streamId: 'integrity-seals',
        type: 'LogSealed',
        data: expect.objectContaining({ fromPosition: 0, toPosition: head, count: head, occurredOn: '2026-06-30' }),
        metadata: expect.objectContaining({ actor: t.adminActor }),
      }),
    ]);
    // Nothing new but the seal: nothing to seal.
    expect((await t.http().post('/integrity/seal').expect(200)).body.seals).toEqual([]);
  });

  it('refuses sealing to anyone but admins, and verification to readers', async () => {
    const before = await t.logLength();
    await t.as(auditor.authorization).post('/integrity/seal').expect(403);
    await t.as(reader.authorization).get('/integrity/verify').expect(403);
    await t.anonymous().get('/integrity/digest').expect(401);
    expect(await t.logLength()).toBe(before);
  });

  it('gives a digest that still verifies after more appends', async () => {
    const digest = (await t.as(inspector.authorization).get('/integrity/digest').expect(200)).body;
    expect(digest).toMatchObject({
      format: 'union-ledger-digest/1',
      position: await t.logLength(),
      seal: expect.any(Object),
    });
    await post('/federations/ba-vi/funds/social/payments', {
      amount: 2_000_000,
      purpose: 'hardship',
      recipientKind: 'member',
      occurredOn: '2020-02-11',
    });
    const res = await t
      .as(inspector.authorization)
      .get('/integrity/verify')
      .query({ digest: JSON.stringify(digest) })
      .expect(200);
    expect(res.body).toMatchObject({
      ok: true,
      digest: { position: digest.position, checkedBy: 'merkle-root', matches: true },
    });
  });

  it('answers 400, naming what is wrong, to a digest that is not one', async () => {
    const res = await t
      .as(auditor.authorization)
      .get('/integrity/verify')
      .query({ digest: '{"format":"x"}' })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain("format must be 'union-ledger-digest/1'");
    await t.as(auditor.authorization).get('/integrity/verify').query({ digest: 'not json' }).expect(400);
  });

  it('documents the integrity routes', async () => {
    const { paths } = (await t.http().get('/docs/json').expect(200)).body;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/integrity/verify', '/integrity/digest', '/integrity/seal']),
    );
  });

  it('reports the first position an intruder changed in the database file behind the service', async () => {
    const path = t.app.get<Database.Database>(SQLITE_DATABASE).name;
    const intruder = new DatabaseConstructor(path);
    const target = intruder
      .prepare<[], { position: number }>(
        "SELECT position FROM events WHERE type = 'ContributionReceived' ORDER BY position LIMIT 1",
      )
      .get()!;
    intruder.prepare("UPDATE events SET data = json_set(data, '$.amount', 1) WHERE position = ?").run(target.position);
    intruder.close();
    const res = await t.as(auditor.authorization).get('/integrity/verify').expect(200);
    expect(res.body).toMatchObject({
      ok: false,
      firstProblem: { position: target.position, streamId: 'fundbook-ba-vi', revision: 1, kind: 'altered' },
    });
  });
});
