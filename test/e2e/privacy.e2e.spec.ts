import type Database from 'better-sqlite3';
import { SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { expectRefused } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const lan = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };
const hoa = { fullName: 'Trần Văn Hoà', gender: 'male', birthDate: '1985-11-02' };

describe('personal data and forgetting a member over HTTP (Decree 13/2023)', () => {
  let t: TestApp;
  let db: Database.Database;
  let head = 0;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get<Database.Database>(SQLITE_DATABASE);
    const post = async (path: string, body: object, status = 201) =>
      (head = (await t.http().post(path).send(body).expect(status)).body.position);
    await post('/federations', { id: 'ba-vi', name: 'LĐLĐ huyện Ba Vì', level: 'district', occurredOn: '1991-01-01' });
    await post('/federations', {
      id: 'phuc-tho',
      name: 'LĐLĐ huyện Phúc Thọ',
      level: 'district',
      occurredOn: '1991-01-01',
    });
    for (const [id, federationId] of [
      ['school', 'ba-vi'],
      ['factory', 'phuc-tho'],
    ]) {
      await post('/unions', {
        id,
        federationId,
        name: `CĐCS ${id}`,
        sector: 'public-service',
        occurredOn: '2010-01-01',
      });
    }
    await post('/members', { id: 'lan', unionId: 'school', ...lan, occurredOn: '2023-03-08' });
    await post('/members', { id: 'hoa', unionId: 'school', ...hoa, occurredOn: '2023-03-08' });
  });
  afterAll(() => t.close());

  const history = async (id: string) => (await t.http().get(`/history/members/${id}`).expect(200)).body.events;
  const membership = async () =>
    (await t.http().get('/read/unions/school/membership').query({ consistentWith: head }).expect(200)).body;
  const forget = (id: string, body: object = { occurredOn: '2026-06-30', reason: 'written request, Decree 13' }) =>
    t.http().post(`/members/${id}/forget`).send(body);

  it('stores the personal data as ciphertext only: no name in the SQLite row', () => {
    const rows = db.prepare("SELECT data FROM events WHERE stream_id = 'member-lan'").all() as { data: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].data).not.toContain(lan.fullName);
    expect(rows[0].data).not.toContain(lan.birthDate);
    expect(JSON.parse(rows[0].data).personal).toEqual({
      encrypted: {
        keyId: 'member-lan',
        iv: expect.any(String),
        ciphertext: expect.any(String),
        tag: expect.any(String),
      },
    });
  });

  it('keeps idempotent joins working although the command hash sees only a keyed fingerprint', async () => {
    const body = {
      id: 'mai',
      unionId: 'school',
      fullName: 'Lê Thị Mai',
      gender: 'female',
      birthDate: '1992-01-01',
      occurredOn: '2024-01-02',
    };
    const send = (b: object) => t.http().post('/members').set('Idempotency-Key', 'join-mai').send(b);
    const first = await send(body).expect(201);
    expect((await send(body).expect(201)).body).toMatchObject({ replayed: true, position: first.body.position });
    await expectRefused(
      t,
      () => send({ ...body, fullName: 'Lê Thị Mây' }),
      409,
      'Idempotency-Key',
      'idempotency.key-reused',
    );
    head = first.body.position;
  });

  it('forgets a member: the history shows the name before and redacted after, counts stay, the chain verifies', async () => {
    expect((await history('lan'))[0].data.personal).toEqual(lan);
    const before = await membership();
    expect(before.members).toBe(3);

    const res = await forget('lan').expect(200);
    head = res.body.position;
    expect(res.body).toMatchObject({ id: 'lan', streamId: 'member-lan', events: [{ type: 'MemberForgotten' }] });

    const events = await history('lan');
    expect(events.map((e: { type: string }) => e.type)).toEqual(['MemberJoined', 'MemberForgotten']);
    expect(events[0].data).toEqual({
      occurredOn: '2023-03-08',
      memberId: 'lan',
      unionId: 'school',
      federationId: 'ba-vi',
      personal: { redacted: true },
    });
    expect(events[1].data).toEqual({ occurredOn: '2026-06-30', memberId: 'lan' });
    expect(events[1].metadata.reason).toBe('written request, Decree 13');
    // The other member is untouched.
    expect((await history('hoa'))[0].data.personal).toEqual(hoa);

    const log = await t.http().get('/events?limit=1000').expect(200);
    expect(JSON.stringify(log.body)).not.toContain(lan.fullName);
    expect(JSON.stringify(log.body)).toContain(hoa.fullName);

    const after = await membership();
    expect(after).toEqual(before);

    const verification = await t.http().get('/integrity/verify').expect(200);
    expect(verification.body).toMatchObject({ ok: true });
  });

  it('keeps the forgotten member’s membership facts: they can still transfer', async () => {
    const res = await t.http().post('/members/lan/transfer').send({ toUnionId: 'factory', occurredOn: '2026-06-30' });
    expect(res.status).toBe(200);
    head = res.body.position;
  });

  it('answers 409 when the member was already forgotten', async () => {
    await expectRefused(t, () => forget('lan'), 409, 'already forgotten', 'member.already-forgotten');
  });

  it('answers 409 when a forgotten member would rejoin under the same id', async () => {
    await t.http().post('/members/lan/leave').send({ occurredOn: '2026-06-30' }).expect(200);
    await expectRefused(
      t,
      () =>
        t
          .http()
          .post('/members')
          .send({ id: 'lan', unionId: 'school', ...lan, occurredOn: '2026-06-30' }),
      409,
      'new member id',
      'member.forgotten',
    );
  });

  it('answers 404 for an unknown member', async () => {
    await expectRefused(t, () => forget('nobody'), 404, 'nobody');
  });

  it('answers 400 without a reason', async () => {
    await expectRefused(t, () => forget('hoa', { occurredOn: '2026-06-30' }), 400, 'reason');
  });

  it('answers 403 to a recorder of another federation, and lets one in scope forget', async () => {
    const outsider = t.jwt({ sub: 'clerk-phuc-tho', roles: ['recorder'], federations: ['phuc-tho'] }).authorization;
    await expectRefused(
      t,
      () => t.as(outsider).post('/members/hoa/forget').send({ occurredOn: '2026-06-30', reason: 'request' }),
      403,
      '',
    );
    const clerk = t.jwt({ sub: 'clerk-ba-vi', roles: ['recorder'], federations: ['ba-vi'] }).authorization;
    await t.as(clerk).post('/members/hoa/forget').send({ occurredOn: '2026-06-30', reason: 'request' }).expect(200);
    expect((await history('hoa'))[0].data.personal).toEqual({ redacted: true });
    expect((await t.http().get('/integrity/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
