#!/usr/bin/env node
import 'reflect-metadata';
import type { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateConfig } from '../config/app-config';
import { openEventLogFor } from '../infrastructure/open-stores';
import { DEFAULT_SEAL_SCHEDULE } from '../integrity/integrity-settings';
import { LedgerIntegrity } from '../integrity/ledger-integrity';
import { type LogDigest, parseDigest } from '../integrity/log-digest';
import type { SealSummary } from '../integrity/log-sealer';
import { describeVerification } from '../integrity/describe-verification';
import { CliFailure, type CliIo, terminal } from './cli-io';
import { commandLine, runAsProcess, runProgram } from './command-line';

/**
 * Tamper evidence from a shell, on the service's SQLite file (the service may be running on it):
 *
 *   npm run integrity -- verify [--digest <file>] [--json]   exit status 1 when anything was changed
 *   npm run integrity -- seal                                 seal what was recorded since the last seal
 *   npm run integrity -- digest [--out <file>]                seal, then write a digest to keep
 *   npm run integrity -- export [--out <file>] [--federation <id>]   seal, then write the log (or one
 *                                                              federation's part) as newline-delimited JSON
 *   (every command takes --sqlite-path <file>, which overrides SQLITE_PATH)
 *
 * Without --out, files go under ./data/exports (ignored by git), never into the checkout itself.
 *
 * The export and the digest are what an inspector takes away; `npm run inspect` checks them with neither
 * the service nor the database.
 */

const CLI_ACTOR = 'cli:integrity';

/** Where digests and exports go when --out is not given: beside the default ledger file, ignored by git. */
export const DEFAULT_EXPORTS_DIR = join('data', 'exports');

/** Runs the command line `args` (without `node` and the script) and resolves to the exit status. */
export type { CliIo };

export async function main(args: readonly string[], io: CliIo = terminal): Promise<number> {
  let exitCode = 0;
  const program = commandLine('integrity', io)
    .description('Tamper evidence of the union-ledger log: verify it, seal it, take a digest, export it')
    .option('--sqlite-path <file>', 'the SQLite file of the ledger (overrides SQLITE_PATH)');

  program
    .command('verify')
    .description(
      'walk the whole log; report the first position where anything was changed, deleted, reordered or inserted',
    )
    .option('--digest <file>', 'a digest kept earlier: the log up to its position must be unchanged')
    .option('--json', 'print the report as JSON')
    .action(async (options: { digest?: string; json?: boolean }, command: Command) => {
      const digest = options.digest ? readDigest(options.digest) : undefined;
      await withLedger(command, async (ledger) => {
        const started = performance.now();
        const report = await ledger.verify(digest);
        const seconds = (performance.now() - started) / 1000;
        if (options.json) io.out(JSON.stringify({ ...report, seconds: Number(seconds.toFixed(3)) }, null, 2));
        else for (const line of describeVerification(report, seconds)) io.out(line);
        if (!report.ok) exitCode = 1;
      });
    });

  program
    .command('seal')
    .description('seal what was recorded since the last seal')
    .option('--json', 'print the seals made as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withLedger(command, async (ledger) => {
        const seals = await ledger.seal(CLI_ACTOR);
        if (options.json) io.out(JSON.stringify({ seals }, null, 2));
        else if (seals.length === 0) io.out('nothing to seal: nothing but seals was recorded since the last seal');
        else for (const seal of seals) io.out(describeSeal(seal));
      });
    });

  program
    .command('digest')
    .description('seal, then write a digest of the log as it stands: keep it to check later exports and verifications')
    .option('--out <file>', `where to write the digest (JSON; default ${DEFAULT_EXPORTS_DIR}/digest-<position>.json)`)
    .option('--no-seal', 'do not seal first')
    .action(async (options: { out?: string; seal: boolean }, command: Command) => {
      await withLedger(command, async (ledger) => {
        if (options.seal) for (const seal of await ledger.seal(CLI_ACTOR)) io.out(describeSeal(seal));
        const digest = await ledger.digest();
        const out = withFolder(options.out ?? join(DEFAULT_EXPORTS_DIR, `digest-${digest.position}.json`));
        writeFileSync(out, `${JSON.stringify(digest, null, 2)}\n`);
        io.out(
          `digest of positions 1–${count(digest.position)} (${count(digest.count)} events, Merkle root ${digest.merkleRoot}) ` +
            `written to ${out}`,
        );
      });
    });

  program
    .command('export')
    .description(
      "seal, then write the log, or one federation's part, as newline-delimited JSON with hashes, seals and a digest",
    )
    .option(
      '--out <file>',
      `where to write the export (.ndjson; default ${DEFAULT_EXPORTS_DIR}/<ledger or federation>-<date>.ndjson)`,
    )
    .option('--federation <id>', "only this federation's part: its own streams and those whose events name it")
    .option('--no-seal', 'do not seal first')
    .action(async (options: { out?: string; federation?: string; seal: boolean }, command: Command) => {
      await withLedger(command, async (ledger) => {
        if (options.seal) for (const seal of await ledger.seal(CLI_ACTOR)) io.out(describeSeal(seal));
        const today = new Date().toISOString().slice(0, 10);
        const out = withFolder(
          options.out ??
            join(DEFAULT_EXPORTS_DIR, `${(options.federation ?? 'ledger').replace(/[^\w-]/g, '_')}-${today}.ndjson`),
        );
        const lines = await writeLines(out, ledger.export(options.federation));
        io.out(
          `exported ${options.federation ? `the part of federation ${options.federation}` : 'the whole log'} ` +
            `(${count(lines)} lines) to ${out}`,
        );
      });
    });

  return runProgram(program, args, io, { status: () => exitCode, errorPrefix: 'integrity', usageStatus: 2 });
}

async function withLedger(command: Command, work: (ledger: LedgerIntegrity) => Promise<void>): Promise<void> {
  const { sqlitePath } = command.optsWithGlobals<{ sqlitePath?: string }>();
  const config = validateConfig({ ...process.env, ...(sqlitePath ? { SQLITE_PATH: sqlitePath } : {}) });
  const path = resolve(config.SQLITE_PATH);
  if (config.EVENT_STORE === 'sqlite' && !existsSync(path)) {
    throw new CliFailure(`no ledger at ${path} (set SQLITE_PATH or pass --sqlite-path)`);
  }
  const log = openEventLogFor(config);
  try {
    await work(new LedgerIntegrity(log.eventStore, () => new Date(), log.traits.densePositions, DEFAULT_SEAL_SCHEDULE));
  } finally {
    await log.close();
  }
}

/** The file, once the folder it goes in exists. */
function withFolder(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

function readDigest(file: string): LogDigest {
  if (!existsSync(file)) throw new CliFailure(`no digest at ${file}`);
  return parseDigest(readFileSync(file, 'utf8'));
}

/** Writes the lines beside the target, then renames: a file at `out` is always a whole export. */
async function writeLines(out: string, lines: AsyncIterable<string>): Promise<number> {
  const partial = `${out}.partial`;
  const file = createWriteStream(partial);
  let written = 0;
  try {
    for await (const line of lines) {
      if (!file.write(`${line}\n`)) await once(file, 'drain');
      written += 1;
    }
    file.end();
    await once(file, 'close');
    renameSync(partial, out);
    return written;
  } catch (error) {
    file.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

const count = (n: number) => n.toLocaleString('en');

function describeSeal(seal: SealSummary): string {
  return (
    `sealed positions ${count(seal.fromPosition + 1)}–${count(seal.toPosition)} (${count(seal.count)} events, ` +
    `Merkle root ${seal.merkleRoot.slice(0, 16)}…) at position ${count(seal.position)}`
  );
}

if (require.main === module) runAsProcess(main);
