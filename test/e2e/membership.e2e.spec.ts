import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const lan = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };

describe('membership over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const post = (path: string, body: object) => t.http().post(path).send(body).expect(201);
    await registerHanoi(t, ['ba-vi', 'phuc-tho']);
    const found = (id: string, federationId: string) =>
      post('/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn: '2010-01-01' });
    await found('tan-linh-school', 'ba-vi');
    await found('phuc-tho-factory', 'phuc-tho');
    await found('closed-unit', 'ba-vi');
    await t.http().post('/unions/closed-unit/dissolve').send({ occurredOn: '2020-12-31' }).expect(200);
  });
  afterAll(() => t.close());

  /** Asserts a refusal of a POST: status, message, rule id, and that nothing was recorded. */
  const refused = (path: string, body: object, status: number, message: string, rule?: string) =>
    expectRefused(t, () => t.http().post(path).send(body), status, message, rule);

  describe('joining', () => {
    it('records a member joining, with personal data only in the member’s own history', async () => {
      const res = await t
        .http()
        .post('/members')
        .set('Authorization', t.jwt({ sub: 'clerk-ba-vi', roles: ['recorder'], federations: ['ba-vi'] }).authorization)
        .send({ id: 'lan', unionId: 'tan-linh-school', ...lan, occurredOn: '2023-03-08', reason: 'kết nạp' })
        .expect(201);
      expect(res.body).toMatchObject({
        id: 'lan',
        streamId: 'member-lan',
        revision: 0,
        events: [{ type: 'MemberJoined' }],
        replayed: false,
      });

      const history = await t.http().get('/history/members/lan').expect(200);
      expect(history.body.events[0]).toMatchObject({
        type: 'MemberJoined',
        data: {
          occurredOn: '2023-03-08',
          memberId: 'lan',
          unionId: 'tan-linh-school',
          federationId: 'ba-vi',
          personal: lan,
        },
        metadata: { actor: 'user:clerk-ba-vi', reason: 'kết nạp' },
      });

      const log = await t.http().get('/events?limit=1000').expect(200);
      const carryingName = log.body.events.filter((e: { data: object }) =>
        JSON.stringify(e.data).includes(lan.fullName),
      );
      expect(carryingName.map((e: { streamId: string }) => e.streamId)).toEqual(['member-lan']);
    });

    it('generates an id when none is given', async () => {
      const res = await t
        .http()
        .post('/members')
        .send({
          unionId: 'tan-linh-school',
          ...lan,
          fullName: 'Trần Văn Minh',
          gender: 'male',
          occurredOn: '2023-05-01',
        })
        .expect(201);
      expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(res.body.streamId).toBe(`member-${res.body.id}`);
    });

    it('answers 400 for malformed fields, naming each one', async () => {
      const res = await refused(
        '/members',
        {
          id: 'Bad Id',
          unionId: 'tan-linh-school',
          ...lan,
          gender: 'x',
          birthDate: '17/05/1990',
          occurredOn: '2023-03-08',
        },
        400,
        'id must be 1-64 lowercase letters',
      );
      const message = JSON.stringify(res.body.message);
      expect(message).toContain('gender must be one of the following values');
      expect(message).toContain('birthDate must be a calendar date written YYYY-MM-DD');
    });

    it('answers 400 for unknown fields and missing personal data', async () => {
      await refused(
        '/members',
        { unionId: 'tan-linh-school', ...lan, occurredOn: '2023-03-08', salary: 1 },
        400,
        'property salary should not exist',
      );
      await refused('/members', { unionId: 'tan-linh-school', occurredOn: '2023-03-08' }, 400, 'fullName');
    });

    it('answers 404 for an unknown union', async () => {
      await refused(
        '/members',
        { id: 'ghost', unionId: 'nowhere', ...lan, occurredOn: '2023-03-08' },
        404,
        "union 'nowhere' does not exist",
      );
    });

    it('answers 409 for a union dissolved by then, a member already joined, a child, or a future date', async () => {
      await refused(
        '/members',
        { id: 'hoa', unionId: 'closed-unit', ...lan, occurredOn: '2021-01-05' },
        409,
        "union 'closed-unit' was dissolved on 2020-12-31",
        'union.dissolved',
      );
      await refused(
        '/members',
        { id: 'lan', unionId: 'tan-linh-school', ...lan, occurredOn: '2024-01-01' },
        409,
        "member 'lan' already belongs to union 'tan-linh-school'",
        'member.already-joined',
      );
      await refused(
        '/members',
        { id: 'child', unionId: 'tan-linh-school', ...lan, birthDate: '2015-01-01', occurredOn: '2024-01-01' },
        409,
        'must be at least 15',
        'member.birth-date',
      );
      await refused(
        '/members',
        { id: 'later', unionId: 'tan-linh-school', ...lan, occurredOn: '2026-07-01' },
        409,
        'is after today (2026-06-30)',
        'date.in-future',
      );
    });

    it('records the federation the union belonged to on the join date, even when recorded late', async () => {
      await t
        .http()
        .post('/unions')
        .send({
          id: 'moved-unit',
          federationId: 'ba-vi',
          name: 'CĐCS moved',
          sector: 'state-enterprise',
          occurredOn: '2015-01-01',
        })
        .expect(201);
      await t
        .http()
        .post('/unions/moved-unit/transfer')
        .send({ toFederationId: 'phuc-tho', occurredOn: '2025-07-01' })
        .expect(200);
      await t
        .http()
        .post('/members')
        .send({ id: 'before-move', unionId: 'moved-unit', ...lan, occurredOn: '2024-02-01' })
        .expect(201);
      await t
        .http()
        .post('/members')
        .send({ id: 'after-move', unionId: 'moved-unit', ...lan, occurredOn: '2025-08-01' })
        .expect(201);
      const federationOf = async (id: string) => (await t.store.readStream(`member-${id}`))[0].data.federationId;
      expect(await federationOf('before-move')).toBe('ba-vi');
      expect(await federationOf('after-move')).toBe('phuc-tho');
    });
  });

  describe('transferring and leaving', () => {
    beforeAll(async () => {
      await t
        .http()
        .post('/members')
        .send({ id: 'minh', unionId: 'tan-linh-school', ...lan, occurredOn: '2022-01-10' })
        .expect(201);
    });

    it('answers 400 for a malformed path id or body', async () => {
      await refused(
        '/members/Not%20An%20Id/transfer',
        { toUnionId: 'phuc-tho-factory', occurredOn: '2023-01-01' },
        400,
        'must be 1-64',
      );
      await refused(
        '/members/minh/transfer',
        { toUnionId: 'phuc-tho-factory' },
        400,
        'occurredOn must be a calendar date',
      );
      await refused(
        '/members/minh/leave',
        { occurredOn: '2023-01-01', toUnionId: 'x' },
        400,
        'property toUnionId should not exist',
      );
    });

    it('answers 404 for an unknown member or target union', async () => {
      await refused(
        '/members/nobody/transfer',
        { toUnionId: 'phuc-tho-factory', occurredOn: '2023-01-01' },
        404,
        "member 'nobody' does not exist",
      );
      await refused('/members/nobody/leave', { occurredOn: '2023-01-01' }, 404, "member 'nobody' does not exist");
      await refused(
        '/members/minh/transfer',
        { toUnionId: 'nowhere', occurredOn: '2023-01-01' },
        404,
        "union 'nowhere' does not exist",
      );
    });

    it('answers 409 for a move to the same union, to a dissolved union, or dated before the join', async () => {
      await refused(
        '/members/minh/transfer',
        { toUnionId: 'tan-linh-school', occurredOn: '2023-01-01' },
        409,
        "member 'minh' already belongs to union 'tan-linh-school'",
        'member.same-union',
      );
      await refused(
        '/members/minh/transfer',
        { toUnionId: 'closed-unit', occurredOn: '2023-01-01' },
        409,
        "union 'closed-unit' was dissolved on 2020-12-31",
        'union.dissolved',
      );
      await refused(
        '/members/minh/transfer',
        { toUnionId: 'phuc-tho-factory', occurredOn: '2021-12-31' },
        409,
        'occurredOn 2021-12-31 is before',
        'date.before-existence',
      );
    });

    it('moves a member to a union of another federation', async () => {
      const res = await t
        .http()
        .post('/members/minh/transfer')
        .send({ toUnionId: 'phuc-tho-factory', occurredOn: '2023-04-01' })
        .expect(200);
      expect(res.body).toMatchObject({ id: 'minh', streamId: 'member-minh', revision: 1 });
      const [, moved] = await t.store.readStream('member-minh');
      expect(moved).toMatchObject({
        type: 'MemberTransferred',
        data: {
          occurredOn: '2023-04-01',
          memberId: 'minh',
          fromUnionId: 'tan-linh-school',
          toUnionId: 'phuc-tho-factory',
          fromFederationId: 'ba-vi',
          toFederationId: 'phuc-tho',
        },
      });
    });

    it('records a departure, after which the member can neither leave nor move again', async () => {
      const res = await t
        .http()
        .post('/members/minh/leave')
        .send({ occurredOn: '2024-12-31', reason: 'nghỉ hưu' })
        .expect(200);
      expect(res.body).toMatchObject({ id: 'minh', revision: 2, events: [{ type: 'MemberLeft' }] });
      const history = await t.http().get('/history/members/minh').expect(200);
      expect(history.body.events[2]).toMatchObject({
        type: 'MemberLeft',
        data: { occurredOn: '2024-12-31', memberId: 'minh', unionId: 'phuc-tho-factory', federationId: 'phuc-tho' },
        metadata: { reason: 'nghỉ hưu' },
      });

      await refused(
        '/members/minh/leave',
        { occurredOn: '2025-01-01' },
        409,
        "member 'minh' left the union on 2024-12-31",
        'member.has-left',
      );
      await refused(
        '/members/minh/transfer',
        { toUnionId: 'tan-linh-school', occurredOn: '2025-01-01' },
        409,
        'left the union',
        'member.has-left',
      );
    });

    it('lets a member who left rejoin, but not before the departure', async () => {
      await refused(
        '/members',
        { id: 'minh', unionId: 'tan-linh-school', ...lan, occurredOn: '2024-12-30' },
        409,
        'is before',
        'date.before-existence',
      );
      await t
        .http()
        .post('/members')
        .send({ id: 'minh', unionId: 'tan-linh-school', ...lan, occurredOn: '2025-03-01' })
        .expect(201)
        .expect((res) => expect(res.body).toMatchObject({ streamId: 'member-minh', revision: 3 }));
    });
  });
});
