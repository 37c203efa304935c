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
 * every projection; appends go on through the second while the owner is SIGKILLed in the middle of applying
 * them. The second takes the projections over, and its read models equal a rebuild of the whole log by one
 * instance: no event applied twice, none missed.
 */
describe('two instances on one file, the projections’ owner killed in the middle of appends', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-two-instances-'));
  const sqlitePath = join(folder, 'ledger.sqlite');
  // `info`: the line saying the server listens is how the test knows it is ready.
  const env = {
    SQLITE_PATH: sqlitePath,
    SQLITE_SYNCHRONOUS: 'NORMAL',
    PROJECTION_LEASE_TTL_SECONDS: '2',
    LOG_LEVEL: 'info',
  };
  let authorization: string;
  const servers: SpawnedServer[] = [];

  beforeAll(async () => {
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
  afterAll(async () => {
    await Promise.all(servers.map((server) => stopServer(server)));
    rmSync(folder, { recursive: true, force: true });
  });

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

  it('hands every projection to the survivor, whose read models equal a single-instance rebuild', async () => {
    const owner = await startMainServer(env);
    servers.push(owner);
    // The first instance took every lease before listening; the second finds them held.
    const ownerName = (await statuses(owner))[0].lease!.owner;
    expect((await statuses(owner)).every((s) => s.lease?.here === true && s.lease.owner === ownerName)).toBe(true);
    const survivor = await startMainServer(env);
    servers.push(survivor);
    const before = await statuses(survivor);
    expect(before.map((s) => s.lease)).toEqual(
      before.map(() => expect.objectContaining({ owner: ownerName, here: false })),
    );

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
    for (const [path, body] of setup) expect((await call(survivor, 'POST', path, body)).status).toBe(201);

    // Appends through the survivor, 6 clients at once; the owner is killed after 80 of 200 while it applies them.
    let acknowledged = 0;
    let killed: Promise<void> | undefined;
    const client = async (worker: number) => {
      for (let i = 0; acknowledged < 200; i++) {
        const joins = worker % 2 === 0;
        const res = joins
          ? await call(survivor, 'POST', '/members', {
              id: `m-${worker}-${i}`,
              unionId: 'tan-linh',
              fullName: 'Đoàn viên',
              gender: 'female',
              birthDate: '1990-01-01',
              occurredOn: '2024-01-01',
            })
          : await call(survivor, 'POST', '/federations/ba-vi/funds/social/contributions', {
              id: `c-${worker}-${i}`,
              amount: 1_000 + worker,
              sourceKind: 'member',
              occurredOn: '2024-01-01',
            });
        expect(res.status).toBe(201);
        acknowledged += 1;
        if (acknowledged === 80) killed = stopServer(owner, 'SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, worker) => client(worker)));
    await killed;

    // The survivor owns every projection now (a new fencing token) and has applied the whole log.
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
        expect(status.lease!.owner).not.toBe(ownerName);
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
  }, 300_000);
});
