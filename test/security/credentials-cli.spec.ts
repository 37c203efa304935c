import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/credentials';
import { openSqliteDatabase } from '../../src/infrastructure/sqlite/sqlite-database';
import { SqliteCredentialStore } from '../../src/infrastructure/sqlite/sqlite-credential-store';

const KEY = /^ulk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

/** Runs the command line on a SQLite file and collects what it printed. */
async function run(path: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--sqlite-path', path, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the credentials command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'union-ledger-credentials-cli-'));
  const path = join(folder, 'ledger.sqlite');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('creates the first admin key on a new ledger, prints it once and stores only its hash', async () => {
    const { code, out } = await run(path, 'create-admin', '--name', 'Operator');
    expect(code).toBe(0);
    const key = out.split('\n').find((line) => KEY.test(line))!;
    expect(key).toBeDefined();
    const db = openSqliteDatabase({ path });
    const [stored] = await new SqliteCredentialStore(db).listApiKeys();
    db.close();
    expect(stored).toMatchObject({ name: 'Operator', roles: ['admin'], createdBy: 'cli', revokedAt: null });
    expect(stored.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
  });

  it('refuses a second admin unless forced', async () => {
    const refused = await run(path, 'create-admin');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('an active admin key exists');
    const forced = await run(path, 'create-admin', '--force', '--name', 'Deputy operator');
    expect(forced.code).toBe(0);
  });

  it('creates a recorder key for federations, and refuses one without', async () => {
    const created = await run(
      path,
      'create-key',
      '--roles',
      'recorder',
      '--federations',
      'ba-vi,dan-phuong',
      '--name',
      'Ba Vì clerk',
    );
    expect(created.code).toBe(0);
    expect(created.out).toContain('roles recorder; federations ba-vi, dan-phuong');
    expect(created.out.split('\n').some((line) => KEY.test(line))).toBe(true);

    const refused = await run(path, 'create-key', '--roles', 'recorder', '--name', 'nowhere');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('must name the federations');
    expect((await run(path, 'create-key', '--roles', 'root', '--name', 'x')).err).toContain('unknown: root');
  });

  it('lists keys without the keys or their hashes, and revokes one', async () => {
    const listed = await run(path, 'list', '--json');
    const keys = JSON.parse(listed.out) as { id: string; name: string }[];
    expect(keys.map((k) => k.name)).toEqual(['Operator', 'Deputy operator', 'Ba Vì clerk']);
    expect(listed.out).not.toMatch(/ulk_|keyHash|[0-9a-f]{64}/);
    expect((await run(path, 'list')).out).toMatch(/^id\s+name\s+roles\s+federations\s+created\s+revoked/);

    const clerk = keys[2].id;
    const revoked = await run(path, 'revoke', clerk);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`revoked ${clerk} (Ba Vì clerk)`);
    const again = await run(path, 'revoke', clerk);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already revoked');
    expect((await run(path, 'revoke', 'ffffffffffff')).err).toContain("API key 'ffffffffffff' does not exist");
  });
});
