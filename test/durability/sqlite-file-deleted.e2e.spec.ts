import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueApiKey } from '../../src/auth/credentials';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteCredentialStore } from '../../src/infrastructure/sqlite/sqlite-credential-store';
import { HA_NOI, district } from '../support/fixtures';
import { type SpawnedServer, startMainServer, stopServer } from '../support/spawned-server';

/**
 * The real server (`src/main.ts`) on a SQLite file that is deleted while it runs: SQLite would go on writing
 * into the unlinked file, so every write after that would be acknowledged and then lost at the next start.
 */
describe('the SQLite file deleted under a running server', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-deleted-'));
  const sqlitePath = join(folder, 'ledger.sqlite');
  let adminKey: string;
  let server: SpawnedServer;

  beforeAll(async () => {
    const db = openSqliteDatabase({ path: sqlitePath });
    ({ key: adminKey } = await issueApiKey(new SqliteCredentialStore(db), {
      name: 'deletion test',
      roles: ['admin'],
      createdBy: 'test',
      now: new Date(),
    }));
    db.close();
    server = await startMainServer({ SQLITE_PATH: sqlitePath, LOG_LEVEL: 'info' });
    // Compiling the sources in the child takes a while on a busy machine.
  }, 120_000);
  afterAll(async () => {
    if (server) await stopServer(server);
    rmSync(folder, { recursive: true, force: true });
  });

  const call = (method: string, path: string, body?: object) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { 'x-api-key': adminKey, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('refuses every command with 503 and reports not ready, acknowledging nothing', async () => {
    expect((await call('POST', '/federations', HA_NOI)).status).toBe(201);
    expect((await call('GET', '/health/ready')).status).toBe(200);

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });

    const refused = await Promise.all(
      ['ba-vi', 'son-tay', 'phuc-tho'].map((id) => call('POST', '/federations', district(id))),
    );
    expect(refused.map((response) => response.status)).toEqual([503, 503, 503]);
    const body = (await refused[0].json()) as { message: string };
    expect(body.message).toMatch(/SQLite file was deleted/);

    const anonymous = await fetch(`${server.url}/health/ready`);
    expect(anonymous.status).toBe(503);
    expect(await anonymous.json()).toEqual({ status: 'unavailable' });
    const admin = (await (await call('GET', '/health/ready')).json()) as {
      checks: { sqliteFile: { ok: boolean }; eventStore: { logLength: number } };
    };
    expect(admin.checks.sqliteFile.ok).toBe(false);
    // Only the one event acknowledged before the deletion is in the log the process still holds.
    expect(admin.checks.eventStore.logLength).toBe(1);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  });
});
