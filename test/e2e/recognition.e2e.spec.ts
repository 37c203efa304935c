import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('recognition over HTTP', () => {
  let t: TestApp;
  const created = (path: string, body: object) => t.http().post(path).send(body).expect(201);

  beforeAll(async () => {
    t = await createTestApp();
    await registerHanoi(t, ['ba-vi', 'phuc-tho']);
    const found = (id: string, federationId: string, occurredOn = '2010-01-01') =>
      created('/unions', { id, federationId, name: `CĐCS ${id}`, sector: 'public-service', occurredOn });
    await found('tan-linh-school', 'ba-vi');
    await found('phuc-tho-factory', 'phuc-tho');
    await found('closed-unit', 'ba-vi');
    await t.http().post('/unions/closed-unit/dissolve').send({ occurredOn: '2020-12-31' }).expect(200);
    // A union that moved to another federation in the 2025 reorganisation.
    await found('moved-unit', 'ba-vi', '2015-01-01');
    await t
      .http()
      .post('/unions/moved-unit/transfer')
      .send({ toFederationId: 'phuc-tho', occurredOn: '2025-07-01' })
      .expect(200);

    const person = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };
    await created('/members', { id: 'lan', unionId: 'tan-linh-school', ...person, occurredOn: '2020-03-01' });
    await created('/members', { id: 'hung', unionId: 'moved-unit', ...person, occurredOn: '2020-03-01' });
    await created('/members', { id: 'newcomer', unionId: 'tan-linh-school', ...person, occurredOn: '2024-09-01' });
  });
  afterAll(() => t.close());

  /** Asserts a refusal of a POST: status, message, rule id, and that nothing was recorded. */
  const refused = (path: string, body: object, status: number, message: string, rule?: string) =>
    expectRefused(t, () => t.http().post(path).send(body), status, message, rule);

  const lanAward = {
    id: 'ldg-2023-lan',
    title: 'Lao động giỏi',
    level: 'district',
    recipientKind: 'member',
    recipientId: 'lan',
    year: 2023,
    occurredOn: '2023-11-22',
  };

  describe('awards', () => {
    it('grants a title to a member, counted for her union’s federation', async () => {
      const res = await t
        .http()
        .post('/awards')
        .set('Authorization', t.jwt({ sub: 'clerk-ba-vi', roles: ['recorder'], federations: ['ba-vi'] }).authorization)
        .send(lanAward)
        .expect(201);
      expect(res.body).toMatchObject({ id: 'ldg-2023-lan', streamId: 'award-ldg-2023-lan', revision: 0 });
      const history = await t.http().get('/history/awards/ldg-2023-lan').expect(200);
      expect(history.body.events[0]).toMatchObject({
        type: 'AwardGranted',
        data: {
          occurredOn: '2023-11-22',
          awardId: 'ldg-2023-lan',
          title: 'Lao động giỏi',
          level: 'district',
          recipient: { kind: 'member', id: 'lan' },
          federationId: 'ba-vi',
          year: 2023,
        },
        metadata: { actor: 'user:clerk-ba-vi' },
      });
    });

    it('grants titles to a union and a federation, generating an id when none is given', async () => {
      const toUnion = await created('/awards', {
        title: 'Công đoàn cơ sở vững mạnh',
        level: 'city',
        recipientKind: 'union',
        recipientId: 'tan-linh-school',
        year: 2022,
        occurredOn: '2023-01-15',
      });
      expect(toUnion.body.id).toMatch(UUID);
      const toFederation = await created('/awards', {
        id: 'cstd-ba-vi-2023',
        title: 'Cờ thi đua',
        level: 'national',
        recipientKind: 'federation',
        recipientId: 'ba-vi',
        year: 2023,
        occurredOn: '2023-12-28',
      });
      const [event] = await t.store.readStream(toFederation.body.streamId);
      expect(event.data).toMatchObject({ recipient: { kind: 'federation', id: 'ba-vi' }, federationId: 'ba-vi' });
    });

    it('counts a late-recorded title for the federation the recipient belonged to on its date', async () => {
      const federationOf = async (body: object) => {
        const res = await created('/awards', body);
        return (await t.store.readStream(res.body.streamId))[0].data.federationId;
      };
      const base = { title: 'Lao động giỏi', level: 'district', year: 2023, occurredOn: '2023-11-22' };
      expect(await federationOf({ ...base, recipientKind: 'member', recipientId: 'hung' })).toBe('ba-vi');
      expect(await federationOf({ ...base, recipientKind: 'union', recipientId: 'moved-unit' })).toBe('ba-vi');
      expect(
        await federationOf({
          ...base,
          recipientKind: 'union',
          recipientId: 'moved-unit',
          year: 2025,
          occurredOn: '2025-12-20',
        }),
      ).toBe('phuc-tho');
    });

    it('answers 400 for malformed fields and unknown fields', async () => {
      const before = await t.logLength();
      const res = await t
        .http()
        .post('/awards')
        .send({ ...lanAward, id: 'x2', level: 'ward', recipientKind: 'person', year: 2023.5, medal: 'gold' })
        .expect(400);
      const message = JSON.stringify(res.body.message);
      expect(message).toContain('level must be one of the following values');
      expect(message).toContain('recipientKind must be one of the following values');
      expect(message).toContain('year must be an integer number');
      expect(message).toContain('property medal should not exist');
      expect(await t.logLength()).toBe(before);
    });

    it('answers 404 for an unknown member, union or federation', async () => {
      for (const [recipientKind, recipientId] of [
        ['member', 'nobody'],
        ['union', 'no-union'],
        ['federation', 'no-federation'],
      ]) {
        await refused(
          '/awards',
          { ...lanAward, id: 'x3', recipientKind, recipientId },
          404,
          `${recipientKind} '${recipientId}' does not exist`,
        );
      }
    });

    it('answers 409 for a title of the wrong year, a recipient not active then, a reused id or a future date', async () => {
      await refused('/awards', { ...lanAward, id: 'x4', year: 2021 }, 409, 'must be for 2023 or 2022', 'award.year');
      await refused(
        '/awards',
        { ...lanAward, id: 'x5', recipientId: 'newcomer' },
        409,
        "member 'newcomer' was not yet a member on 2023-11-22",
        'member.not-a-member-on-date',
      );
      await refused(
        '/awards',
        { ...lanAward, id: 'x6', recipientKind: 'union', recipientId: 'closed-unit' },
        409,
        "union 'closed-unit' was dissolved on 2020-12-31",
        'union.dissolved',
      );
      await refused('/awards', lanAward, 409, "award 'ldg-2023-lan' was already granted", 'award.already-granted');
      await refused(
        '/awards',
        { ...lanAward, id: 'x7', year: 2026, occurredOn: '2026-07-01' },
        409,
        'is after today',
        'date.in-future',
      );
    });

    it('revokes a title with a reason, once, not before it was granted', async () => {
      await refused('/awards/ldg-2023-lan/revoke', { occurredOn: '2024-02-01' }, 400, 'reason is required');
      await refused('/awards/ldg-2023-lan/revoke', { occurredOn: '2024-02-01', reason: '' }, 400, 'reason is required');
      await refused(
        '/awards/no-such-award/revoke',
        { occurredOn: '2024-02-01', reason: 'sai đối tượng' },
        404,
        "award 'no-such-award' does not exist",
      );
      await refused(
        '/awards/ldg-2023-lan/revoke',
        { occurredOn: '2023-11-21', reason: 'sai đối tượng' },
        409,
        'occurredOn 2023-11-21 is before',
        'date.before-existence',
      );

      const res = await t
        .http()
        .post('/awards/ldg-2023-lan/revoke')
        .send({ occurredOn: '2024-02-01', reason: 'Quyết định thu hồi số 12/QĐ-LĐLĐ' })
        .expect(200);
      expect(res.body).toMatchObject({ id: 'ldg-2023-lan', revision: 1, events: [{ type: 'AwardRevoked' }] });
      const [, event] = await t.store.readStream('award-ldg-2023-lan');
      expect(event).toMatchObject({
        type: 'AwardRevoked',
        data: {
          occurredOn: '2024-02-01',
          awardId: 'ldg-2023-lan',
          recipient: { kind: 'member', id: 'lan' },
          federationId: 'ba-vi',
        },
        metadata: { reason: 'Quyết định thu hồi số 12/QĐ-LĐLĐ' },
      });

      await refused(
        '/awards/ldg-2023-lan/revoke',
        { occurredOn: '2024-03-01', reason: 'again' },
        409,
        'already been revoked',
        'award.already-revoked',
      );
    });
  });

  describe('initiatives', () => {
    const initiative = {
      id: 'sk-2017-001',
      federationId: 'ba-vi',
      unionId: 'tan-linh-school',
      title: 'Cải tiến quy trình kiểm kê kho',
      valueSavedDong: 25_000_000,
      occurredOn: '2017-12-20',
    };

    it('recognises an initiative of a union, and one of the federation alone', async () => {
      const res = await created('/initiatives', initiative);
      expect(res.body).toMatchObject({ id: 'sk-2017-001', streamId: 'initiative-sk-2017-001', revision: 0 });
      const history = await t.http().get('/history/initiatives/sk-2017-001').expect(200);
      expect(history.body.events[0]).toMatchObject({
        type: 'InitiativeRecognised',
        data: {
          occurredOn: '2017-12-20',
          initiativeId: 'sk-2017-001',
          federationId: 'ba-vi',
          unionId: 'tan-linh-school',
          title: 'Cải tiến quy trình kiểm kê kho',
          valueSavedDong: 25_000_000,
        },
      });

      const { id: _id, unionId: _unionId, ...federationOnly } = initiative;
      const second = await created('/initiatives', federationOnly);
      expect(second.body.id).toMatch(UUID);
      const [event] = await t.store.readStream(second.body.streamId);
      expect(event.data).toMatchObject({ federationId: 'ba-vi', unionId: null, valueSavedDong: 25_000_000 });
    });

    it('answers 400 for a value that is not a whole positive number of đồng', async () => {
      for (const valueSavedDong of [1.5, 0, '25000000', 1_000_000_000_001]) {
        await refused('/initiatives', { ...initiative, id: 'sk-bad', valueSavedDong }, 400, 'valueSavedDong');
      }
    });

    it('answers 404 for an unknown federation or union', async () => {
      await refused(
        '/initiatives',
        { ...initiative, id: 'sk-x', federationId: 'nowhere' },
        404,
        "federation 'nowhere' does not exist",
      );
      await refused(
        '/initiatives',
        { ...initiative, id: 'sk-x', unionId: 'no-union' },
        404,
        "union 'no-union' does not exist",
      );
    });

    it('answers 409 for a union of another federation, a dissolved union, or a reused id', async () => {
      await refused(
        '/initiatives',
        { ...initiative, id: 'sk-x', unionId: 'phuc-tho-factory' },
        409,
        "union 'phuc-tho-factory' belonged to federation 'phuc-tho'",
        'initiative.union-outside-federation',
      );
      await refused(
        '/initiatives',
        { ...initiative, id: 'sk-x', unionId: 'closed-unit', occurredOn: '2021-03-01' },
        409,
        'was dissolved on 2020-12-31',
        'union.dissolved',
      );
      await refused('/initiatives', initiative, 409, 'already recognised', 'initiative.already-recognised');
    });
  });
});
