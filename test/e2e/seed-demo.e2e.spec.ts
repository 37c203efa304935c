import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { DISTRICTS, REORGANISATION_2025 } from '../../src/cli/demo-history';
import { seedDemo, type SeedSummary } from '../../src/cli/seed-demo';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../src/core/event-store.port';
import { ProjectionRunner } from '../../src/core/projection-runner';
import { CLOCK, SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { TEST_NOW } from '../support/test-app';

const CLUSTER = ['ba-vi', 'phuc-tho', 'thach-that', 'dan-phuong', 'hoai-duc', 'quoc-oai'];

/**
 * The rates the cluster-4 article gives, ×10 to stay in whole numbers: new members ÷ target and unions founded
 * ÷ target in 2023 ("Ba Vì đạt 121%, … vượt 200%", "Thạch Thất … 138,8%, … vượt 333,3%", …).
 */
const RATES_X10: Record<string, { members: number; unions: number }> = {
  'ba-vi': { members: 1210, unions: 2200 },
  'phuc-tho': { members: 1910, unions: 3333 },
  'thach-that': { members: 1388, unions: 3333 },
  'dan-phuong': { members: 1927, unions: 2200 },
  'hoai-duc': { members: 1527, unions: 1900 },
  'quoc-oai': { members: 573, unions: 1000 },
};

/** Everything the assertions need, from one pass over the log. */
interface Tally {
  events: number;
  byType: Record<string, number>;
  notBySeed: number;
  keys: Set<string>;
  unionsFounded: Record<string, number>;
  unionsFoundedIn: Record<string, number>;
  membersJoined: Record<string, number>;
  membersJoinedIn: Record<string, number>;
  latestJoin: Record<string, string>;
  conferences: Record<string, number>;
  initiatives: Record<string, { count: number; savedDong: number; nonIntegers: number }>;
  fundKinds: Record<string, string>;
  contributions: StoredEvent[];
  payments: StoredEvent[];
  corrections: StoredEvent[];
  targets: Record<string, { newMembers: number; newUnions: number }>;
  workforce: Record<string, number>;
  cluster: StoredEvent[];
  awards: StoredEvent[];
  reorganisations: StoredEvent[];
  /** Each merged federation: the federation it merged into, and on which date. */
  merged: Record<string, string>;
  /** Federations registered at commune level: their parent and date. */
  communes: Record<string, string>;
  /** Union transfers, by union. */
  transfers: Record<string, number>;
  latestFact: string;
}

const bump = (counts: Record<string, number>, key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);

async function tally(store: EventStore): Promise<Tally> {
  const t: Tally = {
    events: 0,
    byType: {},
    notBySeed: 0,
    keys: new Set(),
    unionsFounded: {},
    unionsFoundedIn: {},
    membersJoined: {},
    membersJoinedIn: {},
    latestJoin: {},
    conferences: {},
    initiatives: {},
    fundKinds: {},
    contributions: [],
    payments: [],
    corrections: [],
    targets: {},
    workforce: {},
    cluster: [],
    awards: [],
    reorganisations: [],
    merged: {},
    communes: {},
    transfers: {},
    latestFact: '',
  };
  for await (const event of store.readAll({ batchSize: 5000 })) {
    const data = event.data as Record<string, never>;
    const on = event.metadata.occurredOn;
    const year = on.slice(0, 4);
    t.events += 1;
    bump(t.byType, event.type);
    if (event.metadata.actor !== 'seed-demo') t.notBySeed += 1;
    if (event.metadata.idempotencyKey) t.keys.add(event.metadata.idempotencyKey);
    if (on > t.latestFact) t.latestFact = on;
    switch (event.type) {
      case 'UnionFounded':
        bump(t.unionsFounded, data.federationId);
        bump(t.unionsFoundedIn, `${data.federationId}:${year}`);
        break;
      case 'MemberJoined':
        bump(t.membersJoined, data.federationId);
        bump(t.membersJoinedIn, `${data.federationId}:${year}`);
        if (on > (t.latestJoin[data.federationId] ?? '')) t.latestJoin[data.federationId] = on;
        break;
      case 'ConferenceHeld':
        bump(t.conferences, `${data.federationId}:${data.year}:${data.kind}`);
        break;
      case 'InitiativeRecognised': {
        const key = `${data.federationId}:${year}`;
        const entry = (t.initiatives[key] ??= { count: 0, savedDong: 0, nonIntegers: 0 });
        entry.count += 1;
        entry.savedDong += data.valueSavedDong;
        if (!Number.isSafeInteger(data.valueSavedDong)) entry.nonIntegers += 1;
        break;
      }
      case 'FundOpened':
        t.fundKinds[data.fundId] = data.kind;
        break;
      case 'ContributionReceived':
        t.contributions.push(event);
        break;
      case 'SupportPaid':
        t.payments.push(event);
        break;
      case 'EntryCorrected':
        t.corrections.push(event);
        break;
      case 'DevelopmentTargetSet':
        t.targets[`${data.federationId}:${data.year}`] = { newMembers: data.newMembers, newUnions: data.newUnions };
        break;
      case 'WorkforceReported':
        t.workforce[`${data.federationId}:${data.year}`] = data.workers;
        break;
      case 'ClusterFormed':
      case 'ClusterLeaderElected':
      case 'ScoringRuleAdopted':
      case 'EvaluationRecorded':
        t.cluster.push(event);
        break;
      case 'AwardGranted':
        t.awards.push(event);
        break;
      case 'ReorganisationRecorded':
        t.reorganisations.push(event);
        break;
      case 'FederationsMerged':
        t.merged[data.federationId] = `${data.intoFederationId} on ${on}`;
        break;
      case 'FederationRegistered':
        if (data.level === 'commune') t.communes[data.federationId] = `${data.parentId} on ${on}`;
        break;
      case 'UnionTransferred':
        bump(t.transfers, data.unionId);
        break;
    }
  }
  return t;
}

const sumOf = (items: readonly number[]) => items.reduce((a, b) => a + b, 0);
const ofFederation = (events: StoredEvent[], federationId: string) =>
  events.filter((e) => e.data.federationId === federationId);
const payment = (t: Tally, entryId: string) => t.payments.find((e) => e.data.entryId === entryId)?.data;

/**
 * The whole demo seed, in process, on a temporary SQLite file. Like the CLI, it runs with
 * synchronous = NORMAL (tens of thousands of small commits; FULL syncs each one to disk) and without the
 * projections following the log.
 */
describe('npm run seed:demo', () => {
  let folder: string;
  let app: TestingModule;
  let store: EventStore;
  let interrupted: SeedSummary;
  let resumed: SeedSummary;
  let t: Tally;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'union-ledger-seed-'));
    app = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(SQLITE_DATABASE)
      .useValue(openSqliteDatabase({ path: join(folder, 'seed.sqlite'), synchronous: 'NORMAL' }))
      .overrideProvider(CLOCK)
      .useValue(() => TEST_NOW)
      .compile();
    app.useLogger(false);
    await app.init();
    await app.get(ProjectionRunner).stop();
    store = app.get<EventStore>(EVENT_STORE);

    // A first run stopped part-way (as Ctrl-C does), then a second that resumes it.
    const stop = new AbortController();
    interrupted = await seedDemo(app, {
      signal: stop.signal,
      onProgress: (sent) => sent >= 20_000 && stop.abort(),
    });
    resumed = await seedDemo(app);
    t = await tally(store);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('resumes an interrupted run, recording every command exactly once', async () => {
    expect(interrupted).toMatchObject({ interrupted: true, alreadySeeded: false, replayed: 0 });
    expect(interrupted.sent).toBeGreaterThanOrEqual(20_000);
    expect(interrupted.sent).toBeLessThan(interrupted.planned);
    expect(resumed).toMatchObject({ interrupted: false, alreadySeeded: false, sent: resumed.planned });
    // What the first run recorded is answered as a replay, not recorded again.
    expect(resumed.replayed).toBe(interrupted.sent);
    expect(interrupted.eventsRecorded + resumed.eventsRecorded).toBe(t.events);
    expect(await store.headPosition()).toBe(t.events);
    // Every event by the seed, under its own key: one command, one key.
    expect(t.notBySeed).toBe(0);
    expect(t.keys.size).toBe(resumed.planned);
    expect([...t.keys].every((key) => key.startsWith('seed-demo:'))).toBe(true);
  });

  it('records nothing on a second run, and nothing when every command is sent again', async () => {
    const before = await store.headPosition();
    const again = await seedDemo(app);
    expect(again).toMatchObject({ alreadySeeded: true, sent: 0, eventsRecorded: 0 });
    expect(await store.headPosition()).toBe(before);

    const recheck = await seedDemo(app, { recheck: true });
    expect(recheck).toMatchObject({ alreadySeeded: false, sent: recheck.planned, eventsRecorded: 0 });
    expect(recheck.replayed).toBe(recheck.planned);
    expect(await store.headPosition()).toBe(before);
  }, 120_000);

  it('gives cluster 4 its 1,172 grassroots unions and 44,579 members at the end of 2023', () => {
    expect(sumOf(CLUSTER.map((id) => t.unionsFounded[id]))).toBe(1172);
    expect(sumOf(CLUSTER.map((id) => t.membersJoined[id]))).toBe(44_579);
    for (const id of CLUSTER) expect(t.latestJoin[id] <= '2023-12-31').toBe(true);
  });

  it('gives each cluster district the 2023 development and founding rates the article reports', () => {
    for (const id of CLUSTER) {
      const target = t.targets[`${id}:2023`];
      const joined = t.membersJoinedIn[`${id}:2023`];
      const founded = t.unionsFoundedIn[`${id}:2023`];
      expect({ id, members: Math.floor((joined * 1000) / target.newMembers) }).toEqual({
        id,
        members: RATES_X10[id].members,
      });
      expect({ id, unions: Math.floor((founded * 1000) / target.newUnions) }).toEqual({
        id,
        unions: RATES_X10[id].unions,
      });
      expect(t.workforce[`${id}:2023`]).toBeGreaterThan(t.membersJoined[id]);
    }
  });

  it('forms cluster 4 for 2023 with its rule and grades, and elects Quốc Oai leader for 2024', () => {
    const of = (type: string) => t.cluster.filter((e) => e.type === type).map((e) => e.data);
    expect(of('ClusterFormed')).toEqual([expect.objectContaining({ clusterId: 'cum-4', year: 2023 })]);
    expect([...(of('ClusterFormed')[0].federationIds as string[])].sort()).toEqual([...CLUSTER].sort());
    expect(of('ScoringRuleAdopted')[0]).toMatchObject({
      year: 2023,
      weights: { memberDevelopmentRate: 30, unionFoundingRate: 25 },
      tieBreak: ['memberDevelopmentRate', 'unionFoundingRate'],
    });
    const evaluations = of('EvaluationRecorded');
    expect(evaluations).toHaveLength(6);
    expect(evaluations.every((e) => e.occurredOn === '2023-11-22')).toBe(true);
    expect(evaluations.find((e) => e.federationId === 'ba-vi')).toMatchObject({ grade: 'excellent', rank: 1 });
    expect(of('ClusterLeaderElected')).toContainEqual(
      expect.objectContaining({ forYear: 2024, leaderFederationId: 'quoc-oai', occurredOn: '2023-11-22' }),
    );
    const titles = new Set(t.awards.filter((e) => e.data.year === 2023).map((e) => e.data.title));
    expect([...titles]).toEqual(expect.arrayContaining(['Lao động giỏi', 'Giỏi việc nước, đảm việc nhà']));
    for (const id of CLUSTER) expect(t.conferences[`${id}:2023:civil-servants`]).toBeGreaterThan(0);
  });

  it('gives Hoàn Kiếm 480 unions, 28,935 members and its conferences of 2020', () => {
    expect(t.unionsFounded['hoan-kiem']).toBe(480);
    expect(t.membersJoined['hoan-kiem']).toBe(28_935);
    expect(t.latestJoin['hoan-kiem'] <= '2020-12-31').toBe(true);
    expect(t.conferences['hoan-kiem:2020:civil-servants']).toBe(83);
    expect(t.conferences['hoan-kiem:2020:workers']).toBe(185);
  });

  it("records Hoàn Kiếm's 2020 funds: 58 million raised net of a reversed duplicate, Covid donations, three payments", () => {
    const contributions = ofFederation(t.contributions, 'hoan-kiem');
    const corrections = ofFederation(t.corrections, 'hoan-kiem');
    const raised = (kinds: string[]) =>
      sumOf(
        contributions
          .filter((e) => kinds.includes(t.fundKinds[e.data.fundId as string]))
          .map((e) => e.data.amount as number),
      ) +
      sumOf(
        corrections
          .filter((e) => kinds.includes(t.fundKinds[e.data.fundId as string]))
          .map((e) => e.data.amountDelta as number),
      );
    expect(raised(['social', 'gratitude', 'sea-islands'])).toBe(58_000_000);
    expect(raised(['covid'])).toBe(1_050_000_000);
    expect(corrections).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          kind: 'reversal',
          amountDelta: -8_000_000,
          reason: expect.stringContaining('trùng'),
        }),
      }),
    ]);
    expect(payment(t, 'hk-2020-chi-0001')).toMatchObject({
      amount: 242_000_000,
      recipients: 242,
      amountEach: 1_000_000,
      purpose: 'tet-gifts',
    });
    expect(payment(t, 'hk-2020-chi-0002')).toMatchObject({ amount: 60_000_000, purpose: 'frontline' });
    expect(payment(t, 'hk-2020-chi-0003')).toMatchObject({
      amount: 8_500_000,
      recipients: 17,
      amountEach: 500_000,
      purpose: 'emergency',
    });
  });

  it("records Hà Đông's 2017: 160 of 202 units held conferences, its funds, and 1,761 initiatives saving over 3 billion đ", () => {
    expect(t.unionsFounded['ha-dong']).toBe(202);
    expect(t.membersJoined['ha-dong']).toBeGreaterThan(0);
    expect(t.conferences['ha-dong:2017:civil-servants'] + t.conferences['ha-dong:2017:workers']).toBe(160);

    const payments = ofFederation(t.payments, 'ha-dong').map((e) => e.data);
    const paidFor = (purposes: string[]) =>
      sumOf(payments.filter((p) => purposes.includes(p.purpose as string)).map((p) => p.amount as number));
    expect(paidFor(['housing', 'hardship'])).toBe(128_000_000);
    expect(paidFor(['children-gifts'])).toBe(1_300_000_000);
    const contributions = ofFederation(t.contributions, 'ha-dong');
    const raised = (kinds: string[]) =>
      sumOf(
        contributions
          .filter((e) => kinds.includes(t.fundKinds[e.data.fundId as string]))
          .map((e) => e.data.amount as number),
      );
    expect(raised(['social'])).toBe(108_000_000);
    expect(raised(['poverty', 'gratitude'])).toBe(1_250_000_000);

    expect(t.initiatives['ha-dong:2017']).toEqual({ count: 1761, savedDong: 3_018_000_000, nonIntegers: 0 });
  });

  it('records Hai Bà Trưng’s Tết 2025 gifts to 1,296 workers, paid from money received before', () => {
    const [gifts] = ofFederation(t.payments, 'hai-ba-trung');
    expect(gifts.data).toMatchObject({ purpose: 'tet-gifts', recipients: 1296 });
    expect(gifts.data.amount).toBe(1296 * (gifts.data.amountEach as number));
    expect(gifts.metadata.occurredOn.startsWith('2025-01')).toBe(true);
    const received = ofFederation(t.contributions, 'hai-ba-trung').filter(
      (e) => e.metadata.occurredOn <= gifts.metadata.occurredOn,
    );
    expect(sumOf(received.map((e) => e.data.amount as number))).toBeGreaterThanOrEqual(gifts.data.amount as number);
  });

  it('hands every district to commune and ward unions on 1 July 2025, the last date it records', () => {
    const successors = REORGANISATION_2025.districts.flatMap((d) => d.successors.map((s) => s.id));
    expect(Object.keys(t.communes).sort()).toEqual([...successors].sort());
    expect(Object.values(t.communes).every((registered) => registered === 'ha-noi on 2025-07-01')).toBe(true);
    expect(t.merged).toEqual(
      Object.fromEntries(
        REORGANISATION_2025.districts.map((d) => [d.federationId, `${d.successors[0].id} on 2025-07-01`]),
      ),
    );
    expect(Object.keys(t.merged).sort()).toEqual(DISTRICTS.map((d) => d.id).sort());
    // Every grassroots union moved once, to a successor of its district; nothing is dated after.
    expect(Object.keys(t.transfers)).toHaveLength(sumOf(Object.values(t.unionsFounded)));
    expect(Object.values(t.transfers).every((times) => times === 1)).toBe(true);
    expect(t.latestFact).toBe('2025-07-01');
  });

  it("splits Ba Vì's 231 unions among four communes: three take their places' units, Quảng Oai the rest", () => {
    const baVi = t.reorganisations.find((e) => e.data.reorganisationId === 'ba-vi-2025-07')!;
    const moved = baVi.data.moved as { fromFederationId: string; toFederationId: string; automatic: boolean }[];
    expect(moved).toHaveLength(t.unionsFounded['ba-vi']);
    expect(moved.every((m) => m.fromFederationId === 'ba-vi')).toBe(true);
    const to = (automatic: boolean) =>
      new Set(moved.filter((m) => m.automatic === automatic).map((m) => m.toFederationId));
    expect([...to(false)].sort()).toEqual(['xa-ba-vi', 'xa-co-do', 'xa-vat-lai']);
    expect([...to(true)]).toEqual(['xa-quang-oai']);
    expect(baVi.data).toMatchObject({ merged: [{ federationId: 'ba-vi', intoFederationId: 'xa-quang-oai' }] });
  });
});
