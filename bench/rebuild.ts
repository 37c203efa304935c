import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../projections';
import { ProjectionRunner } from '../src/core/projection-runner';
import { openSqliteDatabase, type SqliteSynchronous } from '../src/infrastructure/sqlite/sqlite-database';
import { SqliteReadStore } from '../src/infrastructure/sqlite/sqlite-read-store';
import { openEventStore } from '../src/infrastructure/open-stores';
import { BareEventLog } from './bare-event-log';
import { clock, collectGarbage, RssSampler } from './measure';

/**
 * The two full reads of the log: every projection rebuilt from the first event (what the service does on
 * `npm run projections -- rebuild --all`), and the floor's bare read of the same rows. Memory is only
 * comparable between scales in a fresh process, so `inWorker` runs each one in a child of its own.
 */

export type FullReadTask =
  | {
      kind: 'rebuild';
      path: string;
      synchronous: SqliteSynchronous;
      /** Only this projection, alone; every projection together by default. */
      projection?: string;
    }
  | { kind: 'floor-read'; path: string };

export interface FullReadResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** CPU time (user + system) the read took: less disturbed than wall time by other work on the machine. */
  cpuSeconds: number;
  /** Highest resident set size sampled while reading (bytes). */
  peakRssBytes: number;
  /** Highest V8 heap in use sampled while reading (bytes). */
  peakHeapBytes: number;
  /** Resident set size after start-up and a garbage collection, before reading. */
  baselineRssBytes: number;
  /** The process's own peak (getrusage), when it ran in a process of its own; else null. */
  processPeakRssBytes: number | null;
}

/**
 * Rebuilds every registered projection (or only `only`) beside the live ones, concurrently, as the runner does
 * for `npm run projections -- rebuild --all`.
 */
export async function measureRebuild(
  path: string,
  synchronous: SqliteSynchronous,
  only?: string,
): Promise<FullReadResult> {
  const projections = ALL_PROJECTIONS.filter((projection) => only === undefined || projection.name === only);
  if (projections.length === 0) throw new Error(`no projection named '${only}'`);
  const db = openSqliteDatabase({ path, synchronous });
  try {
    const eventStore = openEventStore(db);
    const readStore = new SqliteReadStore(db);
    const runner = new ProjectionRunner({ eventStore, readStore, projections });
    // Once the read models exist, rebuild them as a running service does: beside the live ones, then drop those.
    const live = await Promise.all(projections.map((p) => readStore.liveNamespace(p.name)));
    if (live.every((namespace) => namespace !== null)) await runner.start();
    const events = await eventStore.headPosition();
    collectGarbage();
    const baselineRssBytes = process.memoryUsage.rss();
    const sampler = new RssSampler().start();
    const started = clock();
    const cpu = process.cpuUsage();
    await Promise.all(projections.map((projection) => runner.rebuild(projection.name)));
    const seconds = (clock() - started) / 1000;
    const cpuSeconds = cpuSecondsSince(cpu);
    const peakRssBytes = sampler.stop();
    await runner.stop();
    return {
      events,
      seconds,
      eventsPerSecond: events / seconds,
      cpuSeconds,
      peakRssBytes,
      peakHeapBytes: sampler.peakHeap,
      baselineRssBytes,
      processPeakRssBytes: null,
    };
  } finally {
    db.close();
  }
}

/** Reads the bare table from the first row to the last, parsing each event. */
export async function measureFloorRead(path: string): Promise<FullReadResult> {
  const log = new BareEventLog(path, 'NORMAL');
  try {
    collectGarbage();
    const baselineRssBytes = process.memoryUsage.rss();
    const sampler = new RssSampler().start();
    const started = clock();
    const cpu = process.cpuUsage();
    const events = log.readAll();
    const seconds = (clock() - started) / 1000;
    return {
      events,
      seconds,
      eventsPerSecond: events / seconds,
      cpuSeconds: cpuSecondsSince(cpu),
      peakRssBytes: sampler.stop(),
      peakHeapBytes: sampler.peakHeap,
      baselineRssBytes,
      processPeakRssBytes: null,
    };
  } finally {
    log.close();
  }
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

export function runFullRead(task: FullReadTask): Promise<FullReadResult> {
  return task.kind === 'rebuild'
    ? measureRebuild(task.path, task.synchronous, task.projection)
    : measureFloorRead(task.path);
}

const WORKER = join(__dirname, 'bench-worker.js');

/** Child processes need the compiled worker: `npm run bench` has it, a test running TypeScript does not. */
export function canUseWorkers(): boolean {
  return __filename.endsWith('.js') && existsSync(WORKER);
}

/** Runs the task in a fresh node process (with --expose-gc), so its peak memory is its own. */
export function inWorker(task: FullReadTask): Promise<FullReadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(task)], { execArgv: ['--expose-gc'], stdio: 'inherit' });
    let result: FullReadResult | null = null;
    child.on('message', (message) => (result = message as FullReadResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`benchmark worker (${task.kind}) exited with code ${String(code)}`));
    });
  });
}
