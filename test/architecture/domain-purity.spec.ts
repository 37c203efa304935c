import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Domain code (core mechanics, deciders, events, projections) imports nothing from NestJS,
 * a database driver, HTTP or our own infrastructure: those live only at the edges.
 */
const ROOT = join(__dirname, '..', '..');
const EDGE_FILE =
  /\.(controller|module|dto|command-handler|query-handler|spec|contract)\.ts$|\.e2e\.|\/http\/|\/auth\/|\/infrastructure\/|\/cli\/|\/config\/|\/health\/|\/observability\/|\/history\/|\/read-models\/|main\.ts$|app\.module\.ts$|-runtime\//;
const FORBIDDEN = [
  /^@nestjs\//,
  /^better-sqlite3$/,
  /^mongodb$/,
  /^@kurrent\//,
  /^@eventstore\//,
  /^express$/,
  /infrastructure\//,
  /\/http\//,
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

describe('domain purity', () => {
  const domainFiles = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'projections'))]
    .map((path) => relative(ROOT, path))
    .filter((path) => !EDGE_FILE.test(path));

  it('finds the domain files it guards', () => {
    expect(domainFiles).toEqual(expect.arrayContaining(['src/core/decider.ts', 'src/organisation/federation.ts']));
  });

  it.each(domainFiles)('%s imports no framework or infrastructure', (path) => {
    const offending = importsOf(readFileSync(join(ROOT, path), 'utf8')).filter((spec) =>
      FORBIDDEN.some((rule) => rule.test(spec)),
    );
    expect(offending).toEqual([]);
  });
});
