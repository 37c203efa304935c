import type { INestApplicationContext } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import {
  ProjectionRunner,
  type ProjectionStatus,
  type RebuildProgress,
  type RebuildResult,
} from '../core/projection-runner';
import { READ_STORE, type ReadStore } from '../core/read-store.port';
import { resolveUntil } from '../core/projection-rebuilds';
import { presentProgress } from '../read-models/projections-admin.controller';
import { type AppCliIo, withApp } from './app-context';
import { CliFailure, terminal as plainTerminal } from './cli-io';
import { messageOf } from '../core/error-message';
import { commandLine, runAsProcess, runProgram, seconds } from './command-line';

/**
 * Operating the read models from a shell, on the service's SQLite file:
 *
 *   npm run projections -- status [--json] [--wait <seconds>]   exit status 1 when a projection has failed
 *   npm run projections -- rebuild <name>                  rebuild beside the live one, then switch readers over
 *   npm run projections -- rebuild --all
 *   npm run projections -- rebuild <name> --until <position|ISO instant>   audit copy as of that point
 *   (every command takes --sqlite-path <file>, which overrides SQLITE_PATH)
 *
 * It boots the application context, whose projection runner starts with it and follows the log like the
 * server's. Rebuilds go through that same runner, so they cannot fight it: the runner refuses a second
 * build of a projection, builds beside the namespace serving readers and switches over atomically. A
 * server running on the same file at the same time keeps answering; when the switch-over drops the old
 * namespace, the server's runner follows the new one. (The refusal of a second rebuild holds within one
 * process: do not rebuild the same projection from here and over HTTP at the same moment.)
 */

/** Also where progress bars are drawn: a terminal redraws one line, anything else gets a line every few seconds. */
export interface CliIo extends AppCliIo {
  progress?: NodeJS.WritableStream | null;
}

const terminal: CliIo = { ...plainTerminal, progress: process.stderr };

/** Runs the command line `args` (without `node` and the script) and resolves to the exit status. */
export async function main(args: readonly string[], io: CliIo = terminal): Promise<number> {
  let exitCode = 0;
  const program = commandLine('projections', io)
    .description('Status and rebuilds of the read models (projections) of union-ledger')
    .option('--sqlite-path <file>', 'the SQLite file of the ledger (overrides SQLITE_PATH)')
    .option('-v, --verbose', "show the application's log lines");

  program
    .command('status')
    .description('each projection: serving namespace, checkpoint, head, lag and state (exit status 1 if one failed)')
    .option('--json', 'print JSON instead of a table')
    .option('--wait <seconds>', 'let the projections catch up this long before reporting', seconds, 2)
    .action(async (options: { json?: boolean; wait: number }, command: Command) => {
      await withApp(command.optsWithGlobals(), io, async (app) => {
        const statuses = await status(app, options.wait);
        if (options.json) io.out(JSON.stringify(statuses, null, 2));
        else io.out(statusTable(statuses));
        if (statuses.some((s) => s.state === 'failed')) exitCode = 1;
      });
    });

  program
    .command('rebuild')
    .description('rebuild a projection (or all) from the log; with --until, an audit copy as of that point')
    .argument('[name]', 'projection to rebuild, e.g. membership')
    .option('--all', 'every projection, one after the other')
    .option(
      '--until <position|timestamp>',
      'build only up to this log position or ISO-8601 instant, beside the live one',
    )
    .action(async (name: string | undefined, options: { all?: boolean; until?: string }, command: Command) => {
      if ((name === undefined) === !options.all) throw new CliFailure('name one projection, or pass --all');
      await withApp(command.optsWithGlobals(), io, async (app) => {
        const runner = app.get(ProjectionRunner);
        const known = (await runner.status()).map((s) => s.name);
        const names = options.all ? known : [name!];
        for (const each of names) {
          if (!known.includes(each)) throw new CliFailure(`no projection '${each}'; known: ${known.join(', ')}`);
        }
        const until =
          options.until === undefined ? undefined : await resolveUntil(options.until, app.get<EventStore>(EVENT_STORE));
        let failed = 0;
        for (const each of names) {
          try {
            io.out(describe(each, await rebuild(app, each, until, io)));
          } catch (error) {
            failed += 1;
            io.err(`error: ${each}: ${messageOf(error)}`);
          }
        }
        if (failed > 0) throw new CliFailure(`${failed} of ${names.length} rebuild(s) failed`);
      });
    });

  return runProgram(program, args, io, { status: () => exitCode, errorPrefix: 'error' });
}

async function status(app: INestApplicationContext, waitSeconds: number): Promise<ProjectionStatus[]> {
  const runner = app.get(ProjectionRunner);
  if (waitSeconds > 0) {
    // The runner of this process has just started: give it time to catch up, or to fail on the same event
    // as the server's did, so the state reported is not merely "catching-up".
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    const names = (await runner.status()).map((s) => s.name);
    await Promise.all(names.map((name) => runner.waitFor(name, head, waitSeconds * 1000)));
  }
  return runner.status();
}

/**
 * One rebuild with a progress bar. When the runner of this process is already building a new version
 * of the projection beside the old one (its version was bumped), that build is the rebuild: it is
 * followed to its switch-over instead of being refused.
 */
async function rebuild(
  app: INestApplicationContext,
  name: string,
  until: number | undefined,
  io: CliIo,
): Promise<RebuildResult> {
  const runner = app.get(ProjectionRunner);
  const current = (await runner.status()).find((s) => s.name === name)!;
  const bar = progressBar(name, io);
  try {
    const result =
      until === undefined && current.building && !current.rebuild
        ? await followVersionBuild(app, name, current.building, bar)
        : await runner.rebuild(name, { until, onProgress: (progress) => bar.update(progress) });
    bar.update({ namespace: result.namespace, processed: result.checkpoint, total: result.checkpoint });
    return result;
  } finally {
    bar.stop();
  }
}

async function followVersionBuild(
  app: INestApplicationContext,
  name: string,
  namespace: string,
  bar: Bar,
): Promise<RebuildResult> {
  const runner = app.get(ProjectionRunner);
  const reads = app.get<ReadStore>(READ_STORE);
  const started = Date.now();
  const from = await reads.checkpoint(namespace);
  for (;;) {
    const current = (await runner.status()).find((s) => s.name === name)!;
    if (current.state === 'failed') throw new CliFailure(current.failure?.message ?? 'the build failed');
    if (current.namespace === namespace) {
      return { namespace, checkpoint: current.checkpoint, live: true };
    }
    const processed = await reads.checkpoint(namespace);
    const elapsed = Math.max((Date.now() - started) / 1000, 0.001);
    bar.update({
      namespace,
      processed,
      total: current.head,
      eventsPerSecond: Math.round((processed - from) / elapsed),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Bar {
  update(progress: Omit<RebuildProgress, 'eventsPerSecond'> & { eventsPerSecond?: number }): void;
  stop(): void;
}

function progressBar(name: string, io: CliIo): Bar {
  const stream = io.progress;
  if (!stream) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream,
      format: `${name} [{bar}] {percentage}% | {value}/{total} positions | {speed} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      // Outside a terminal (CI logs): a line every few seconds rather than nothing.
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  let speed = 0;
  return {
    update({ processed, total, eventsPerSecond = speed }) {
      speed = eventsPerSecond;
      const payload = { speed };
      if (!started) {
        // An empty log has nothing to show progress of.
        if (total === 0) return;
        bar.start(total, processed, payload);
        started = true;
        return;
      }
      if (total !== bar.getTotal()) bar.setTotal(Math.max(total, 1));
      bar.update(processed, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function describe(name: string, result: RebuildResult): string {
  return result.live
    ? `${name}: rebuilt into ${result.namespace} up to position ${result.checkpoint}; it now serves readers`
    : `${name}: audit copy ${result.namespace} built up to position ${result.checkpoint}; the live namespace is untouched`;
}

function statusTable(statuses: readonly ProjectionStatus[]): string {
  const header = ['projection', 'version', 'namespace', 'state', 'checkpoint', 'head', 'lag events', 'lag seconds'];
  const rows = statuses.map((s) => [
    s.name,
    String(s.version),
    s.namespace ?? '-',
    s.state,
    String(s.checkpoint),
    String(s.head),
    String(s.lagEvents),
    s.lagSeconds.toFixed(0),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const notes = statuses.flatMap((s) => [
    ...(s.failure
      ? [
          `${s.name} failed${s.failure.position !== undefined ? ` at position ${s.failure.position}` : ''}` +
            `${s.failure.eventType ? ` (${s.failure.eventType})` : ''}: ${s.failure.message}`,
        ]
      : []),
    ...(s.rebuild ? [`${s.name} rebuilding into ${s.rebuild.namespace}: ${presentProgress(s.rebuild).percent}%`] : []),
    ...(s.building && !s.rebuild ? [`${s.name} building ${s.building} beside ${s.namespace ?? '-'}`] : []),
  ]);
  return [line(header), ...rows.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

if (require.main === module) runAsProcess(main);
