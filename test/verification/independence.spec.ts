import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The independent verifier shares nothing with what it checks: its files import only each other. Not the
 * funds projection (`projections/`), not the write side (`src/funds/`), not even the shared core helpers
 * (dates, money): a mistake there would otherwise show up identically on both sides and go unnoticed.
 * One exception, which carries no code: the reconciliation imports, as a type only, the shape of the figures
 * the read model publishes (`src/funds/fund-flows.ts`), so both sides name the same figures.
 */
const FOLDER = join(__dirname, '..', '..', 'src', 'verification', 'funds');
const PUBLISHED_SHAPE = /^import type \{[^}]*\} from '\.\.\/\.\.\/funds\/fund-flows';$/gm;

function importsOf(source: string): string[] {
  return [
    ...source.matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)|require\(['"]([^'"]+)['"]\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('independence of the fund verifier', () => {
  const files = readdirSync(FOLDER).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));

  it('finds the verifier’s files', () => {
    expect(files).toEqual(
      expect.arrayContaining(['fund-ledger.ts', 'fund-figures.ts', 'read-model-reconciliation.ts']),
    );
  });

  it.each(files)('%s imports nothing but the verifier’s own files', (name) => {
    const outside = importsOf(readFileSync(join(FOLDER, name), 'utf8').replace(PUBLISHED_SHAPE, '')).filter(
      (spec) => !/^\.\/[a-z-]+$/.test(spec),
    );
    expect(outside).toEqual([]);
  });
});
