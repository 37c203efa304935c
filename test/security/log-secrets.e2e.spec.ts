import { JwtService } from '@nestjs/jwt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueApiKey } from '../../src/auth/credentials';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteCredentialStore } from '../../src/infrastructure/sqlite/sqlite-credential-store';
import { type SpawnedServer, startMainServer, stopServer } from '../support/spawned-server';

const JWT_SECRET = 'log-test-secret-of-at-least-thirty-two-chars';

/**
 * The real server (`src/main.ts`) at the most verbose log level: every credential form a client can send
 * is used, then the whole captured output is searched for each secret.
 */
describe('credentials never reach the server log', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-logs-'));
  const sqlitePath = join(folder, 'ledger.sqlite');
  let adminKey: string;
  let bearer: string;
  let server: SpawnedServer;

  beforeAll(async () => {
    const db = openSqliteDatabase({ path: sqlitePath });
    ({ key: adminKey } = await issueApiKey(new SqliteCredentialStore(db), {
      name: 'log test',
      roles: ['admin'],
      createdBy: 'test',
      now: new Date(),
    }));
    db.close();
    bearer = new JwtService().sign(
      { sub: 'log-tester', roles: ['reader'] },
      { secret: JWT_SECRET, algorithm: 'HS256', expiresIn: 600 },
    );
    server = await startMainServer({ SQLITE_PATH: sqlitePath, LOG_LEVEL: 'trace', JWT_SECRET });
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    rmSync(folder, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { headers: { 'x-correlation-id': 'log-test-1', ...headers } });

  it('redacts the API key, bearer token, cookies and query tokens in every line, at every level', async () => {
    const wrongKey = 'ulk_wrongwrongwrongwrongwrongwrongwrong';
    const responses = await Promise.all([
      get('/projections', { 'x-api-key': adminKey }),
      get('/projections', { authorization: `ApiKey ${adminKey}` }),
      get('/projections', { authorization: `Bearer ${bearer}` }),
      get('/projections', { 'x-api-key': wrongKey }),
      get('/projections', { 'x-api-key': adminKey, authorization: `Bearer ${bearer}` }),
      get(`/projections?token=${adminKey}&api_key=${adminKey}&access_token=${bearer}`, {
        cookie: `session=${adminKey}`,
      }),
      get(`/no-such-route?token=${adminKey}`, { 'proxy-authorization': `Basic ${adminKey}` }),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 403, 401, 401, 401, 404]);
    // Give the logger a moment to flush the last lines.
    await new Promise((done) => setTimeout(done, 300));

    const output = server.output();
    expect(output).toContain('/projections');
    for (const secret of [adminKey, bearer, wrongKey, adminKey.slice(4, 24), bearer.split('.')[2]]) {
      expect(output).not.toContain(secret);
    }
  });

  it('logs one compact line per request: method, route, status, duration, actor, correlation id', async () => {
    await get('/projections', { 'x-api-key': adminKey, 'x-correlation-id': 'compact-check' });
    await new Promise((done) => setTimeout(done, 300));
    const line = server
      .output()
      .split('\n')
      .filter((text) => text.includes('compact-check'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.res !== undefined);
    expect(line).toBeDefined();
    expect(line!.req).toEqual({ method: 'GET', route: '/projections' });
    expect(line!.res).toEqual({ status: 200 });
    expect(typeof line!.responseTime).toBe('number');
    expect(line!.actor).toMatch(/^api-key:/);
    expect(line!.correlationId).toBe('compact-check');
    expect(JSON.stringify(line).length).toBeLessThan(500);
  });
});
