#!/usr/bin/env node
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateConfig } from '../config/app-config';
import { type EventLog, openEventLogFor, type StoreChoice } from '../infrastructure/open-stores';
import { AppendTooLargeError } from '../core/event-store.port';
import { type CopyCheckpoint, copyEventLog, type CopyResult, TargetNotACopy } from '../migration/copy-event-log';
import { CliFailure, type CliIo, terminal } from './cli-io';
import { commandLine, positiveInteger, runProgram } from './command-line';
import { messageOf } from '../core/error-message';

/**
 * Moves the event log from one store to another, e.g. from the embedded file to a KurrentDB cluster:
 *
 *   npm run migrate -- --from sqlite:./data/union-ledger.sqlite --to 'kurrentdb://kurrentdb:2113?tls=false'
 *   npm run migrate -- --from 'kurrentdb://…' --to sqlite:./data/copy.sqlite       (and back)
 *
 * Stop the service writing to the source first: the copy is verified against the source as it is at the end.
 * Interrupted, the same command resumes where it stopped; run again on a complete copy, it copies nothing and
 * verifies again. Read models are not copied: rebuild them on the target afterwards (printed at the end).
 */

interface MigrateOptions {
  from: string;
  to: string;
  checkpoint?: string;
  batchSize: number;
  maxEvents?: number;
}

export type { CliIo };

export async function main(args: readonly string[], io: CliIo = terminal): Promise<number> {
  let exitCode = 0;
  const program = commandLine('migrate', io)
    .description('copy the whole event log from one store to another, resumably, and verify the copy')
    .requiredOption('--from <store>', 'the source: sqlite:<file> or a kurrentdb:// connection string')
    .requiredOption('--to <store>', 'the target, written the same way')
    .option('--checkpoint <file>', 'where progress is kept between runs (default: beside the SQLite file, or ./data)')
    .option('--batch-size <n>', 'events per read and at most per append', positiveInteger, 1000)
    .option('--max-events <n>', 'stop after copying this many events (resume later)', positiveInteger)
    .action(async (options: MigrateOptions) => {
      exitCode = await migrate(options, io);
    });
  return runProgram(program, args, io, { status: () => exitCode, errorPrefix: 'migrate', usageStatus: 2 });
}

async function migrate(options: MigrateOptions, io: CliIo): Promise<number> {
  const from = storeFrom(options.from, 'from');
  const to = storeFrom(options.to, 'to');
  if (from.key === to.key) throw new CliFailure('--from and --to name the same store');
  if (from.choice.EVENT_STORE === 'sqlite' && !existsSync(from.choice.SQLITE_PATH)) {
    throw new CliFailure(`no ledger at ${from.choice.SQLITE_PATH}`);
  }
  const checkpointPath = resolve(options.checkpoint ?? defaultCheckpointPath(from, to));
  const checkpoint = fileCheckpoint(checkpointPath, from.key, to.key);
  const source = openEventLogFor(from.choice);
  let target: EventLog | null = null;
  try {
    target = openEventLogFor(to.choice);
    io.err(`copying ${from.shown} → ${to.shown} (progress kept in ${checkpointPath})`);
    let lastReport = 0;
    const result = await copyEventLog({
      source: source.rawEventStore,
      target: target.rawEventStore,
      checkpoint,
      batchSize: options.batchSize,
      // KurrentDB refuses appends over its MaxAppendSize; SQLite has no such limit.
      maxAppendBytes: to.choice.EVENT_STORE === 'kurrentdb' ? to.choice.KURRENTDB_MAX_APPEND_SIZE : undefined,
      maxEvents: options.maxEvents,
      onProgress: (p) => {
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        io.err(`  at source position ${p.sourcePosition} of ${p.sourceHead}: ${p.copied} copied`);
      },
    });
    return report(result, to, io);
  } catch (error) {
    if (error instanceof TargetNotACopy) throw new CliFailure(error.message);
    if (error instanceof AppendTooLargeError) {
      throw new CliFailure(
        `${error.message}. Raise the server's MaxAppendSize, set KURRENTDB_MAX_APPEND_SIZE to it, and run the same ` +
          'command again: it resumes where it stopped',
      );
    }
    throw error;
  } finally {
    await source.close();
    await target?.close();
  }
}

function report(result: CopyResult, to: ParsedStore, io: CliIo): number {
  io.out(`copied ${result.copied} events (${result.alreadyThere} were already in the target)`);
  if (!result.complete || !result.verification) {
    io.out(
      `stopped at source position ${result.sourcePosition} of ${result.sourceHead}: run the same command to go on`,
    );
    return 0;
  }
  const { same, source, target, firstDifference } = result.verification;
  io.out(`source: ${source.events} events, digest ${source.digest}`);
  io.out(`target: ${target.events} events, digest ${target.digest}`);
  if (!same) {
    const where = firstDifference!;
    io.err(
      `the logs differ from event ${where.index + 1}: source ${where.source ?? '(none)'}, target ${where.target ?? '(none)'}` +
        ' — was the service still writing to the source? Stop it and run the same command again.',
    );
    return 1;
  }
  io.out('verified: both logs hold the same events in the same order');
  io.out(
    `next: rebuild the read models on the target, e.g. ${to.environment} npm run projections -- rebuild --all ` +
      '(or start the service on it: a read-model store without them builds them from the log)',
  );
  return 0;
}

interface ParsedStore {
  choice: StoreChoice;
  /** Identifies the store in the checkpoint (credentials left out). */
  key: string;
  /** For messages: never shows a password. */
  shown: string;
  /** The environment that points the service at it. */
  environment: string;
}

function storeFrom(spec: string, option: string): ParsedStore {
  // SQLITE_SYNCHRONOUS and the other settings come from the environment, as for the service.
  const defaults = validateConfig({ ...process.env, EVENT_STORE: 'sqlite', READ_STORE: 'sqlite' });
  if (spec.startsWith('sqlite:')) {
    const path = resolve(spec.slice('sqlite:'.length));
    if (path === resolve(''))
      throw new CliFailure(`--${option} sqlite: needs a file, e.g. sqlite:./data/union-ledger.sqlite`);
    return {
      choice: { ...defaults, EVENT_STORE: 'sqlite', SQLITE_PATH: path },
      key: `sqlite:${path}`,
      shown: `sqlite:${path}`,
      environment: `EVENT_STORE=sqlite SQLITE_PATH=${path}`,
    };
  }
  // The configuration's own check of a KurrentDB connection string, with its message.
  const config = (() => {
    try {
      return validateConfig({ ...process.env, EVENT_STORE: 'kurrentdb', READ_STORE: 'sqlite', KURRENTDB_URL: spec });
    } catch {
      throw new CliFailure(
        `--${option} must be sqlite:<file> or a KurrentDB connection string (kurrentdb://host:2113?tls=false)`,
      );
    }
  })();
  const shown = spec.replace(/\/\/[^@/]*@/, '//***@');
  return {
    choice: config,
    key: shown,
    shown,
    environment: `EVENT_STORE=kurrentdb KURRENTDB_URL='${shown}'`,
  };
}

function defaultCheckpointPath(from: ParsedStore, to: ParsedStore): string {
  const folder = from.choice.EVENT_STORE === 'sqlite' ? dirname(from.choice.SQLITE_PATH) : resolve('data');
  const pair = createHash('sha256').update(`${from.key}\n${to.key}`).digest('hex').slice(0, 12);
  return join(folder, `migration-${pair}.json`);
}

/** The source position reached, in a small JSON file replaced atomically (write then rename). */
function fileCheckpoint(path: string, from: string, to: string): CopyCheckpoint {
  return {
    async load() {
      if (!existsSync(path)) return 0;
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { from: string; to: string; sourcePosition: number };
      if (saved.from !== from || saved.to !== to) {
        throw new CliFailure(`${path} is the progress of another migration (${saved.from} → ${saved.to})`);
      }
      return saved.sourcePosition;
    },
    async save(sourcePosition) {
      mkdirSync(dirname(path), { recursive: true });
      const next = `${path}.next`;
      writeFileSync(next, `${JSON.stringify({ from, to, sourcePosition, savedAt: new Date().toISOString() })}\n`);
      renameSync(next, path);
    },
  };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${messageOf(error)}\n`);
      process.exit(1);
    },
  );
}
