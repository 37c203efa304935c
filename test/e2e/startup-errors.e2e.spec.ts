import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMainUntilExit, startMainServer, stopServer } from '../support/spawned-server';

/**
 * The service started as `npm start` starts it, with a setting it cannot start with: it exits 1 and says
 * why in one line on stderr, with no stack trace and nothing on stdout.
 */
describe('starting the service: one clear line when it cannot, and a hint on a first start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'union-ledger-startup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectOneLine = (result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) => {
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  };

  it('a PORT that is not a port', async () => {
    const result = await runMainUntilExit({ PORT: 'eighty', SQLITE_PATH: join(dir, 'a.sqlite') });
    expectOneLine(result, /^union-ledger: cannot start: PORT=eighty: PORT must be a whole number from 0 to 65535/);
  });

  it('a required connection string left out, named without a value', async () => {
    const result = await runMainUntilExit({ EVENT_STORE: 'kurrentdb', SQLITE_PATH: join(dir, 'b.sqlite') });
    expectOneLine(
      result,
      /^union-ledger: cannot start: KURRENTDB_URL=\(unset\): .*required when EVENT_STORE=kurrentdb/,
    );
  });

  it('a bearer-token secret too short to be one, never printed', async () => {
    const result = await runMainUntilExit({ JWT_SECRET: 'hunter2-hunter2', SQLITE_PATH: join(dir, 'c.sqlite') });
    expectOneLine(
      result,
      /^union-ledger: cannot start: JWT_SECRET=\(hidden\): JWT_SECRET must be at least 32 characters$/,
    );
    expect(result.stderr).not.toContain('hunter2');
  });

  it('a port already in use', async () => {
    const holder: Server = createServer();
    await new Promise<void>((listening) => holder.listen(0, listening));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await runMainUntilExit({
        PORT: String(port),
        SQLITE_PATH: join(dir, 'd.sqlite'),
        LOG_LEVEL: 'warn',
      });
      expectOneLine(result, new RegExp(`^union-ledger: cannot start: port ${port} is already in use`));
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  }, 90_000);

  it('a first start, with no admin key yet, says how to create one', async () => {
    const server = await startMainServer({ SQLITE_PATH: join(dir, 'e.sqlite'), LOG_LEVEL: 'info' });
    try {
      expect(server.output()).toContain(
        'no admin API key yet: create the first with  npm run credentials -- create-admin',
      );
    } finally {
      await stopServer(server);
    }
  }, 90_000);
});
