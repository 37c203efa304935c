import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { issueApiKey } from '../../src/auth/credentials';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteCredentialStore } from '../../src/infrastructure/sqlite/sqlite-credential-store';

/**
 * Runs TypeScript in the child as jest does here (swc, decorators with metadata), without a build step:
 * a require hook for `.ts`, then the server entry.
 */
const CHILD = `
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(${JSON.stringify(resolve(__dirname, 'serve.ts'))});
`;

interface Server {
  child: ChildProcess;
  url: string;
}

interface Acknowledged {
  eventId: string;
  streamId: string;
  position: number;
  revision: number;
}

interface LoggedEvent {
  position: number;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** Starts the server on the file and resolves once it listens. */
function start(sqlitePath: string): Promise<Server> {
  const child = spawn(process.execPath, ['-e', CHILD], {
    cwd: resolve(__dirname, '..', '..'),
    env: {
      ...process.env,
      SQLITE_PATH: sqlitePath,
      // The setting under test: every acknowledged commit is synced to disk before the answer goes out.
      SQLITE_SYNCHRONOUS: 'FULL',
      THROTTLE_LIMIT: '0',
      LOG_LEVEL: 'silent',
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time: ${errors}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${errors}`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolvePort({ child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` });
    });
  });
}

function kill(server: Server): Promise<void> {
  return new Promise((done) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return done();
    server.child.once('exit', () => done());
    server.child.kill('SIGKILL');
  });
}

/**
 * The embedded store under a crash: a burst of appends from concurrent clients (new members, each in its
 * own stream, and contributions racing on one fund book's stream), the server SIGKILLed in the middle of
 * it, then restarted on the same file. Every append it acknowledged is there; the log has no gap and no
 * broken stream; and the read models, killed half-way too, resume without counting anything twice.
 */
describe('killing the server in the middle of acknowledged appends', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-kill-'));
  const sqlitePath = join(folder, 'ledger.sqlite');
  let authorization: string;
  let server: Server | undefined;

  beforeAll(async () => {
    const db = openSqliteDatabase({ path: sqlitePath });
    const { key } = await issueApiKey(new SqliteCredentialStore(db), {
      name: 'kill test',
      roles: ['admin'],
      createdBy: 'test',
      now: new Date(),
    });
    db.close();
    authorization = `ApiKey ${key}`;
  });
  afterAll(async () => {
    if (server) await kill(server);
    rmSync(folder, { recursive: true, force: true });
  });

  const call = async (target: Server, method: string, path: string, body?: object) => {
    const res = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('keeps every acknowledged event, a dense log and exact read models', async () => {
    server = await start(sqlitePath);
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
    for (const [path, body] of setup) expect((await call(server, 'POST', path, body)).status).toBe(201);

    // The burst: 8 clients appending as fast as the server answers; killed once 200 appends are acknowledged.
    const acknowledged: Acknowledged[] = [];
    const running = server;
    let killing: Promise<void> | undefined;
    const client = async (worker: number) => {
      for (let i = 0; !killing; i++) {
        const joins = worker % 2 === 0;
        const path = joins ? '/members' : '/federations/ba-vi/funds/social/contributions';
        const body = joins
          ? {
              id: `m-${worker}-${i}`,
              unionId: 'tan-linh',
              fullName: 'Đoàn viên',
              gender: 'female',
              birthDate: '1990-01-01',
              occurredOn: '2024-01-01',
            }
          : { id: `c-${worker}-${i}`, amount: 1_000 + worker, sourceKind: 'member', occurredOn: '2024-01-01' };
        try {
          const res = await call(running, 'POST', path, body);
          if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
          const events = res.body.events as { id: string }[];
          acknowledged.push({
            eventId: events[0].id,
            streamId: res.body.streamId as string,
            position: res.body.position as number,
            revision: res.body.revision as number,
          });
          if (acknowledged.length >= 200 && !killing) killing = kill(running);
        } catch (error) {
          if (killing) return; // the connection died with the server: this append was never acknowledged
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, worker) => client(worker)));
    await killing;
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);

    // Restart, and kill again at once, while the read models are catching up; then restart for good.
    await kill(await start(sqlitePath));
    server = await start(sqlitePath);

    const log: LoggedEvent[] = [];
    for (let after = 0; ;) {
      const page = await call(server, 'GET', `/events?after=${after}&limit=1000`);
      log.push(...(page.body.events as LoggedEvent[]));
      if (page.body.next === null) break;
      after = page.body.next as number;
    }

    // Every acknowledged append is there, where it was acknowledged.
    const byId = new Map(log.map((event) => [event.id, event]));
    for (const ack of acknowledged) {
      expect(byId.get(ack.eventId)).toMatchObject({
        streamId: ack.streamId,
        position: ack.position,
        revision: ack.revision,
      });
    }
    // The log is dense (positions 1…head, no gap, no repeat) and every stream's revisions run 0, 1, 2…
    expect(log.map((event) => event.position)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
    expect(byId.size).toBe(log.length);
    const revisions = new Map<string, number[]>();
    for (const event of log) revisions.set(event.streamId, [...(revisions.get(event.streamId) ?? []), event.revision]);
    for (const [, seen] of revisions) expect(seen).toEqual(seen.map((_, i) => i));
    expect(revisions.get('fundbook-ba-vi')!.length).toBeGreaterThan(50);

    // The read models, rebuilt from their checkpoints, count each event once.
    const head = log.length;
    const joins = log.filter((event) => event.type === 'MemberJoined').length;
    const contributed = log
      .filter((event) => event.type === 'ContributionReceived')
      .reduce((sum, event) => sum + (event.data.amount as number), 0);
    const union = await call(server, 'GET', `/read/unions/tan-linh/membership?consistentWith=${head}`);
    expect(union.body).toMatchObject({ members: joins, joined: joins });
    expect(joins).toBeGreaterThanOrEqual(acknowledged.filter((a) => a.streamId.startsWith('member-')).length);
    const fund = await call(server, 'GET', `/read/federations/ba-vi/funds/social?consistentWith=${head}`);
    expect(fund.body).toMatchObject({ balance: contributed, inflow: contributed });
  }, 180_000);
});
