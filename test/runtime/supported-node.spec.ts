import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which Node.js runs union-ledger is said in four places: package.json's engines (which npm enforces at
 * install through .npmrc's engine-strict), the check before every test run and build, the Docker image and
 * the README. They agree, and an unsupported Node meets one line naming the version it needs.
 */
const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;

/** Runs the check as npm's pretest does, on a Node claiming to be `version`. */
function checkAs(version: string) {
  const pretend = `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });`;
  return spawnSync(process.execPath, ['-e', `${pretend} require('./scripts/check-node.cjs');`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('the supported Node.js versions', () => {
  it('are Node 22.12 and later, enforced by npm at install', () => {
    expect(engines).toBe('>=22.12');
    expect(read('.npmrc')).toMatch(/^engine-strict=true$/m);
  });

  it.each(['20.20.2', '22.11.0', '18.20.8'])('refuses Node %s in one line naming the version needed', (version) => {
    const run = checkAs(version);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `union-ledger needs Node.js 22.12 or later (24 recommended); this is Node ${version}: ` +
        'see the README, "Requirements" (scripts/with-node.sh 24 <command>).',
    ]);
  });

  it.each(['22.12.0', '22.23.3', '23.0.0', '24.21.0', '26.10.0'])('lets Node %s through, silently', (version) => {
    const run = checkAs(version);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('runs before the tests and before every build (start and the command-line tools build first)', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.pretest).toBe('node scripts/check-node.cjs');
    expect(scripts.prebuild).toBe('node scripts/check-node.cjs');
    expect(scripts.prestart).toMatch(/^npm run build( |$)/);
  });

  it('is what the Docker image runs (both stages) and what the README says', () => {
    const images = [...read('Dockerfile').matchAll(/^FROM node:(\d+)-/gm)].map((match) => Number(match[1]));
    expect(images).toEqual([24, 24]);
    expect(read('README.md')).toContain('npm error notsup Required: {"node":">=22.12"}');
    expect(read('README.md')).toMatch(/\*\*Node\.js 24\*\*.*\*\*or Node\.js 22\.12 or later\*\*/);
  });
});
