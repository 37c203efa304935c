import { createTestApp, type TestApp } from '../support/test-app';

describe('organisation over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers a city federation and a district under it, and shows who recorded them', async () => {
    await t
      .http()
      .post('/federations')
      .set('Authorization', t.jwt({ sub: 'clerk-hanoi', roles: ['recorder'], federations: ['ha-noi'] }).authorization)
      .send({ id: 'ha-noi', name: 'LĐLĐ thành phố Hà Nội', level: 'city', occurredOn: '1990-01-01' })
      .expect(201)
      .expect((res) => expect(res.body).toMatchObject({ id: 'ha-noi', streamId: 'federation-ha-noi', revision: 0 }));
    const district = await t
      .http()
      .post('/federations')
      .send({ id: 'ba-vi', name: 'LĐLĐ huyện Ba Vì', level: 'district', parentId: 'ha-noi', occurredOn: '1991-01-01' })
      .expect(201);
    expect(district.body.position).toBe(2);

    const history = await t.http().get('/history/federations/ha-noi').expect(200);
    expect(history.body.events[0]).toMatchObject({
      type: 'FederationRegistered',
      metadata: { actor: 'user:clerk-hanoi', occurredOn: '1990-01-01' },
    });
  });

  it('refuses a district under an unknown parent with 404 and appends nothing', async () => {
    const before = await t.logLength();
    const res = await t
      .http()
      .post('/federations')
      .send({ id: 'x', name: 'X', level: 'district', parentId: 'nowhere', occurredOn: '2020-01-01' })
      .expect(404);
    expect(res.body.message).toContain("federation 'nowhere' does not exist");
    expect(await t.logLength()).toBe(before);
  });
});
