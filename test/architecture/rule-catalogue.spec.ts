import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { withRuleCatalogue } from '../../src/cli/rule-catalogue';
import { RULE_CATALOGUE, RULE_IDS } from '../../src/core/rule-catalogue';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const RULE_ID = `'([a-z][a-z-]*\\.[a-z0-9-]+)'`;
/** The ways code refuses with a rule: `new RuleBroken('id', …)`, a subclass's `super('id', …)`, a `rule: 'id'` answer. */
const RAISES = [
  new RegExp(`new RuleBroken\\(\\s*${RULE_ID}`, 'g'),
  new RegExp(`super\\(\\s*${RULE_ID}`, 'g'),
  new RegExp(`\\brule: ${RULE_ID}`, 'g'),
];

/** Rule ids the code under src/ can answer a request with, and where. Verification findings (`verify.*`) are reports, not refusals. */
function raisedRules(): Map<string, string[]> {
  const raised = new Map<string, string[]>();
  for (const path of sourceFiles(join(ROOT, 'src'))) {
    const file = relative(ROOT, path);
    if (file === join('src', 'core', 'rule-catalogue.ts')) continue;
    const source = readFileSync(path, 'utf8');
    for (const pattern of RAISES) {
      for (const [, id] of source.matchAll(pattern)) {
        if (id.startsWith('verify.')) continue;
        raised.set(id, [...(raised.get(id) ?? []), file]);
      }
    }
  }
  return raised;
}

describe('the rule catalogue', () => {
  const raised = raisedRules();

  it('finds the rules the code raises (the scan itself works)', () => {
    expect([...raised.keys()]).toEqual(
      expect.arrayContaining([
        'member.already-joined',
        'fund.overdrawn',
        'history.later-fact',
        'concurrency.conflict',
        'idempotency.key-reused',
        'cluster.federation-in-another-cluster',
        'reorganisation.empty',
        'federation.has-unions',
      ]),
    );
  });

  it('lists every rule a command can be refused with', () => {
    const missing = [...raised.entries()]
      .filter(([id]) => !RULE_IDS.includes(id))
      .map(([id, files]) => `${id} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('lists no rule the code never raises', () => {
    expect(RULE_IDS.filter((id) => !raised.has(id))).toEqual([]);
  });

  it('names each rule once, with a meaning', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const entry of RULE_CATALOGUE) {
      expect(entry.id).toMatch(/^[a-z][a-z-]*\.[a-z0-9-]+$/);
      expect(entry.meaning.length).toBeGreaterThan(10);
    }
  });

  it('refuses only with literal rule ids, so the scan sees them all', () => {
    const dynamic: string[] = [];
    for (const path of sourceFiles(join(ROOT, 'src'))) {
      const source = readFileSync(path, 'utf8');
      for (const match of source.matchAll(/new RuleBroken\(\s*([^'\s])/g))
        dynamic.push(`${relative(ROOT, path)}: ${match[0]}`);
    }
    expect(dynamic).toEqual([]);
  });

  it('is the table in the README (npm run docs:rules rewrites it)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(withRuleCatalogue(readme)).toBe(readme);
  });
});
