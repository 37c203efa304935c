import { CLUSTER_4, DISTRICTS, HA_DONG_2017, HOAN_KIEM_2020, REORGANISATION_2025 } from '../../src/cli/demo-history';
import { seedDemo } from '../../src/cli/seed-demo';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { ALL_PROJECTIONS } from '../../projections';
import { describeOnEveryStoreConfiguration } from '../support/live-stores';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The projections work is done when, after the demo seed, a client reads the figures the seed articles
 * report — today and as of earlier dates. This records the whole demo history through the command
 * layer (about 80,000 events), lets every projection catch up, and reads over HTTP. It runs once per store
 * configuration: the embedded SQLite default always, KurrentDB + MongoDB when their URLs are set.
 */
describeOnEveryStoreConfiguration('read models over the demo history (the seed articles)', (configuration) => {
  let t: TestApp;
  let head: number;

  beforeAll(async () => {
    t = await createTestApp({ stores: configuration });
    await seedDemo(t.app);
    head = await t.store.headPosition();
    const runner = t.app.get(ProjectionRunner);
    for (const projection of ALL_PROJECTIONS) {
      expect(await runner.waitFor(projection.name, head, 300_000)).toBe(true);
    }
  }, 600_000);
  afterAll(() => t?.close());

  const get = (path: string) => t.http().get(path).expect(200);

  it("ranks cluster no. 4's 2023 districts with the rates the article gives, beside the grades it recorded", async () => {
    const { body } = await get(`/read/clusters/cum-4/years/2023/ranking?consistentWith=${head}`);
    const byId = Object.fromEntries(body.federations.map((f: { federationId: string }) => [f.federationId, f]));
    const rates = (id: string) => [byId[id].indicators.memberDevelopmentRate, byId[id].indicators.unionFoundingRate];
    // "Ba Vì đạt 121% … vượt 200%", "Phúc Thọ 191% … vượt 300%", "Đan Phượng 192,7%", "Hoài Đức 152,7%",
    // "Thạch Thất 138,8% … vượt 333,3%", "Quốc Oai 57,3% … 100%".
    expect(rates('ba-vi')).toEqual([121, 220]);
    expect(rates('phuc-tho')).toEqual([191, 333.3]);
    expect(rates('dan-phuong')).toEqual([192.7, 220]);
    expect(rates('hoai-duc')).toEqual([152.7, 190]);
    expect(rates('thach-that')).toEqual([138.8, 333.3]);
    expect(rates('quoc-oai')).toEqual([57.3, 100]);
    expect(body.federations.map((f: { rank: number }) => f.rank).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    // Ba Vì led the cluster in 2023: the conference's grade stands beside the computed rank.
    expect(byId['ba-vi'].recorded).toMatchObject({ grade: 'excellent', rank: 1 });
  });

  it('counts 1,172 grassroots unions and 44,579 members in the cluster at the end of 2023', async () => {
    const { body } = await get('/read/clusters/cum-4/years/2023/membership');
    expect(body.totals.members).toBe(44_579);
    expect(body.totals.unions.active + body.totals.unions.dissolved).toBe(1_172);
  });

  it("gives Ba Vì's development during the year as of an earlier date", async () => {
    const end = (await get('/read/federations/ba-vi/development/2023')).body;
    const midYear = (await get('/read/federations/ba-vi/development/2023?asOf=2023-06-30')).body;
    expect(end).toMatchObject({ newMembers: 1_210, target: { newMembers: 1_000 }, memberDevelopmentRate: 121 });
    expect(midYear.asOf).toBe('2023-06-30');
    expect(midYear.newMembers).toBeGreaterThan(0);
    expect(midYear.newMembers).toBeLessThan(1_210);
  });

  it('counts Hoàn Kiếm at 480 grassroots unions and 28,935 members at the end of 2020', async () => {
    const { body } = await get('/read/federations/hoan-kiem/membership?asOf=2020-12-31');
    expect(body.members).toBe(28_935);
    expect(body.unions.active + body.unions.dissolved).toBe(480);
  });

  it("reads Hoàn Kiếm's Covid fund today and as of an earlier date, with its ledger", async () => {
    const fund = '/read/federations/hoan-kiem/funds/hoan-kiem-quy-covid';
    // "ủng hộ hơn 1 tỷ đồng", then "60 triệu đồng ủng hộ các đơn vị tuyến đầu".
    expect((await get(fund)).body).toMatchObject({
      inflow: 1_050_000_000,
      outflowByPurpose: { frontline: 60_000_000 },
    });
    expect((await get(`${fund}?asOf=2020-03-31`)).body.balance).toBe(850_000_000);
    const ledger = (await get(`${fund}/ledger?from=2020-01-01&to=2020-12-31`)).body;
    expect(ledger.lines.map((l: { amount: number }) => l.amount)).toEqual([
      350_000_000, 280_000_000, 220_000_000, 200_000_000, -60_000_000,
    ]);
  });

  it('shows the 242 Tết gifts of 1,000,000 đ as one payment reaching 242 people', async () => {
    const ledger = (
      await get('/read/federations/hoan-kiem/funds/hoan-kiem-kinh-phi/ledger?from=2020-01-01&to=2020-12-31')
    ).body;
    expect(ledger.lines).toContainEqual(
      expect.objectContaining({ amount: -242_000_000, recipients: 242, amountEach: 1_000_000, category: 'tet-gifts' }),
    );
  });

  it('shows a duplicate entry before its reversal when asked what was known then', async () => {
    const fund = '/read/federations/hoan-kiem/funds/hoan-kiem-quy-den-on';
    const history = (await get('/history/funds/hoan-kiem')).body.events as {
      type: string;
      position: number;
      data: { correctsEntryId?: string };
    }[];
    const reversal = history.find((e) => e.type === 'EntryCorrected' && e.data.correctsEntryId === 'hk-2020-thu-0012')!;
    const before = (await get(`${fund}?asOf=2020-12-31&knownAt=${reversal.position - 1}`)).body.balance;
    const after = (await get(`${fund}?asOf=2020-12-31`)).body.balance;
    expect(before - after).toBe(8_000_000);
    // As of a date before the reversal's own date, the duplicate still stands, with everything known now.
    expect(
      (await get(`${fund}?asOf=2020-07-25`)).body.balance - (await get(`${fund}?asOf=2020-07-31`)).body.balance,
    ).toBe(8_000_000);
  });

  it('keeps the city total across 1 July 2025: the districts before, the communes and wards after', async () => {
    const membership = async (id: string, asOf: string) =>
      (await get(`/read/federations/${id}/membership?asOf=${asOf}`)).body;
    const childIds = (city: { children: { federationId: string }[] }) =>
      city.children.map((child) => child.federationId).sort();
    const before = await membership('ha-noi', '2025-06-30');
    const after = await membership('ha-noi', '2025-07-01');
    const everyone = CLUSTER_4.totalMembers + HOAN_KIEM_2020.members + HA_DONG_2017.members;
    expect(before).toMatchObject({ members: everyone, unions: { active: 1_172 + 480 + 202, dissolved: 0 } });
    expect(after).toMatchObject({ members: before.members, unions: before.unions });
    expect(childIds(before)).toEqual(DISTRICTS.map((d) => d.id).sort());
    expect(childIds(after)).toEqual(REORGANISATION_2025.districts.flatMap((d) => d.successors.map((s) => s.id)).sort());
  });

  it("answers Ba Vì's figures of 2023 as recorded, none after the reorganisation, and its four communes' in 2026", async () => {
    const membership = async (id: string, query: string) =>
      (await get(`/read/federations/${id}/membership?${query}`)).body;
    const declared = CLUSTER_4.districts.find((d) => d.federationId === 'ba-vi')!;
    const in2023 = { members: 8_210, unions: { active: 231, dissolved: 0 } };
    expect(declared.existingMembers + declared.newMembers).toBe(in2023.members);
    expect(await membership('ba-vi', 'asOf=2023-12-31')).toMatchObject(in2023);
    expect(await membership('ba-vi', 'asOf=2025-06-30')).toMatchObject(in2023);
    for (const asOf of ['2025-07-01', '2026-01-01']) {
      expect(await membership('ba-vi', `asOf=${asOf}`)).toMatchObject({
        status: 'merged',
        members: 0,
        unions: { active: 0, dissolved: 0 },
      });
    }
    const communes = ['xa-quang-oai', 'xa-ba-vi', 'xa-vat-lai', 'xa-co-do'];
    const in2026 = await Promise.all(communes.map((id) => membership(id, 'asOf=2026-01-01')));
    expect(in2026.every((commune) => commune.members > 0 && commune.unions.active > 0)).toBe(true);
    expect(in2026.reduce((sum, commune) => sum + commune.members, 0)).toBe(in2023.members);
    expect(in2026.reduce((sum, commune) => sum + commune.unions.active, 0)).toBe(in2023.unions.active);
    // As known before the reorganisation was recorded, 2026 still sees Ba Vì whole.
    const [reorganised] = await t.store.readStream('reorganisation-ba-vi-2025-07');
    expect(await membership('ba-vi', `asOf=2026-01-01&knownAt=${reorganised.position - 1}`)).toMatchObject(in2023);
  });

  it('records a fund, a contribution and a payment over HTTP, and reads them back once caught up', async () => {
    // A fund of its own (a fresh id each run): a KurrentDB log is shared between runs and never emptied.
    // Hoàn Kiếm's ward since 1 July 2025 keeps the books now.
    const fundId = `e2e-${Date.now().toString(36)}`;
    const book = '/federations/phuong-hoan-kiem/funds';
    const post = (path: string, body: object) => t.http().post(path).send(body).expect(201);
    await post(book, { id: fundId, kind: 'social', name: 'Quỹ thử nghiệm', occurredOn: '2026-05-01' });
    await post(`${book}/${fundId}/contributions`, {
      id: `${fundId}-thu`,
      amount: 20_000_000,
      sourceKind: 'member',
      occurredOn: '2026-05-10',
    });
    const paid = await post(`${book}/${fundId}/payments`, {
      id: `${fundId}-chi`,
      amount: 5_000_000,
      purpose: 'frontline',
      recipientKind: 'outside-unit',
      recipientName: 'Trạm y tế phường',
      occurredOn: '2026-06-01',
    });
    const fund = `/read/federations/phuong-hoan-kiem/funds/${fundId}`;
    expect((await get(`${fund}?consistentWith=${paid.body.position}`)).body).toMatchObject({
      balance: 15_000_000,
      inflow: 20_000_000,
      outflowByPurpose: { frontline: 5_000_000 },
    });
    // As of the day before the payment, only the contribution.
    expect((await get(`${fund}?asOf=2026-05-31`)).body.balance).toBe(20_000_000);
  });
});
