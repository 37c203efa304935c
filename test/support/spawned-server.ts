import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Runs the TypeScript sources in a child process as jest does here (swc, decorators with metadata), without
 * a build step: a require hook for `.ts`, then the entry file.
 */
function childScript(entry: string): string {
  return `
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(${JSON.stringify(entry)});
`;
}

const ROOT = resolve(__dirname, '..', '..');

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts `src/main.ts` exactly as `npm start` runs it (its "listening on" line is logged at `info`, so a
 * LOG_LEVEL above that never resolves), configured by `env` on top of this process's
 * environment, on a free loopback port; resolves once its "listening on" line names the port.
 */
export function startMainServer(env: Record<string, string>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['-e', childScript(resolve(ROOT, 'src', 'main.ts'))], {
    cwd: ROOT,
    env: { ...process.env, THROTTLE_LIMIT: '0', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolveServer, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started server behind holding its port.
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time: ${output}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${output}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      const port = /listening on http:\/\/localhost:(\d+)/.exec(line)?.[1];
      if (port) {
        clearTimeout(timer);
        resolveServer({ child, url: `http://127.0.0.1:${port}`, output: () => output });
      }
    });
  });
}

/** Stops the child with the given signal and resolves once it has exited. */
export function stopServer(server: SpawnedServer, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((done) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return done();
    server.child.once('exit', () => done());
    server.child.kill(signal);
  });
}
