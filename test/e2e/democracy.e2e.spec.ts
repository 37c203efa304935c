import { expectRefused, registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

describe('democracy at work over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const post = (path: string, body: object, status = 201) => t.http().post(path).send(body).expect(status);
    await registerHanoi(t, ['ba-vi', 'son-tay']);
    const found = (id: string, sector: string) =>
      post('/unions', { id, federationId: 'ba-vi', name: `CĐCS ${id}`, sector, occurredOn: '2010-01-01' });
    await found('tan-linh-school', 'public-service');
    await found('may-ba-vi', 'non-state-enterprise');
    await found('moved-school', 'public-service');
    await found('closed-unit', 'public-service');
    await post('/unions/moved-school/transfer', { toFederationId: 'son-tay', occurredOn: '2024-02-01' }, 200);
    await post('/unions/closed-unit/dissolve', { occurredOn: '2020-12-31' }, 200);
  });
  afterAll(() => t.close());

  /** Asserts a refusal of a POST: status, message, rule id, and that nothing was recorded. */
  const refused = (path: string, body: object, status: number, message: string, rule?: string) =>
    expectRefused(t, () => t.http().post(path).send(body), status, message, rule);

  describe('conferences', () => {
    it('records a civil-servant conference in a public service unit', async () => {
      const res = await t
        .http()
        .post('/unions/tan-linh-school/conferences')
        .set('Authorization', t.jwt({ sub: 'clerk-ba-vi', roles: ['recorder'], federations: ['ba-vi'] }).authorization)
        .send({ year: 2023, kind: 'civil-servants', occurredOn: '2023-03-10', reason: 'biên bản hội nghị' })
        .expect(201);
      expect(res.body).toMatchObject({
        id: 'tan-linh-school',
        streamId: 'democracy-tan-linh-school',
        revision: 0,
        events: [{ type: 'ConferenceHeld' }],
        replayed: false,
      });

      const history = await t.http().get('/history/democracy/tan-linh-school').expect(200);
      expect(history.body.events).toHaveLength(1);
      expect(history.body.events[0]).toMatchObject({
        type: 'ConferenceHeld',
        data: {
          occurredOn: '2023-03-10',
          unionId: 'tan-linh-school',
          federationId: 'ba-vi',
          year: 2023,
          kind: 'civil-servants',
        },
        metadata: { actor: 'user:clerk-ba-vi', reason: 'biên bản hội nghị' },
      });
    });

    it('records a workers conference in an enterprise', async () => {
      await t
        .http()
        .post('/unions/may-ba-vi/conferences')
        .send({ year: 2023, kind: 'workers', occurredOn: '2023-02-20' })
        .expect(201);
      const stored = await t.store.readStream('democracy-may-ba-vi');
      expect(stored.map((e) => [e.type, e.data.kind])).toEqual([['ConferenceHeld', 'workers']]);
    });

    it('records, for a conference recorded late, the federation the union belonged to that day', async () => {
      await t
        .http()
        .post('/unions/moved-school/conferences')
        .send({ year: 2023, kind: 'workers', occurredOn: '2023-03-01' })
        .expect(201);
      await t
        .http()
        .post('/unions/moved-school/conferences')
        .send({ year: 2024, kind: 'workers', occurredOn: '2024-03-01' })
        .expect(201);
      const stored = await t.store.readStream('democracy-moved-school');
      expect(stored.map((e) => e.data.federationId)).toEqual(['ba-vi', 'son-tay']);
    });

    it('refuses malformed bodies with 400', async () => {
      const path = '/unions/tan-linh-school/conferences';
      await refused(path, { year: 2023, kind: 'annual', occurredOn: '2023-03-10' }, 400, 'kind must be one of');
      await refused(path, { year: '2023', kind: 'workers', occurredOn: '2023-03-10' }, 400, 'year must be an integer');
      await refused(path, { year: 2023, kind: 'workers', occurredOn: '2023-02-30' }, 400, 'occurredOn must be');
      await refused(path, { year: 2023, kind: 'workers', occurredOn: '2023-03-10', units: 3 }, 400, 'units');
      await refused(
        '/unions/Tan Linh/conferences',
        { year: 2023, kind: 'workers', occurredOn: '2023-03-10' },
        400,
        'id',
      );
    });

    it('refuses an unknown union with 404', async () => {
      await refused(
        '/unions/nowhere/conferences',
        { year: 2023, kind: 'workers', occurredOn: '2023-03-10' },
        404,
        "union 'nowhere' does not exist",
      );
    });

    it('refuses broken rules with 409 and a rule id', async () => {
      const path = '/unions/tan-linh-school/conferences';
      await refused(
        path,
        { year: 2023, kind: 'civil-servants', occurredOn: '2023-11-10' },
        409,
        'already held its civil-servants conference for 2023 on 2023-03-10',
        'conference.already-held',
      );
      await refused(
        '/unions/may-ba-vi/conferences',
        { year: 2023, kind: 'civil-servants', occurredOn: '2023-03-10' },
        409,
        'civil-servant conferences are held only in public administration or public service units',
        'conference.kind-sector',
      );
      await refused(
        path,
        { year: 2022, kind: 'workers', occurredOn: '2023-01-10' },
        409,
        'the year must be that of occurredOn',
        'conference.year',
      );
      await refused(
        '/unions/closed-unit/conferences',
        { year: 2021, kind: 'workers', occurredOn: '2021-03-10' },
        409,
        'dissolved on 2020-12-31',
        'union.dissolved',
      );
      await refused(
        path,
        { year: 2026, kind: 'workers', occurredOn: '2026-07-01' },
        409,
        'after today',
        'date.in-future',
      );
    });
  });

  describe('collective labour agreements', () => {
    const agreement = {
      id: 'tu-2024',
      title: 'Thỏa ước lao động tập thể Công ty May Ba Vì 2024–2026',
      validFrom: '2024-01-01',
      validUntil: '2026-12-31',
      occurredOn: '2023-12-20',
    };

    it('records an agreement signed by a union', async () => {
      const res = await t.http().post('/unions/may-ba-vi/agreements').send(agreement).expect(201);
      expect(res.body).toMatchObject({
        id: 'tu-2024',
        streamId: 'democracy-may-ba-vi',
        events: [{ type: 'AgreementSigned' }],
      });
      const history = await t.http().get('/history/democracy/may-ba-vi').expect(200);
      expect(history.body.events.at(-1)).toMatchObject({
        type: 'AgreementSigned',
        data: {
          occurredOn: '2023-12-20',
          unionId: 'may-ba-vi',
          federationId: 'ba-vi',
          agreementId: 'tu-2024',
          title: agreement.title,
          validFrom: '2024-01-01',
          validUntil: '2026-12-31',
        },
      });
    });

    it('generates an id for an open-ended agreement, and keeps it across an idempotent retry', async () => {
      const body = { title: 'Thỏa ước không thời hạn', validFrom: '2024-01-01', occurredOn: '2024-01-01' };
      const send = () =>
        t.http().post('/unions/tan-linh-school/agreements').set('Idempotency-Key', 'tu-open-1').send(body).expect(201);
      const first = await send();
      const before = await t.logLength();
      const retry = await send();
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expect(await t.logLength()).toBe(before);
      const stored = await t.store.readStream('democracy-tan-linh-school');
      expect(stored.at(-1)?.data).toMatchObject({ agreementId: first.body.id, validUntil: null });
    });

    it('refuses malformed bodies with 400', async () => {
      const path = '/unions/may-ba-vi/agreements';
      await refused(path, { ...agreement, id: 'TU 2024' }, 400, 'id must be');
      await refused(path, { ...agreement, validFrom: '2024-13-01' }, 400, 'validFrom must be a calendar date');
      await refused(path, { ...agreement, validUntil: 'soon' }, 400, 'validUntil must be a calendar date');
      await refused(path, { ...agreement, title: '' }, 400, 'title');
    });

    it('refuses an unknown union with 404', async () => {
      await refused('/unions/nowhere/agreements', agreement, 404, "union 'nowhere' does not exist");
    });

    it('refuses broken rules with 409 and a rule id', async () => {
      const path = '/unions/may-ba-vi/agreements';
      await refused(
        path,
        agreement,
        409,
        "agreement 'tu-2024' of union 'may-ba-vi' was already signed",
        'agreement.already-signed',
      );
      await refused(
        path,
        { ...agreement, id: 'tu-x', validUntil: '2023-12-31' },
        409,
        'validUntil 2023-12-31 must be a date written YYYY-MM-DD after validFrom 2024-01-01',
        'agreement.validity',
      );
      await refused(
        path,
        { ...agreement, id: 'tu-y', validFrom: '2009-01-01' },
        409,
        "not before union 'may-ba-vi' was founded (2010-01-01)",
        'agreement.valid-from',
      );
      await refused(
        path,
        { ...agreement, id: 'tu-z', occurredOn: '2009-06-01' },
        409,
        'founded only on 2010-01-01',
        'union.not-yet-founded',
      );
    });
  });
});
