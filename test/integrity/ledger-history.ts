import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, StoredEvent } from '../../src/core/event-store.port';
import { openEventStore } from '../../src/infrastructure/open-stores';
import { SQLITE_DATABASE } from '../../src/infrastructure/stores.module';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { DEFAULT_SEAL_SCHEDULE } from '../../src/integrity/integrity-settings';
import { LedgerIntegrity } from '../../src/integrity/ledger-integrity';
import { registerHanoi } from '../support/fixtures';
import { createTestApp, type TestApp, TEST_NOW } from '../support/test-app';

/** A fund's figures as the funds read model gives them, to compare an offline recomputation with. */
export interface ReadModelFund {
  federationId: string;
  fundId: string;
  balance: number;
  inflow: number;
  outflow: number;
  supportPaid: number;
  recipients: number;
}

export interface RecordedLedger {
  /** A temporary folder for this suite's files. */
  folder: string;
  /** The SQLite file as recorded (closed): copy it before changing it. */
  pristine: string;
  /** Every event, oldest first. */
  events: StoredEvent[];
  /** The funds read model's figures at the end. */
  funds: ReadModelFund[];
}

/**
 * A small history recorded through the HTTP API on a real SQLite file, the way a federation would record it:
 * three federations, two grassroots unions, members, and two fund books with contributions, support
 * payments, a transfer and a correction; sealed twice on demand, with a few events after the last seal.
 */
export async function recordLedger(): Promise<RecordedLedger> {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-integrity-'));
  const t = await createTestApp();
  try {
    const post = async (path: string, body: object) => (await t.http().post(path).send(body).expect(201)).body;
    await registerHanoi(t, ['hoan-kiem', 'ba-vi']);
    await post('/unions', {
      id: 'hk-001',
      federationId: 'hoan-kiem',
      name: 'CĐCS Trường THCS Ngô Sĩ Liên',
      sector: 'public-service',
      occurredOn: '2019-01-02',
    });
    await post('/unions', {
      id: 'bv-001',
      federationId: 'ba-vi',
      name: 'CĐCS Trường THCS Tản Lĩnh',
      sector: 'public-service',
      occurredOn: '2019-01-03',
    });
    const member = (unionId: string, fullName: string, occurredOn: string) =>
      post('/members', { unionId, fullName, gender: 'female', birthDate: '1990-05-02', occurredOn });
    await member('hk-001', 'Nguyễn Thị Hoa', '2019-06-01');
    await member('hk-001', 'Trần Văn Nam', '2019-06-02');
    await member('bv-001', 'Lê Thị Lan', '2019-06-03');

    const hk = '/federations/hoan-kiem';
    await post(`${hk}/funds`, { id: 'social', kind: 'social', name: 'Quỹ xã hội Hoàn Kiếm', occurredOn: '2020-01-01' });
    await post(`${hk}/funds`, {
      id: 'housing',
      kind: 'housing',
      name: 'Quỹ Mái ấm Công đoàn',
      occurredOn: '2020-01-01',
    });
    await post(`${hk}/funds/social/contributions`, {
      id: 'hk-thu-1',
      amount: 58_000_000,
      sourceKind: 'union',
      occurredOn: '2020-01-10',
    });
    await post(`${hk}/funds/social/contributions`, {
      id: 'hk-thu-2',
      amount: 300_000_000,
      sourceKind: 'organisation',
      occurredOn: '2020-01-15',
    });
    await post(`${hk}/funds/social/payments`, {
      id: 'hk-chi-1',
      amount: 242_000_000,
      purpose: 'tet-gifts',
      recipientKind: 'workers',
      recipients: 242,
      amountEach: 1_000_000,
      occurredOn: '2020-01-20',
    });
    await post(`${hk}/fund-transfers`, {
      id: 'hk-chuyen-1',
      fromFundId: 'social',
      toFundId: 'housing',
      amount: 20_000_000,
      occurredOn: '2020-03-01',
    });
    const bv = '/federations/ba-vi';
    await post(`${bv}/funds`, { id: 'social', kind: 'social', name: 'Quỹ xã hội Ba Vì', occurredOn: '2020-01-01' });
    await post(`${bv}/funds/social/contributions`, {
      id: 'bv-thu-1',
      amount: 10_000_000,
      sourceKind: 'individual',
      occurredOn: '2020-02-10',
    });
    await post(`${bv}/funds/social/payments`, {
      id: 'bv-chi-1',
      amount: 2_000_000,
      purpose: 'hardship',
      recipientKind: 'member',
      occurredOn: '2020-02-11',
    });
    await seal(t);

    await post(`${hk}/funds/housing/payments`, {
      id: 'hk-chi-2',
      amount: 8_500_000,
      purpose: 'emergency',
      recipientKind: 'workers',
      recipients: 17,
      amountEach: 500_000,
      occurredOn: '2020-04-01',
    });
    await post(`${hk}/fund-entries/hk-thu-2/corrections`, {
      kind: 'adjustment',
      amountDelta: -5_000_000,
      reason: 'Biên lai ghi nhầm số tiền',
      occurredOn: '2020-05-01',
    });
    await member('bv-001', 'Phạm Văn Đức', '2020-06-01');
    await seal(t);

    await post(`${bv}/funds/social/contributions`, {
      id: 'bv-thu-2',
      amount: 1_000_000,
      sourceKind: 'member',
      occurredOn: '2020-07-01',
    });
    await member('hk-001', 'Đỗ Thị Mai', '2020-07-02');

    const head = await t.logLength();
    const funds: ReadModelFund[] = [];
    for (const federationId of ['hoan-kiem', 'ba-vi']) {
      const res = await caughtUp(t, `/read/federations/${federationId}/funds?consistentWith=${head}`);
      for (const f of res.body.funds as ReadModelFund[]) {
        const { fundId, balance, inflow, outflow, supportPaid, recipients } = f;
        funds.push({ federationId, fundId, balance, inflow, outflow, supportPaid, recipients });
      }
    }
    const events: StoredEvent[] = [];
    for await (const event of t.store.readAll()) events.push(event);

    const pristine = join(folder, 'pristine.sqlite');
    await t.app.get<Database.Database>(SQLITE_DATABASE).backup(pristine);
    return { folder, pristine, events, funds };
  } finally {
    await t.close();
  }
}

/** A read that waits for the read model; under a loaded test run it may take longer than one request waits. */
async function caughtUp(t: TestApp, path: string) {
  for (let attempt = 1; ; attempt++) {
    const res = await t.http().get(path);
    if (res.status === 200) return res;
    if (res.status !== 503 || attempt === 20) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

async function seal(t: TestApp): Promise<void> {
  const res = await t.http().post('/integrity/seal').expect(200);
  if (res.body.seals.length !== 1) throw new Error(`expected one seal, got ${JSON.stringify(res.body)}`);
}

let copies = 0;

/** A copy of the recorded file to change or append to. */
export function copyOf(ledger: RecordedLedger, name = `copy-${copies++}`): string {
  const path = join(ledger.folder, `${name}.sqlite`);
  copyFileSync(ledger.pristine, path);
  return path;
}

/** Removes a SQLite file with its write-ahead log, as if the database were gone. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
}

/** The store and its integrity as the service opens them, on a file; the clock is the tests'. */
export function openLedger(path: string): { store: EventStore; integrity: LedgerIntegrity } {
  const store = openEventStore(openSqliteDatabase({ path }));
  return { store, integrity: new LedgerIntegrity(store, () => TEST_NOW, true, DEFAULT_SEAL_SCHEDULE) };
}
