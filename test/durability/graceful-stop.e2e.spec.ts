import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueApiKey } from '../../src/auth/credentials';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteCredentialStore } from '../../src/infrastructure/sqlite/sqlite-credential-store';
import { SqliteEventStore } from '../../src/infrastructure/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../../src/infrastructure/sqlite/sqlite-read-store';
import { HA_NOI, district } from '../support/fixtures';
import { type SpawnedServer, startMainServer } from '../support/spawned-server';

/** Resolves true when nothing listens on the port any more (it can be bound again). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** The real server (`src/main.ts`, as `npm start` runs it) stopped by SIGTERM while commands are in flight. */
describe('stopping the server with SIGTERM', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-stop-'));
  const sqlitePath = join(folder, 'ledger.sqlite');
  let adminKey: string;
  let server: SpawnedServer;

  beforeAll(async () => {
    const db = openSqliteDatabase({ path: sqlitePath });
    ({ key: adminKey } = await issueApiKey(new SqliteCredentialStore(db), {
      name: 'stop test',
      roles: ['admin'],
      createdBy: 'test',
      now: new Date(),
    }));
    db.close();
    server = await startMainServer({ SQLITE_PATH: sqlitePath, LOG_LEVEL: 'info' });
  }, 120_000);
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  const post = (path: string, body: object) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers the commands in flight, checkpoints the projections, frees the port and exits 0', async () => {
    expect((await post('/federations', HA_NOI)).status).toBe(201);
    const port = Number(new URL(server.url).port);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      server.child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    const inFlight = Array.from({ length: 8 }, (_, i) =>
      post('/federations', district(`stop-${i}`)).then(
        (response) => response.status,
        () => 'no answer' as const,
      ),
    );
    // The requests are on their way; the signal lands while some are being handled.
    await new Promise((resolve) => setImmediate(resolve));
    server.child.kill('SIGTERM');

    const statuses = await Promise.all(inFlight);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await portIsFree(port)).toBe(true);
    expect(server.output()).toContain('SIGTERM received');

    // A request is answered 201 and recorded, or not answered at all: never acknowledged and lost, never cut off.
    for (const status of statuses) expect([201, 'no answer']).toContain(status);
    const acknowledged = statuses.filter((status) => status === 201).length;
    const db = openSqliteDatabase({ path: sqlitePath });
    try {
      const head = await new SqliteEventStore(db).headPosition();
      expect(head).toBe(1 + acknowledged);
      // Each projection stored the checkpoint of what it had applied; none is ahead of the log.
      const namespaces = await new SqliteReadStore(db).namespaces();
      expect(namespaces.length).toBeGreaterThan(0);
      for (const info of namespaces) expect(info.checkpoint).toBeLessThanOrEqual(head);
      expect(Math.max(...namespaces.map((info) => info.checkpoint))).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  });
});
