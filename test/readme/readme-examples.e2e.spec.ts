/**
 * The README's examples, run as written, so the README cannot drift from the code.
 *
 * The convention (also in the README's "Development" section):
 * - Every ```bash or ```sh block of README.md runs, in the README's order, in ONE bash session (a variable set
 *   in one block is there in the next), with `set -eEo pipefail`: every command must exit 0. `curl` runs with
 *   `--fail-with-body` (or the example's own `-f`), so any answer but a 2xx fails the test.
 * - A block right after a line `<!-- readme-test: skip (why) -->` is not run: illustrative, needing Docker or
 *   another server, or taking minutes.
 * - Lines that are `npm ci`, `npm install` or `npm test` are not run (the test runs inside an installed
 *   checkout, inside `npm test`). The line `npm start` is where the test starts the service: `npm start` in the
 *   background on a free port (`localhost:3000` in every example is rewritten to it), waiting until every read
 *   model has caught up with the log before the next line runs.
 * - The session runs in a fresh copy of the checkout: a temporary folder that links to this one's files but
 *   has its own empty `data/`, so `./data/union-ledger.sqlite`, `data/exports/` and everything else the
 *   examples write land there. Nothing else is set: the examples run with the service's defaults.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SKIP_MARKER = /^<!--\s*readme-test:\s*skip\b.*-->\s*$/;
const NOT_RUN = /^\s*npm (ci|install|i|test)(\s|$)/;
const START = /^\s*npm start(\s|$)/;

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  skipped: boolean;
}

/** The fenced bash/sh blocks of a Markdown text, each marked skipped when the skip marker precedes it. */
export function shellBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`README.md line ${i + 1}: a code block that is never closed`);
    if (fence[1] === 'bash' || fence[1] === 'sh') {
      const previous = lines
        .slice(0, i)
        .reverse()
        .find((line) => line.trim() !== '');
      blocks.push({
        line: i + 1,
        code: lines.slice(i + 1, end).join('\n'),
        skipped: previous !== undefined && SKIP_MARKER.test(previous),
      });
    }
    i = end;
  }
  return blocks;
}

/** One bash script for the blocks that run, with the service started where `npm start` stands. */
export function sessionScript(blocks: ReadmeBlock[], port: number): string {
  const body = blocks
    .filter((block) => !block.skipped)
    .map((block) => {
      const code = block.code
        .split('\n')
        .map((line) => (NOT_RUN.test(line) ? `: not run by the README test: ${line}` : line))
        .map((line) => (START.test(line) ? 'readme_test_start_service' : line))
        .join('\n')
        .replaceAll('localhost:3000', `localhost:${port}`);
      return `README_TEST_BLOCK=${block.line}\n${code}\n`;
    })
    .join('\n');
  // curl refuses --fail-with-body beside -f, which an example may give itself (both fail on a non-2xx).
  return `set -eEo pipefail
for tool in curl jq; do command -v "$tool" > /dev/null || { echo "the README examples need $tool" >&2; exit 1; }; done
curl() {
  local arg
  for arg in "$@"; do case "$arg" in --fail|-f*|-[!-]*f*) command curl -sS "$@"; return; esac; done
  command curl --fail-with-body -sS "$@"
}
trap 'echo "README example failed (block at README.md line $README_TEST_BLOCK, exit $?): $BASH_COMMAND" >&2' ERR
readme_test_start_service() {
  { PORT=${port} npm start || echo "npm start exited with status $?"; } > readme-test-service.log 2>&1 &
  node readme-test-wait-live.js ${port} $! || { tail -n 40 readme-test-service.log >&2; return 1; }
}
${body}
echo "README examples: all ran"
`;
}

/** Waits for the service on the port, then until every projection is live with no lag (an auditor key of its own). */
const WAIT_LIVE = `
const { execFileSync } = require('node:child_process');
const [port, pid] = process.argv.slice(2).map(Number);
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  let key;
  for (;;) {
    if (!alive()) { console.error('npm start exited'); process.exit(1); }
    try {
      if (!key) {
        const health = await fetch('http://localhost:' + port + '/health');
        if (!health.ok) throw new Error('not yet');
        key = execFileSync(process.execPath, ['dist/src/cli/credentials.js', 'create-key', '--roles', 'auditor',
          '--name', 'README test'], { encoding: 'utf8' }).trim().split('\\n').pop();
      }
      const answer = await fetch('http://localhost:' + port + '/projections', { headers: { authorization: 'ApiKey ' + key } });
      const { projections } = await answer.json();
      if (projections.length > 0 && projections.every((p) => p.state === 'live' && p.lagEvents === 0)) return;
    } catch {}
    await sleep(500);
  }
})();
`;

/** A checkout of its own: links to every file of this one but `data/` (and git's), which is fresh. */
function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'union-ledger-readme-'));
  for (const entry of readdirSync(ROOT)) {
    if (['.git', 'data', 'coverage', 'bench-results'].includes(entry)) continue;
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'readme-test-wait-live.js'), WAIT_LIVE);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The environment a reader's shell would have: no settings of ours, no npm variables of this run. */
function readerEnvironment(): NodeJS.ProcessEnv {
  const ours = /^(npm_|INIT_CWD$|SQLITE_|PORT$|EVENT_STORE$|READ_STORE$|KURRENTDB_|MONGODB_|JWT_|THROTTLE_)/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !ours.test(name)));
  // The service's own default (this suite quiets the logs of the services it starts in-process).
  return { ...env, LOG_LEVEL: 'info' };
}

/** Stops everything the session started (bash, `npm start` and its node), which share a process group. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const group = -child.pid!;
  const running = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!running()) return;
    process.kill(group, signal);
    for (let i = 0; i < 50 && running(); i++) await new Promise((r) => setTimeout(r, 100));
  }
}

describe('README.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  let session: ChildProcess | null = null;
  // A test that times out never reaches its `finally`: the session and the service it started are stopped here.
  afterAll(async () => {
    if (session) await stopGroup(session);
  });

  it('marks what it does not run, and runs the rest', () => {
    const blocks = shellBlocks(readme);
    expect(blocks.filter((b) => !b.skipped).length).toBeGreaterThan(5);
    expect(blocks.filter((b) => !b.skipped && b.code.split('\n').some((line) => START.test(line)))).toHaveLength(1);
  });

  it('every example runs as written, in order, on a fresh checkout and service', async () => {
    const dir = freshCheckout();
    const port = await freePort();
    writeFileSync(join(dir, 'readme-session.sh'), sessionScript(shellBlocks(readme), port));
    session = spawn('bash', ['readme-session.sh'], {
      cwd: dir,
      env: readerEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const started = session;
    let output = '';
    started.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const code = await new Promise<number | null>((done) => started.once('close', done));
      // The whole transcript on failure: which example, what it answered.
      if (code !== 0) {
        const service = existsSync(join(dir, 'readme-test-service.log'))
          ? readFileSync(join(dir, 'readme-test-service.log'), 'utf8').slice(-3000)
          : '(not started)';
        throw new Error(
          `the README session exited ${code}:\n${output.slice(-5000)}\n--- the service's log:\n${service}`,
        );
      }
      expect(output).toContain('README examples: all ran');
    } finally {
      await stopGroup(started);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
