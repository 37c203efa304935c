import type { Command } from 'commander';
import { activeAdminKeys, type ApiKeyView, issueApiKey, revokeApiKey } from '../auth/credentials';
import type { CredentialStore } from '../auth/credential-store.port';
import { validateConfig } from '../config/app-config';
import { openStoresFor } from '../infrastructure/open-stores';
import { CliFailure, type CliIo, terminal } from './cli-io';
import { commandLine, runAsProcess, runProgram } from './command-line';

/**
 * API keys from a shell, on the service's SQLite file (no server needed; the server sees changes at once):
 *
 *   npm run credentials -- create-admin [--name <name>] [--force]   the first admin key; refuses a second without --force
 *   npm run credentials -- create-key --roles recorder --federations ba-vi --name "Ba Vì clerk"
 *   npm run credentials -- list [--json]
 *   npm run credentials -- revoke <id>
 *   (every command takes --sqlite-path <file>, which overrides SQLITE_PATH)
 *
 * A key is printed once, when created; only its SHA-256 is stored. There is no built-in password.
 */

/** Opens the credential store the command works on, and closes it afterwards. */
export type OpenStore = (
  sqlitePath: string | undefined,
) => Promise<{ store: CredentialStore; close(): Promise<void> | void }>;

/** The credential store the service is configured with (the SQLite file, or MongoDB with READ_STORE=mongodb). */
const openConfiguredStore: OpenStore = async (sqlitePath) => {
  const config = validateConfig({ ...process.env, ...(sqlitePath ? { SQLITE_PATH: sqlitePath } : {}) });
  const stores = await openStoresFor(config);
  return { store: stores.credentials, close: () => stores.close() };
};

/** Runs the command line `args` (without `node` and the script) and resolves to the exit status. */
export type { CliIo };

export async function main(
  args: readonly string[],
  io: CliIo = terminal,
  open: OpenStore = openConfiguredStore,
  now: () => Date = () => new Date(),
): Promise<number> {
  const program = commandLine('credentials', io)
    .description('API keys of union-ledger: create the first admin, create, list and revoke keys')
    .option('--sqlite-path <file>', 'the SQLite file of the ledger (overrides SQLITE_PATH)');

  const withStore = async (command: Command, work: (store: CredentialStore) => Promise<void>) => {
    const { sqlitePath } = command.optsWithGlobals<{ sqlitePath?: string }>();
    const opened = await open(sqlitePath);
    try {
      await work(opened.store);
    } finally {
      await opened.close();
    }
  };

  program
    .command('create-admin')
    .description('create an admin API key (the first one; a second needs --force) and print it once')
    .option('--name <name>', 'who holds it', 'administrator')
    .option('--force', 'create one even though an active admin key exists')
    .action(async (options: { name: string; force?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const admins = await activeAdminKeys(store);
        if (admins.length > 0 && !options.force) {
          throw new CliFailure(
            `an active admin key exists (${admins.map((a) => a.id).join(', ')}); create another with --force, ` +
              'or use an admin key to create keys',
          );
        }
        const created = await issueApiKey(store, {
          name: options.name,
          roles: ['admin'],
          createdBy: 'cli',
          now: now(),
        });
        printCreated(io, created);
      });
    });

  program
    .command('create-key')
    .description('create an API key with roles (and, for a recorder, federations) and print it once')
    .requiredOption('--roles <roles>', 'comma-separated: recorder, reader, auditor, finance-inspector, admin')
    .option('--federations <ids>', 'comma-separated federation ids a recorder records for (with those below them)')
    .requiredOption('--name <name>', 'who or what holds it, e.g. "Ba Vì clerk"')
    .action(async (options: { roles: string; federations?: string; name: string }, command: Command) => {
      await withStore(command, async (store) => {
        const created = await issueApiKey(store, {
          name: options.name,
          roles: list(options.roles),
          federationIds: options.federations === undefined ? [] : list(options.federations),
          createdBy: 'cli',
          now: now(),
        });
        printCreated(io, created);
      });
    });

  program
    .command('list')
    .description('every API key: id, name, roles, federations, created, revoked (never the key)')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const keys = (await store.listApiKeys()).map(({ keyHash: _hidden, ...view }) => view);
        io.out(options.json ? JSON.stringify(keys, null, 2) : table(keys));
      });
    });

  program
    .command('revoke')
    .description('revoke an API key: requests made with it answer 401 from now on')
    .argument('<id>', 'the key id (the part after ulk_, as `list` shows it)')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withStore(command, async (store) => {
        // The operator at the shell may revoke the last admin key: create-admin makes a new one.
        const revoked = await revokeApiKey(store, id, now(), { keepLastAdmin: false });
        io.out(`revoked ${revoked.id} (${revoked.name}) at ${revoked.revokedAt}`);
      });
    });

  return runProgram(program, args, io, { status: () => 0, errorPrefix: 'error' });
}

function printCreated(io: CliIo, { key, apiKey }: { key: string; apiKey: ApiKeyView }): void {
  io.out(
    `created API key ${apiKey.id} (${apiKey.name}): roles ${apiKey.roles.join(', ')}` +
      (apiKey.federationIds.length > 0 ? `; federations ${apiKey.federationIds.join(', ')}` : ''),
  );
  io.out('the key is shown this once; store it now (send it as "Authorization: ApiKey <key>"):');
  io.out(key);
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function table(keys: ApiKeyView[]): string {
  if (keys.length === 0) return 'no API keys; create the first with create-admin';
  const rows = keys.map((k) => [
    k.id,
    k.name,
    k.roles.join(','),
    k.federationIds.join(',') || '-',
    k.createdAt,
    k.revokedAt ?? '-',
  ]);
  const header = ['id', 'name', 'roles', 'federations', 'created', 'revoked'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

if (require.main === module) runAsProcess(main);
