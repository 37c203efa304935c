import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RECORDS_FOR, ROLES } from '../../src/auth/auth.decorators';
import type { CommandScope } from '../../src/auth/command-scope';
import { ClustersController } from '../../src/clusters/clusters.controller';
import { CONTEXT_TABLES } from '../../src/commands/all-commands';
import { DemocracyController } from '../../src/democracy/democracy.controller';
import { FundsController } from '../../src/funds/funds.controller';
import { MembershipController } from '../../src/membership/membership.controller';
import { OrganisationController } from '../../src/organisation/organisation.controller';
import { RecognitionController } from '../../src/recognition/recognition.controller';

/**
 * One path per command: HTTP route → its context's table entry → `handleCommand` → store. A command type has
 * exactly one entry, every entry declares its scope, every command route names an entry, and nothing but
 * the table runner calls `handleCommand`.
 */
const ROOT = join(__dirname, '..', '..');
const COMMAND_CONTROLLERS = [
  OrganisationController,
  MembershipController,
  FundsController,
  RecognitionController,
  DemocracyController,
  ClustersController,
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const entries = Object.entries(CONTEXT_TABLES).flatMap(([context, table]) =>
  Object.entries(table).map(([type, entry]) => ({ context, type, entry })),
);

/** The routes a recorder may call, with the scope each declares. */
const commandRoutes = COMMAND_CONTROLLERS.flatMap((controller) =>
  Object.getOwnPropertyNames(controller.prototype)
    .map((name) => ({
      route: `${controller.name}.${name}`,
      handler: (controller.prototype as unknown as Record<string, object>)[name],
    }))
    .filter(({ handler }) => (Reflect.getMetadata(ROLES, handler) as string[] | undefined)?.includes('recorder'))
    .map(({ route, handler }) => ({ route, scope: Reflect.getMetadata(RECORDS_FOR, handler) as CommandScope })),
);

describe('the command path', () => {
  it('gives every command type exactly one entry, in one context table', () => {
    const types = entries.map(({ type }) => type);
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((type, index) => types.indexOf(type) !== index)).toEqual([]);
  });

  it.each(entries)('$context: $type declares its scope, stream and decider', ({ entry }) => {
    expect(entry.scope).toEqual(expect.any(Function));
    expect(entry.stream).toEqual(expect.any(Function));
    expect(entry.decider.decide).toEqual(expect.any(Function));
  });

  it('finds the command routes of every context', () => {
    expect(commandRoutes.length).toBeGreaterThan(20);
    expect(commandRoutes.map(({ route }) => route)).toEqual(
      expect.arrayContaining(['MembershipController.join', 'FundsController.paySupport']),
    );
  });

  it.each(commandRoutes)('$route checks the scope of a table entry', ({ scope }) => {
    expect(entries.some(({ entry }) => entry.scope === scope)).toBe(true);
  });

  it.each(COMMAND_CONTROLLERS.map((c) => c.name))('%s sends each route the command of the entry it names', (name) => {
    const context = name.replace('Controller', '').toLowerCase();
    const source = readFileSync(join(ROOT, 'src', context, `${context}.controller.ts`), 'utf8');
    const routes = source.split(/\n {2}@(?:Post|Put)\(/).slice(1);
    const mismatched = routes.flatMap((route) => {
      const named = /@(?:CommandRoute|Records)\(\w+\.(\w+)/.exec(route)?.[1];
      // A reorganisation body is turned into its command by `reorganisationOf`.
      const sent = /\btype: '(\w+)'/.exec(route)?.[1] ?? (/reorganisationOf\(/.test(route) ? 'Reorganise' : undefined);
      // A merge is recorded as a one-merge reorganisation, under the merge's scope.
      const allowed = named === 'MergeFederation' ? ['Reorganise'] : [named];
      return allowed.includes(sent) ? [] : [`${named} route sends ${sent}`];
    });
    expect(routes.length).toBeGreaterThan(0);
    expect(mismatched).toEqual([]);
  });

  it('keeps one command handler and one caller of handleCommand', () => {
    const files = sourceFiles(join(ROOT, 'src')).map((path) => relative(ROOT, path));
    expect(files.filter((file) => file.endsWith('.command-handler.ts'))).toEqual([
      join('src', 'commands', 'commands.command-handler.ts'),
    ]);
    const callers = files.filter((file) =>
      /\b(handleCommand|previewCommand)\(/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(callers).toEqual([join('src', 'commands', 'command-table.ts')]);
  });

  it('lets controllers reach a decider only through the table', () => {
    const offending = sourceFiles(join(ROOT, 'src'))
      .filter((path) => path.endsWith('.controller.ts'))
      .filter((path) => /\b(handleCommand|previewCommand|[a-z]\w*Decider)\b/.test(readFileSync(path, 'utf8')));
    expect(offending.map((path) => relative(ROOT, path))).toEqual([]);
  });
});
