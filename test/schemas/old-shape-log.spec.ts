import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ALL_PROJECTIONS } from '../../projections';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { chainOf } from '../../src/integrity/event-hash';
import { inspectExport } from '../../src/integrity/inspect-export';
import { LedgerIntegrity } from '../../src/integrity/ledger-integrity';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';
import { eventsOfExport, loadExport, writeOldShapeLog } from './old-shape-log';

/** A log written before event schema versions existed (see `old-shape-log.ts`), read by today's service. */
const FIXTURE = join(__dirname, '..', 'fixtures', 'old-shape-log.ndjson');

if (process.env.WRITE_OLD_SHAPE_LOG) {
  it('writes the old-shape log fixture', () => writeOldShapeLog(FIXTURE), 60_000);
}

describe('a log from the past, in older event shapes', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-old-log-'));
  let t: TestApp;

  beforeAll(async () => {
    const path = join(folder, 'events.sqlite');
    const store = new SqliteEventStore(openSqliteDatabase({ path }));
    await loadExport(await eventsOfExport(FIXTURE), store);
    await store.close();
    t = await createTestApp({ sqlitePath: path });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is in the old shapes: no schema versions, a revocation without its year', async () => {
    const events = await eventsOfExport(FIXTURE);
    expect(events.length).toBeGreaterThanOrEqual(25);
    expect(events.filter((e) => e.metadata.schemaVersion !== undefined)).toEqual([]);
    const revoked = events.find((e) => e.type === 'AwardRevoked')!;
    expect(revoked.data).not.toHaveProperty('year');
  });

  it('rebuilds every read model from it to the figures of its history', async () => {
    const runner = t.app.get(ProjectionRunner);
    for (const { name } of ALL_PROJECTIONS) await runner.rebuild(name);
    const last = await t.logLength();
    const read = async (path: string) => (await t.http().get(path).query({ consistentWith: last }).expect(200)).body;

    // Ba Vì: lan, minh, hoa joined; minh moved to Phúc Thọ. Phúc Thọ: tuan, mai joined, minh came, mai left.
    expect(await read('/read/federations/ba-vi/membership')).toMatchObject({
      unions: { active: 2, dissolved: 0 },
      members: 2,
      joined: 3,
      transferredOut: 1,
    });
    expect(await read('/read/federations/phuc-tho/membership')).toMatchObject({
      unions: { active: 1 },
      members: 2,
      joined: 2,
      left: 1,
      transferredIn: 1,
    });
    // Social: +58,000,000 − 12 Tết gifts × 1,000,000 − 6,000,000 moved to gratitude.
    const funds = await read('/read/federations/ba-vi/funds');
    expect(funds.totals).toMatchObject({ balance: 46_000_000, inflow: 58_000_000, supportPaid: 12_000_000 });
    expect(funds.funds.map((f: { fundId: string; balance: number }) => [f.fundId, f.balance])).toEqual([
      ['gratitude', 6_000_000],
      ['social', 40_000_000],
    ]);
    // Two titles for 2023 in Ba Vì, one revoked: the old revocation leaves 2023's count once it has its year.
    const { namespace } = (await read('/projections')).projections.find(
      (p: { name: string }) => p.name === 'recognition',
    );
    const years = await read(`/projections/namespaces/${namespace}/federation_years`);
    expect(years.documents).toEqual([
      { id: 'ba-vi:2023', document: expect.objectContaining({ year: 2023, awards: 1 }) },
      { id: 'phuc-tho:2024', document: expect.objectContaining({ year: 2024, awards: 1 }) },
    ]);
    const ranking = await read('/read/clusters/cum-4/years/2023/ranking');
    expect(ranking.federations).toEqual([
      expect.objectContaining({ federationId: 'ba-vi', indicators: expect.objectContaining({ awards: 1 }) }),
      expect.objectContaining({ federationId: 'phuc-tho', indicators: expect.objectContaining({ awards: 0 }) }),
    ]);
  });

  it("reads its history through the API in today's shapes, the revocation with its award's year", async () => {
    const stored = (await eventsOfExport(FIXTURE)).find((e) => e.type === 'AwardRevoked')!;
    const history = (await t.http().get('/history/awards/ldg-2023-lan').expect(200)).body;
    expect(history.events.map((e: { type: string }) => e.type)).toEqual(['AwardGranted', 'AwardRevoked']);
    expect(history.events[1]).toMatchObject({
      id: stored.id,
      data: { awardId: 'ldg-2023-lan', federationId: 'ba-vi', year: 2023 },
      metadata: { schemaVersion: 2, hash: chainOf(stored)!.hash },
    });
    const log = (await t.http().get('/events').query({ limit: 100 }).expect(200)).body;
    const inLog = log.events.find((e: { id: string }) => e.id === stored.id);
    expect(inLog).toMatchObject({ data: { year: 2023 }, metadata: { schemaVersion: 2 } });
  });

  it('verifies its hash chains and seal, in the service and offline', async () => {
    const events = (await eventsOfExport(FIXTURE)).length;
    const verification = (await t.http().get('/integrity/verify').expect(200)).body;
    expect(verification).toMatchObject({ ok: true, checked: events, seals: 1, problems: [] });

    const lines = () => createInterface({ input: createReadStream(FIXTURE), crlfDelay: Infinity });
    const offline = await inspectExport(lines);
    expect(offline).toMatchObject({ ok: true, verification: { ok: true, checked: events, seals: 1 } });

    // Exported again from the service's store, the events are as they were stored: the new file verifies too.
    const integrity = new LedgerIntegrity(t.store, () => TEST_NOW, true, { everyEvents: 0, everySeconds: 0 });
    const exported: string[] = [];
    for await (const line of integrity.export()) exported.push(line);
    expect(exported.join('\n')).not.toContain('"schemaVersion"');
    const again = await inspectExport(async function* () {
      yield* exported;
    });
    expect(again).toMatchObject({ ok: true, verification: { ok: true, checked: events } });
  });
});
