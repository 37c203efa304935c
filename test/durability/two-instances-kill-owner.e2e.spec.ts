import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueApiKey } from '../../src/auth/credentials';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteCredentialStore } from '../../src/infrastructure/sqlite/sqlite-credential-store';
import { type SpawnedServer, startMainServer, stopServer } from '../support/spawned-server';

interface LeaseView {
  owner: string;
  here: boolean;
  token: number;
}

interface StatusView {
  name: string;
  namespace: string;
  checkpoint: number;
  lease: LeaseView | null;
  lastRebuild: { namespace: string; outcome: string; error: string | null } | null;
}

interface NamespaceView {
  namespace: string;
  projection: string;
  collections: string[];
}

/**
 * Two service processes (`src/main.ts`, as `npm start` runs it) on one SQLite file. The first to start owns
 * every projection; appends go on through the second while the owner is SIGKILLed (or paused) in the middle of
 * applying them. The second takes the projections over, and its read models equal a rebuild of the whole log by
 * one instance: no event applied twice, none missed.
 */
describe('two instances on one file: the projections’ owner dies or stalls in the middle of appends', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-two-instances-'));
  let env: Record<string, string>;
  let authorization: string;
  let servers: SpawnedServer[] = [];
  let files = 0;

  beforeEach(async () => {
    const sqlitePath = join(folder, `ledger-${files++}.sqlite`);
    // `info`: the line saying the server listens is how the test knows it is ready.
    env = {
      SQLITE_PATH: sqlitePath,
      SQLITE_SYNCHRONOUS: 'NORMAL',
      PROJECTION_LEASE_TTL_SECONDS: '2',
      LOG_LEVEL: 'info',
    };
    const db = openSqliteDatabase({ path: sqlitePath });
    const { key } = await issueApiKey(new SqliteCredentialStore(db), {
      name: 'two instances test',
      roles: ['admin'],
      createdBy: 'test',
      now: new Date(),
    });
    db.close();
    authorization = `ApiKey ${key}`;
  });
  afterEach(async () => {
    // SIGCONT first: a paused process does not act on SIGKILL until it runs again.
    for (const server of servers) server.child.kill('SIGCONT');
    await Promise.all(servers.map((server) => stopServer(server)));
    servers = [];
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const call = async (target: SpawnedServer, method: string, path: string, body?: object) => {
    const res = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const statuses = async (target: SpawnedServer) =>
    (await call(target, 'GET', '/projections')).body.projections as StatusView[];

  /** Retries `check` until it passes: the other instance takes over within the lease's time-to-live. */
  async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Every document of every collection of a namespace, page by page. */
  async function contents(target: SpawnedServer, namespace: string, collections: string[]) {
    const all: Record<string, unknown[]> = {};
    for (const collection of collections) {
      all[collection] = [];
      for (let after = ''; ;) {
        const page = await call(
          target,
          'GET',
          `/projections/namespaces/${namespace}/${collection}?limit=1000${after && `&after=${encodeURIComponent(after)}`}`,
        );
        expect(page.status).toBe(200);
        all[collection].push(...(page.body.documents as unknown[]));
        if (page.body.next === null) break;
        after = page.body.next as string;
      }
    }
    return all;
  }

  /** The first instance takes every lease before it listens; the second finds them held. */
  async function twoInstances() {
    const owner = await startMainServer(env);
    servers.push(owner);
    const ownerName = (await statuses(owner))[0].lease!.owner;
    expect((await statuses(owner)).every((s) => s.lease?.here === true && s.lease.owner === ownerName)).toBe(true);
    const other = await startMainServer(env);
    servers.push(other);
    const before = await statuses(other);
    expect(before.map((s) => s.lease)).toEqual(
      before.map(() => expect.objectContaining({ owner: ownerName, here: false })),
    );
    await setUp(other);
    return { owner, ownerName, other };
  }

  async function setUp(target: SpawnedServer) {
    const setup: [string, object][] = [
      ['/federations', { id: 'ha-noi', name: 'LĐLĐ thành phố Hà Nội', level: 'city', occurredOn: '1990-01-01' }],
      [
        '/federations',
        { id: 'ba-vi', name: 'LĐLĐ huyện Ba Vì', level: 'district', parentId: 'ha-noi', occurredOn: '1991-01-01' },
      ],
      [
        '/unions',
        {
          id: 'tan-linh',
          federationId: 'ba-vi',
          name: 'CĐCS Tản Lĩnh',
          sector: 'public-service',
          occurredOn: '2010-01-01',
        },
      ],
      ['/federations/ba-vi/funds', { id: 'social', kind: 'social', name: 'Quỹ xã hội', occurredOn: '2020-01-01' }],
    ];
    for (const [path, body] of setup) expect((await call(target, 'POST', path, body)).status).toBe(201);
  }

  /** Appends `count` events through `target`, from 6 clients at once; `onAcknowledged` sees the running count. */
  async function appends(target: SpawnedServer, prefix: string, count: number, onAcknowledged = (_n: number) => {}) {
    let acknowledged = 0;
    const client = async (worker: number) => {
      for (let i = 0; acknowledged < count; i++) {
        const joins = worker % 2 === 0;
        const res = joins
          ? await call(target, 'POST', '/members', {
              id: `${prefix}-m-${worker}-${i}`,
              unionId: 'tan-linh',
              fullName: 'Đoàn viên',
              gender: 'female',
              birthDate: '1990-01-01',
              occurredOn: '2024-01-01',
            })
          : await call(target, 'POST', '/federations/ba-vi/funds/social/contributions', {
              id: `${prefix}-c-${worker}-${i}`,
              amount: 1_000 + worker,
              sourceKind: 'member',
              occurredOn: '2024-01-01',
            });
        expect(res.status).toBe(201);
        acknowledged += 1;
        onAcknowledged(acknowledged);
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, worker) => client(worker)));
  }

  /**
   * `survivor` owns every projection (with a new token) and has applied the whole log, counting each event once;
   * its read models, document for document, equal one instance's rebuild of the whole log.
   */
  async function expectTakenOverExactly(survivor: SpawnedServer, formerOwner: string) {
    const log: { type: string; data: Record<string, unknown> }[] = [];
    for (let after = 0; ;) {
      const page = await call(survivor, 'GET', `/events?after=${after}&limit=1000`);
      log.push(...(page.body.events as typeof log));
      if (page.body.next === null) break;
      after = page.body.next as number;
    }
    const position = log.length;
    const taken = await eventually(async () => {
      const now = await statuses(survivor);
      for (const status of now) {
        expect(status.lease).toMatchObject({ here: true, token: 2 });
        expect(status.lease!.owner).not.toBe(formerOwner);
        expect(status.checkpoint).toBe(position);
      }
      return now;
    });

    // The figures count each event once.
    const joins = log.filter((event) => event.type === 'MemberJoined').length;
    const contributed = log
      .filter((event) => event.type === 'ContributionReceived')
      .reduce((sum, event) => sum + (event.data.amount as number), 0);
    expect(joins).toBeGreaterThan(0);
    const union = await call(survivor, 'GET', `/read/unions/tan-linh/membership?consistentWith=${position}`);
    expect(union.body).toMatchObject({ members: joins, joined: joins });
    const fund = await call(survivor, 'GET', `/read/federations/ba-vi/funds/social?consistentWith=${position}`);
    expect(fund.body).toMatchObject({ balance: contributed, inflow: contributed });

    // Every read model, document for document, equals one instance's rebuild of the whole log.
    const namespaces = (await call(survivor, 'GET', '/projections/namespaces')).body.namespaces as NamespaceView[];
    for (const status of taken) {
      const started = await call(survivor, 'POST', `/projections/${status.name}/rebuild`, { until: position });
      expect(started.status).toBe(202);
      const audit = started.body.namespace as string;
      await eventually(async () => {
        const rebuilt = (await statuses(survivor)).find((s) => s.name === status.name)!;
        expect(rebuilt.lastRebuild).toMatchObject({ namespace: audit, outcome: 'done', error: null });
      });
      const collections = namespaces.find((info) => info.namespace === status.namespace)!.collections;
      expect(await contents(survivor, status.namespace, collections)).toEqual(
        await contents(survivor, audit, collections),
      );
    }
  }

  it('hands every projection to the survivor when the owner is SIGKILLed, and nothing is applied twice', async () => {
    const { owner, ownerName, other } = await twoInstances();
    // The owner is killed after 80 of 200 appends, while it applies them.
    let killed: Promise<void> | undefined;
    await appends(other, 'a', 200, (n) => {
      if (n === 80) killed = stopServer(owner, 'SIGKILL');
    });
    await killed;
    await expectTakenOverExactly(other, ownerName);
  }, 300_000);

  it('stands down an owner that stalled past its lease once it runs again, and nothing is applied twice', async () => {
    const { owner, ownerName, other } = await twoInstances();
    await appends(other, 'a', 30);
    // Paused between batches (a long GC pause, a frozen VM): alive, but renewing nothing.
    owner.child.kill('SIGSTOP');
    await appends(other, 'b', 60);
    await eventually(async () => {
      for (const status of await statuses(other)) expect(status.lease).toMatchObject({ here: true, token: 2 });
    });
    // It wakes up believing it owns everything: its next renewals fail and its batches are refused.
    owner.child.kill('SIGCONT');
    await appends(other, 'c', 60);
    await eventually(async () => {
      for (const status of await statuses(owner)) expect(status.lease).toMatchObject({ here: false, token: 2 });
    });
    await appends(other, 'd', 30);
    await expectTakenOverExactly(other, ownerName);
  }, 300_000);
});
