import type Database from 'better-sqlite3';
import { REORGANISATION_2025 } from '../../src/cli/demo-history';
import { seedDemo } from '../../src/cli/seed-demo';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { READ_STORE, type ReadStore } from '../../src/core/read-store.port';
import { SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Done when the demo history reconciles to the đồng: every fund of every federation in the seed articles,
 * recomputed from the events alone as double entries, says what the funds read model says.
 */
describe('independent fund verification over the demo history', () => {
  let t: TestApp;
  let head: number;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.app);
    head = await t.store.headPosition();
    expect(await t.app.get(ProjectionRunner).waitFor('funds', head, 300_000)).toBe(true);
  }, 600_000);
  afterAll(() => t?.close());

  it('reconciles every fund book to the đồng, today', async () => {
    const { body } = await t.http().get('/verification/funds').expect(200);
    expect(body.differences).toEqual([]);
    expect(body.findings).toEqual([]);
    expect(body).toMatchObject({ reconciled: true, sound: true, knownAt: head, trialBalance: { total: 0 } });
    expect(body.books.length).toBeGreaterThan(1);
    for (const book of body.books) {
      expect(book.trialBalance.total).toBe(0);
      expect(book.conservation.holds).toBe(true);
    }
    // Hoàn Kiếm's Covid fund: "ủng hộ hơn 1 tỷ đồng", then 60 million to frontline units; what was left
    // handed over to its ward on 1 July 2025.
    const bookOf = (id: string) => body.books.find((b: { federationId: string }) => b.federationId === id);
    const hoanKiem = bookOf('hoan-kiem');
    expect(hoanKiem.funds).toContainEqual(
      expect.objectContaining({
        fundId: 'hoan-kiem-quy-covid',
        contributions: 1_050_000_000,
        byPurpose: { frontline: 60_000_000, handover: 990_000_000 },
      }),
    );
  });

  it("hands each merged district's fund balances to the commune or ward it merged into, to the đồng", async () => {
    const { body } = await t.http().get('/verification/funds').expect(200);
    const bookOf = (id: string) => body.books.find((b: { federationId: string }) => b.federationId === id);
    const withBooks = REORGANISATION_2025.districts.filter((d) => bookOf(d.federationId));
    // Hoàn Kiếm, Hai Bà Trưng, Hà Đông and the six districts of cluster 4.
    expect(withBooks).toHaveLength(9);
    for (const { federationId, successors } of withBooks) {
      const district = bookOf(federationId).conservation;
      const successor = bookOf(successors[0].id).conservation;
      expect({ federationId, fundBalances: district.fundBalances }).toEqual({ federationId, fundBalances: 0 });
      expect(district.handedOver).toBeGreaterThan(0);
      expect(successor).toMatchObject({ takenOver: district.handedOver, fundBalances: district.handedOver });
    }
  });

  it('reconciles a federation for a past date and over a period', async () => {
    const { body } = await t
      .http()
      .get('/verification/funds')
      .query({ federationId: 'hoan-kiem', asOf: '2020-12-31', from: '2020-01-01', to: '2020-06-30' })
      .expect(200);
    expect(body.differences).toEqual([]);
    expect(body).toMatchObject({ reconciled: true, asOf: '2020-12-31', from: '2020-01-01', to: '2020-06-30' });
    expect(body.books).toHaveLength(1);
    expect(body.books[0].period.funds.length).toBeGreaterThan(0);
  });

  it('reports a discrepancy planted in the read model of the demo, to the đồng', async () => {
    const db = t.app.get<Database.Database>(SQLITE_DATABASE);
    const namespace = await t.app.get<ReadStore>(READ_STORE).liveNamespace('funds');
    db.prepare(
      `UPDATE "rm_${namespace}" SET doc = json_set(doc, '$.outflowByPurpose.frontline', 59999999)
        WHERE collection = 'funds' AND id = 'hoan-kiem:hoan-kiem-quy-covid' AND known_until IS NULL`,
    ).run();
    const { body } = await t.http().get('/verification/funds').query({ federationId: 'hoan-kiem' }).expect(200);
    expect(body.reconciled).toBe(false);
    expect(body.differences).toEqual([
      expect.objectContaining({
        fundId: 'hoan-kiem-quy-covid',
        figure: 'outflowByPurpose.frontline',
        verified: 60_000_000,
        readModel: 59_999_999,
        difference: -1,
        eventsBehind: 1,
      }),
    ]);
  });
});
