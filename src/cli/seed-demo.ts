#!/usr/bin/env node
/**
 * `npm run seed:demo`: records the demo history of `demo-history.ts` through the command layer, the way a
 * client would (same deciders, same rules), as actor `seed-demo` with one Idempotency-Key per command. Running
 * it again records nothing new; an interrupted run resumes where it stopped.
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { type Command as BusCommand, CommandBus } from '@nestjs/cqrs';
import { SingleBar } from 'cli-progress';
import { Command as Cli, InvalidArgumentError } from 'commander';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config';
import { RecordCommand } from '../commands/commands.command-handler';
import { DomainError, RuleBroken } from '../core/domain-error';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import type { CommandEnvelope, CommandOutcome } from '../core/handle-command';
import { ProjectionRunner } from '../core/projection-runner';
import { membershipProjection } from '../../projections/membership/membership.projection';
import { buildDemoPlan, type PlannedCommand } from './demo-plan';
import { messageOf } from '../core/error-message';

export const SEED_ACTOR = 'seed-demo';

const MEMBERSHIP = membershipProjection.name;

/** Commands in flight at once. The store is synchronous, so more only helps the awaits interleave. */
export const DEFAULT_CONCURRENCY = 8;

/** Commands each worker sends before letting the event loop run. */
const YIELD_EVERY = 64;

export interface SeedOptions {
  concurrency?: number;
  /** Send every command even when the last one is already recorded (nothing is recorded twice either way). */
  recheck?: boolean;
  /** Stops taking new commands; those in flight finish. A later run resumes. */
  signal?: AbortSignal;
  onProgress?: (sent: number, total: number) => void;
}

export interface SeedSummary {
  /** The last command was already recorded, so nothing was sent. */
  alreadySeeded: boolean;
  interrupted: boolean;
  /** Commands in the plan. */
  planned: number;
  /** Commands sent to the command bus. */
  sent: number;
  /** Commands an earlier run had recorded (answered as replays). */
  replayed: number;
  /** Events this run added to the log: its commands' own and those recorded beside them (a union's roster). */
  eventsRecorded: number;
  milliseconds: number;
}

/** A command the domain refused: the seed stops and names it. */
export class SeedCommandRefused extends Error {
  constructor(
    readonly planned: PlannedCommand,
    override readonly cause: unknown,
  ) {
    const why = messageOf(cause);
    const rule = cause instanceof RuleBroken ? ` [${cause.rule}]` : '';
    const hint =
      cause instanceof RuleBroken && cause.rule === 'idempotency.key-reused'
        ? ' (this file was seeded from different demo data: seed a new file)'
        : '';
    super(`${planned.command.type} '${planned.label}' on ${planned.occurredOn} was refused${rule}: ${why}${hint}`);
    this.name = 'SeedCommandRefused';
  }
}

export const idempotencyKeyOf = (planned: PlannedCommand) => `${SEED_ACTOR}:${planned.label}`;

/**
 * Records the demo history through the application's command bus. The last command of the plan is sent only
 * after every other one is recorded, so finding it in its stream means an earlier run completed.
 */
export async function seedDemo(app: INestApplicationContext, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const commandBus = app.get(CommandBus);
  const store = app.get<EventStore>(EVENT_STORE);
  const { waves, readsMembershipFrom } = buildDemoPlan();
  const planned = waves.reduce((sum, wave) => sum + wave.length, 0);
  const summary: SeedSummary = {
    alreadySeeded: false,
    interrupted: false,
    planned,
    sent: 0,
    replayed: 0,
    eventsRecorded: 0,
    milliseconds: 0,
  };
  const finish = () => ({ ...summary, milliseconds: Math.round(performance.now() - started) });

  const marker = waves[waves.length - 1][0];
  if (!options.recheck && (await isRecorded(store, marker))) return { ...finish(), alreadySeeded: true };

  const headBefore = await store.headPosition();
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const send = async (command: PlannedCommand) => {
    let outcome: CommandOutcome;
    try {
      outcome = await commandBus.execute(toBusCommand(command));
    } catch (error) {
      // Domain refusals name the command; anything else (a broken database) is not the seed's to explain.
      throw error instanceof DomainError ? new SeedCommandRefused(command, error) : error;
    }
    summary.sent += 1;
    if (outcome.replayed) summary.replayed += 1;
    options.onProgress?.(summary.sent, planned);
  };

  for (const [index, wave] of waves.entries()) {
    if (options.signal?.aborted) break;
    if (index >= readsMembershipFrom) await catchUpMembership(app, store);
    await runWave(wave, send, concurrency, options.signal);
  }
  summary.eventsRecorded = (await store.headPosition()) - headBefore;
  return { ...finish(), interrupted: summary.sent < planned };
}

/** How long the membership read model may take to apply the demo history before the reorganisation. */
const CATCH_UP_MS = 15 * 60_000;

/**
 * A reorganisation's merge asks the membership read model which unions the district still holds, so that read
 * model follows the log from here on (only it: the others catch up when the service starts) and must have
 * applied everything recorded so far.
 */
async function catchUpMembership(app: INestApplicationContext, store: EventStore): Promise<void> {
  const runner = app.get(ProjectionRunner);
  await runner.start([MEMBERSHIP]);
  const head = await store.headPosition();
  if (!(await runner.waitFor(MEMBERSHIP, head, CATCH_UP_MS))) {
    const status = (await runner.status()).find((projection) => projection.name === MEMBERSHIP);
    const why = status?.failure ? `it failed: ${status.failure.message}` : `it is still at ${status?.checkpoint}`;
    throw new Error(`the membership read model did not reach position ${head} before the reorganisation (${why})`);
  }
}

async function isRecorded(store: EventStore, planned: PlannedCommand): Promise<boolean> {
  const key = idempotencyKeyOf(planned);
  return (await store.readStream(planned.streamId)).some((event) => event.metadata.idempotencyKey === key);
}

/**
 * Runs one wave: commands on the same stream one after another, in the order planned (a fund book's entries
 * depend on the ones before), different streams side by side with at most `concurrency` in flight.
 * The first failure stops the wave once the commands in flight are done.
 */
async function runWave(
  wave: PlannedCommand[],
  send: (command: PlannedCommand) => Promise<void>,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const lanes = new Map<string, PlannedCommand[]>();
  for (const command of wave) {
    const lane = lanes.get(command.streamId);
    if (lane) lane.push(command);
    else lanes.set(command.streamId, [command]);
  }
  const queue = [...lanes.values()];
  let next = 0;
  let failure: { error: unknown } | null = null;
  const stopped = () => failure !== null || signal?.aborted === true;

  const worker = async () => {
    let sinceYield = 0;
    while (!stopped() && next < queue.length) {
      const lane = queue[next++];
      for (const command of lane) {
        if (stopped()) return;
        try {
          await send(command);
        } catch (error) {
          failure ??= { error };
          return;
        }
        // The SQLite store answers synchronously, so without this the whole seed would run as one long
        // task: Ctrl-C, the progress bar and timers would only get their turn at the end.
        if (++sinceYield === YIELD_EVERY) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

function toBusCommand(planned: PlannedCommand): BusCommand<CommandOutcome> {
  const envelope: CommandEnvelope = {
    actor: SEED_ACTOR,
    occurredOn: planned.occurredOn,
    correlationId: planned.correlationId,
    idempotencyKey: idempotencyKeyOf(planned),
    ...(planned.reason ? { reason: planned.reason } : {}),
  };
  return new RecordCommand(planned.command, envelope);
}

// ----- command line ----------------------------------------------------------------------------------------------

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 256) {
    throw new InvalidArgumentError('must be a whole number from 1 to 256');
  }
  return parsed;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en');

async function main(argv: string[]): Promise<number> {
  const cli = new Cli('seed-demo')
    .description(
      'Records the demo history (Hà Nội district federations: Hoàn Kiếm 2020, Hà Đông 2017, Hai Bà Trưng Tết 2025 ' +
        'and emulation cluster 4 in 2023, then the reorganisation of 1 July 2025 that hands every district to ' +
        'commune and ward unions) through the command layer, as actor "seed-demo", one Idempotency-Key ' +
        'per command: a second run records nothing new, and an interrupted run (Ctrl-C) resumes when run again.',
    )
    .option('--sqlite-path <path>', 'SQLite file to record into (overrides SQLITE_PATH)')
    .option('--concurrency <n>', 'commands in flight at once', positiveInteger, DEFAULT_CONCURRENCY)
    .option('--recheck', 'send every command even if an earlier run completed (records nothing already recorded)')
    .addHelpText(
      'after',
      '\nSQLITE_SYNCHRONOUS defaults to NORMAL for this command (the service defaults to FULL): the seed makes\n' +
        'some 80,000 small commits, and syncing each one to disk makes it 2-3 times slower (about 40 s instead\n' +
        'of 15 s on two cores). A crash still loses no committed event; a power cut may lose the last ones, and\n' +
        'running the seed again puts them back.\n' +
        'Set SQLITE_SYNCHRONOUS=FULL to override.\n' +
        'The projections do not run during the seed, except the membership read model before the reorganisation\n' +
        '(its merges ask it which unions each district still holds): the others catch up when the service starts.',
    )
    .parse(argv);
  const options = cli.opts<{ sqlitePath?: string; concurrency: number; recheck?: boolean }>();

  if (options.sqlitePath) process.env.SQLITE_PATH = options.sqlitePath;
  process.env.SQLITE_SYNCHRONOUS ??= 'NORMAL';
  process.env.LOG_LEVEL ??= 'warn';

  // Imported only now: the configuration module reads the environment when AppModule is first loaded.
  const { AppModule } = await import('../app.module');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  // The read models catch up when the service starts; building them in this process would only slow the seed
  // (the membership read model is built before the reorganisation, which reads it).
  await app.get(ProjectionRunner).stop();
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'seed-demo [{bar}] {percentage}% {value}/{total} commands', hideCursor: true })
    : null;
  let barStarted = false;
  try {
    const summary = await seedDemo(app, {
      concurrency: options.concurrency,
      recheck: options.recheck,
      signal: abort.signal,
      onProgress: (sent, total) => {
        if (!bar) return;
        if (!barStarted) {
          bar.start(total, 0);
          barStarted = true;
        }
        if (sent % 250 === 0 || sent === total) bar.update(sent);
      },
    });
    bar?.stop();
    const where = app.get(ConfigService<AppConfig, true>).get('SQLITE_PATH', { infer: true });
    if (summary.alreadySeeded) {
      console.log(
        `seed-demo: already seeded (its last command is recorded in ${where}); nothing recorded (${seconds(summary.milliseconds)}). ` +
          'Use --recheck to send every command again.',
      );
      return 0;
    }
    console.log(
      `seed-demo: recorded ${count(summary.eventsRecorded)} events from ${count(summary.sent - summary.replayed)} commands ` +
        `(${count(summary.replayed)} already recorded) in ${seconds(summary.milliseconds)} into ${where}.`,
    );
    if (summary.interrupted) {
      console.log(
        `seed-demo: interrupted after ${count(summary.sent)} of ${count(summary.planned)} commands; run again to resume.`,
      );
      return 130;
    }
    return 0;
  } catch (error) {
    bar?.stop();
    console.error(`seed-demo: ${messageOf(error)}`);
    return 1;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
