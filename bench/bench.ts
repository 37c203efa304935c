import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../projections';
import { clusterRanking } from '../projections/cluster-rankings/cluster-rankings.queries';
import { federationFunds, fundBalanceSeries, fundFlows } from '../projections/funds/funds.queries';
import { federationTree } from '../projections/membership/federation-tree';
import { federationMembershipSeries } from '../projections/membership/membership-series';
import { federationMembership, unionMembership } from '../projections/membership/membership.queries';
import { reorganisationFigures } from '../projections/membership/reorganisation-figures';
import type { ReorganisationRecorded } from '../src/organisation/organisation.events';
import { messageOf } from '../src/core/error-message';
import type { EventStore } from '../src/core/event-store.port';
import type { ProjectionRunner } from '../src/core/projection-runner';
import { openSqliteDatabase } from '../src/infrastructure/sqlite/sqlite-database';
import { openEventStore } from '../src/infrastructure/open-stores';
import { SealingWriter } from './service-event-store';
import { bootService, type ServiceApp } from './service-app';
import { BareEventLog, type BareRow } from './bare-event-log';
import { type CommandLayer, commandOf, type HistoryCommand } from './history-commands';
import {
  clusterId,
  districtId,
  FUND_IDS,
  type HistoryAppend,
  HistoryGenerator,
  type HistoryPlan,
  unionId,
} from './history-generator';
import { clock, median, percentile, sleep } from './measure';
import { canUseWorkers, type FullReadResult, type FullReadTask, inWorker, runFullRead } from './rebuild';
import { SeededRandom } from './seeded-random';

/**
 * `npm run bench`: how fast union-ledger records, rebuilds and answers on the embedded store, beside a floor
 * measured in the same run (the same work straight on better-sqlite3 and a bare table), so every figure is
 * also a ratio that a noisy or slow machine does not change much. Each figure is the median of `runs` runs.
 */

export interface BenchOptions {
  /** N: events in the log the figures are taken on (the rebuild is also measured at 3N). */
  events: number;
  quick: boolean;
  runs: number;
  seed: string;
  /** Concurrent clients of the command layer. */
  clients: number;
  /** Working folder (a temporary one by default, removed afterwards). */
  workDir?: string;
  keepFiles?: boolean;
  /** Full reads of the log in child processes, so their peak memory is theirs alone; default when compiled. */
  isolate?: boolean;
  /** Only these parts (all by default): a shorter run that measures what a change touched. */
  only?: readonly BenchPart[];
  log?: (line: string) => void;
}

/** The parts of a run, in the order they run. */
export const BENCH_PARTS = ['size', 'import', 'rebuild', 'queries', 'appends', 'lag'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export interface BenchSizes {
  /** The two log lengths the rebuild is measured at. */
  scales: [number, number];
  /** Events generated past N, sent as commands. */
  tailEvents: number;
  /** Events of the batched-import sample. */
  importEvents: number;
  /** Commands per run of each append measurement (single client, then concurrent clients). */
  appendCommands: number;
  querySamples: number;
  rankingSamples: number;
  /** Most time spent sampling one query in one mode and run (at least 5 samples are taken). */
  queryBudgetMs: number;
  /** How long each run of the sustained load lasts, and its rate as a share of the measured append rate. */
  lagSeconds: number;
  lagRateShare: number;
  /** Most commands one run of the sustained load sends (a fast disk would otherwise need a huge tail). */
  lagCommands: number;
}

export type Durability = 'FULL' | 'NORMAL';

export type Unit = 'events/s' | 'commands/s' | 'ms' | 's' | 'MB' | 'events' | 'bytes';

export interface Figure {
  id: string;
  group: string;
  label: string;
  unit: Unit;
  /** Durability the service uses (SQLITE_SYNCHRONOUS=FULL): the figure of record. */
  full: number | null;
  normal: number | null;
  floorFull: number | null;
  floorNormal: number | null;
  /** figure ÷ floor: a share of the floor's rate, or a multiple of its latency or memory. */
  ratioFull: number | null;
  ratioNormal: number | null;
  runs: { full: number[]; normal: number[]; floorFull: number[]; floorNormal: number[] };
  note?: string;
}

export interface TargetResult {
  target: string;
  figure: string;
  actual: string;
  met: boolean | null;
  note: string;
}

export interface BenchReport {
  date: string;
  command: string;
  machine: {
    cores: number;
    memoryBytes: number;
    cpu: string;
    node: string;
    platform: string;
    sqlite: string;
  };
  options: Omit<BenchOptions, 'log' | 'workDir'>;
  sizes: BenchSizes;
  history: {
    plan: HistoryPlan;
    events: number;
    appends: number;
    eventsPerAppend: number;
    types: Record<string, number>;
    lastRecordedAt: string;
    /** Null when the rebuild was not run (`--only`). */
    big: { events: number; plan: HistoryPlan } | null;
  };
  /** Null when the queries were not run (`--only`). */
  queryDates: { asOf: string; knownAtInstant: string; knownAt: number; year: number; currentYear: number } | null;
  figures: Figure[];
  targets: TargetResult[];
  errors: string[];
  phases: Record<string, number>;
}

export function benchSizes(events: number, quick: boolean, runs: number): BenchSizes {
  const sizes = quick
    ? {
        importEvents: 400,
        appendCommands: 150,
        querySamples: 40,
        rankingSamples: 8,
        queryBudgetMs: 400,
        lagSeconds: 1.5,
        lagRateShare: 0.5,
        lagCommands: 1500,
      }
    : {
        importEvents: 5000,
        appendCommands: 1000,
        querySamples: 300,
        rankingSamples: 40,
        queryBudgetMs: 5000,
        lagSeconds: 10,
        lagRateShare: 0.5,
        lagCommands: 10_000,
      };
  // Every run takes its own commands: a history's continuation cannot be recorded twice.
  const warmUp = warmUpOf(sizes.appendCommands);
  const tailEvents = Math.ceil((runs * (2 * sizes.appendCommands + sizes.lagCommands) + warmUp) * 1.05) + 100;
  return { scales: [events, events * 3], tailEvents, ...sizes };
}

const MB = 1024 * 1024;

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const sizes = benchSizes(options.events, options.quick, options.runs);
  const isolate = options.isolate ?? canUseWorkers();
  const dir = options.workDir ?? mkdtempSync(join(tmpdir(), 'union-ledger-bench-'));
  const book = new FigureBook();
  const errors: string[] = [];
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    log(`${name}…`);
    const started = clock();
    try {
      return await work();
    } finally {
      phases[name] = round((clock() - started) / 1000, 1);
    }
  };
  const fullRead = (task: FullReadTask) => (isolate ? inWorker(task) : runFullRead(task));
  const runs = (part: BenchPart) => options.only === undefined || options.only.includes(part);
  const [N, bigN] = sizes.scales;
  const paths = {
    log: join(dir, 'log.sqlite'),
    floorLog: join(dir, 'floor-log.sqlite'),
    big: join(dir, 'log-3n.sqlite'),
    floorBig: join(dir, 'floor-log-3n.sqlite'),
    floorAppend: join(dir, 'floor-append.sqlite'),
    floorSize: join(dir, 'floor-size.sqlite'),
  };

  try {
    // ------------------------------------------------------------ the history: N events on file, the rest as commands
    const fixture = await phase(`history: ${N.toLocaleString('en')} events`, () =>
      writeFixture(
        paths.log,
        { events: N + sizes.tailEvents, seed: options.seed },
        N,
        sizes.importEvents,
        paths.floorSize,
      ),
    );

    // ------------------------------------------------------------ the log's size on disk, against the bare table's
    if (runs('size')) {
      book.add('size.event', 'FULL', false, bytesOf(paths.log) / fixture.events);
      book.add('size.event', 'FULL', true, bytesOf(paths.floorSize) / fixture.events);
    }
    removeDatabase(paths.floorSize);
    copyLog(paths.log, paths.floorLog);

    // ------------------------------------------------------------ batched import through the port
    if (runs('import'))
      await phase('batched import', async () => {
        const rows = fixture.importSample.map((append) => rowsOf(append));
        const events = rows.reduce((sum, batch) => sum + batch.length, 0);
        for (const durability of DURABILITIES) {
          for (let run = 0; run < options.runs; run++) {
            const portPath = join(dir, `import-port-${durability}-${run}.sqlite`);
            const db = openSqliteDatabase({ path: portPath, synchronous: durability });
            const writer = new SealingWriter(openEventStore(db), db);
            let started = clock();
            for (const append of fixture.importSample) await writer.append(append);
            book.add('import', durability, false, events / ((clock() - started) / 1000));
            db.close();
            removeDatabase(portPath);

            const floorPath = join(dir, `import-floor-${durability}-${run}.sqlite`);
            const floor = new BareEventLog(floorPath, durability);
            started = clock();
            for (const batch of rows) floor.append(batch);
            book.add('import', durability, true, events / ((clock() - started) / 1000));
            floor.close();
            removeDatabase(floorPath);

            // What a bulk path that batches across streams could reach: 1,000 events per transaction.
            const bulkPath = join(dir, `import-bulk-${durability}-${run}.sqlite`);
            const bulk = new BareEventLog(bulkPath, durability);
            const flat = rows.flat();
            started = clock();
            for (let i = 0; i < flat.length; i += 1000) bulk.append(flat.slice(i, i + 1000));
            book.add('import.bulk', durability, true, flat.length / ((clock() - started) / 1000));
            bulk.close();
            removeDatabase(bulkPath);
          }
        }
      });

    // ------------------------------------------------------------ full reads of the log: rebuilds and the floor
    if (runs('rebuild'))
      await phase('full reads of the log', async () => {
        for (let run = 0; run < options.runs; run++) {
          const floor = await fullRead({ kind: 'floor-read', path: paths.floorLog });
          book.add('rebuild.n', 'FULL', true, floor.eventsPerSecond);
          book.add('rebuild.n.cpu', 'FULL', true, floor.events / floor.cpuSeconds);
          book.add('rebuild.n.rss', 'FULL', true, peakOf(floor) / MB);
          book.add('rebuild.n.heap', 'FULL', true, floor.peakHeapBytes / MB);
          book.add('read.port', 'FULL', true, floor.eventsPerSecond);
          const store = openEventStore(openSqliteDatabase({ path: paths.log }));
          book.add('read.port', 'FULL', false, await readWholeLog(store));
          await store.close();
        }
        // With the service's durability (FULL): each batch of read-model writes is one synced transaction.
        for (let run = 0; run < options.runs; run++) {
          const rebuilt = await fullRead({ kind: 'rebuild', path: paths.log, synchronous: 'FULL' });
          book.add('rebuild.n', 'FULL', false, rebuilt.eventsPerSecond);
          book.add('rebuild.n.cpu', 'FULL', false, rebuilt.events / rebuilt.cpuSeconds);
          book.add('rebuild.n.rss', 'FULL', false, peakOf(rebuilt) / MB);
          book.add('rebuild.n.heap', 'FULL', false, rebuilt.peakHeapBytes / MB);
          log(`  rebuild of ${rebuilt.events.toLocaleString('en')} events: ${rate(rebuilt)}`);
          await rebuildEachAlone(fullRead, paths.log, 'n', book, log);
        }
      });

    const big = !runs('rebuild')
      ? null
      : await phase(`history: ${bigN.toLocaleString('en')} events (3N)`, async () => {
          const written = await writeFixture(paths.big, { events: bigN, seed: options.seed }, bigN, 0);
          copyLog(paths.big, paths.floorBig);
          for (let run = 0; run < options.runs; run++) {
            const floor = await fullRead({ kind: 'floor-read', path: paths.floorBig });
            book.add('rebuild.3n', 'FULL', true, floor.eventsPerSecond);
            book.add('rebuild.3n.cpu', 'FULL', true, floor.events / floor.cpuSeconds);
            book.add('rebuild.3n.rss', 'FULL', true, peakOf(floor) / MB);
            book.add('rebuild.3n.heap', 'FULL', true, floor.peakHeapBytes / MB);
            const rebuilt = await fullRead({ kind: 'rebuild', path: paths.big, synchronous: 'FULL' });
            book.add('rebuild.3n', 'FULL', false, rebuilt.eventsPerSecond);
            book.add('rebuild.3n.cpu', 'FULL', false, rebuilt.events / rebuilt.cpuSeconds);
            book.add('rebuild.3n.rss', 'FULL', false, peakOf(rebuilt) / MB);
            book.add('rebuild.3n.heap', 'FULL', false, rebuilt.peakHeapBytes / MB);
            log(`  rebuild of ${rebuilt.events.toLocaleString('en')} events (FULL): ${rate(rebuilt)}`);
            await rebuildEachAlone(fullRead, paths.big, '3n', book, log);
          }
          removeDatabase(paths.big);
          removeDatabase(paths.floorBig);
          return written;
        });

    // ------------------------------------------------------------ the service itself, on the rebuilt log
    let queryDates: BenchReport['queryDates'] | null = null;
    const needsService = runs('queries') || runs('appends') || runs('lag');
    const service = needsService ? await phase('service start', () => bootService(paths.log)) : null;
    if (service)
      try {
        // The runner subscribes at start-up; the read models are current when the rebuild ran (it has nothing to
        // do), and are built here from the log otherwise.
        await drain(service.runner, 3600);
        if (runs('queries')) {
          queryDates = await phase('queries', () => measureQueries(service, paths, fixture, sizes, options, book));
        }

        // Appends alone: the runner stops, as `npm run seed:demo` stops it, so each command's cost is its own.
        await service.runner.stop();
        const tail = new TailCursor(fixture.tail);
        if (runs('appends')) {
          await phase('appends through the command layer', () =>
            measureAppends(service.send, tail, paths.floorAppend, sizes, options, book, errors, log),
          );
        }

        if (runs('lag'))
          await phase('projection lag under load', async () => {
            await service.runner.start();
            // Catch up with the commands appended while no runner was following.
            const behind =
              (await service.eventStore.headPosition()) -
              Math.min(...(await service.runner.status()).map((s) => s.checkpoint));
            const catchUp = await drain(service.runner);
            if (behind > 0) book.add('lag.catchup', 'FULL', false, behind / catchUp);
            const appendRate = book.median('append.single', 'FULL') ?? 100;
            const rateTarget = Math.max(10, appendRate * sizes.lagRateShare);
            for (let run = 0; run < options.runs; run++) {
              const load = await sustainedLoad(
                service.runner,
                service.send,
                tail,
                rateTarget,
                sizes.lagSeconds,
                options.clients,
                sizes.lagCommands,
                errors,
              );
              if (!load) {
                errors.push('the generated history ran out of commands for the sustained load');
                break;
              }
              book.add('lag.rate', 'FULL', false, load.rate);
              book.add('lag.p50', 'FULL', false, load.p50);
              book.add('lag.p99', 'FULL', false, load.p99);
              book.add('lag.max', 'FULL', false, load.max);
              book.add('lag.drain', 'FULL', false, load.drain);
              log(`  run ${run + 1}: ${Math.round(load.rate)} commands/s, lag p99 ${load.p99.toFixed(2)} s`);
            }
          });
      } finally {
        await service.close();
      }

    const figures = book.figures();
    return {
      date: new Date().toISOString(),
      command: '',
      machine: machine(),
      options: {
        events: options.events,
        quick: options.quick,
        runs: options.runs,
        seed: options.seed,
        clients: options.clients,
        keepFiles: options.keepFiles,
        isolate,
        only: options.only,
      },
      sizes,
      history: {
        plan: fixture.plan,
        events: fixture.events,
        appends: fixture.appends,
        eventsPerAppend: round(fixture.events / fixture.appends, 3),
        types: fixture.types,
        lastRecordedAt: fixture.lastRecordedAt,
        big: big && { events: big.events, plan: big.plan },
      },
      queryDates,
      figures,
      targets: targetsOf(figures, N),
      errors,
      phases,
    };
  } finally {
    if (options.keepFiles) log(`SQLite files kept in ${dir}`);
    else if (!options.workDir) rmSync(dir, { recursive: true, force: true });
  }
}

const DURABILITIES: readonly Durability[] = ['FULL', 'NORMAL'];

// ---------------------------------------------------------------- figures

/** The figures of each projection rebuilt alone at a scale, in the group of that scale. */
function eachProjectionAlone(scale: 'n' | '3n'): Record<string, Pick<Figure, 'group' | 'label' | 'unit'>> {
  return Object.fromEntries(
    ALL_PROJECTIONS.map(({ name }) => [
      `rebuild.${scale}.${name}`,
      { group: `full rebuild, ${scale.toUpperCase()}`, label: `${name} alone`, unit: 'events/s' },
    ]),
  );
}

const DEFINITIONS: Record<string, Pick<Figure, 'group' | 'label' | 'unit'> & { note?: string }> = {
  'append.single': { group: 'append (command layer)', label: '1 client, 1 command per transaction', unit: 'events/s' },
  'append.single.p50': { group: 'append (command layer)', label: '1 client, latency p50', unit: 'ms' },
  'append.single.p99': { group: 'append (command layer)', label: '1 client, latency p99', unit: 'ms' },
  'append.concurrent': { group: 'append (command layer)', label: 'concurrent clients', unit: 'events/s' },
  'append.concurrent.p50': { group: 'append (command layer)', label: 'concurrent, latency p50', unit: 'ms' },
  'append.concurrent.p99': { group: 'append (command layer)', label: 'concurrent, latency p99', unit: 'ms' },
  'append.join.p99': { group: 'append (command layer)', label: 'a member’s join, 1 client, latency p99', unit: 'ms' },
  'append.fund.p99': {
    group: 'append (command layer)',
    label: 'a fund entry (a federation’s whole fund book behind it), 1 client, latency p99',
    unit: 'ms',
  },
  'size.event': {
    group: 'the log on disk',
    label:
      'bytes per event: the log before any read model (floor: the same events, as handed to the store, in a bare table)',
    unit: 'bytes',
  },
  import: { group: 'batched import (port)', label: 'one append per stream batch', unit: 'events/s' },
  'import.bulk': {
    group: 'batched import (port)',
    label: 'floor only: 1,000 events per transaction',
    unit: 'events/s',
    note: 'no port call can batch across streams; what a bulk path could reach',
  },
  'rebuild.n': { group: 'full rebuild, N', label: 'every projection, from the log', unit: 'events/s' },
  'rebuild.n.cpu': { group: 'full rebuild, N', label: 'per CPU second (user + system)', unit: 'events/s' },
  'rebuild.n.rss': { group: 'full rebuild, N', label: 'peak RSS', unit: 'MB' },
  'rebuild.n.heap': { group: 'full rebuild, N', label: 'peak V8 heap in use', unit: 'MB' },
  'read.port': { group: 'full rebuild, N', label: 'read of the log through the port', unit: 'events/s' },
  ...eachProjectionAlone('n'),
  'rebuild.3n': { group: 'full rebuild, 3N', label: 'every projection, from the log', unit: 'events/s' },
  'rebuild.3n.cpu': { group: 'full rebuild, 3N', label: 'per CPU second (user + system)', unit: 'events/s' },
  'rebuild.3n.rss': { group: 'full rebuild, 3N', label: 'peak RSS', unit: 'MB' },
  'rebuild.3n.heap': { group: 'full rebuild, 3N', label: 'peak V8 heap in use', unit: 'MB' },
  ...eachProjectionAlone('3n'),
  'lag.catchup': { group: 'projection lag', label: 'catch-up after the appends', unit: 'events/s' },
  'lag.rate': { group: 'projection lag', label: 'sustained load (half the append rate)', unit: 'commands/s' },
  'lag.p50': { group: 'projection lag', label: 'seconds behind, p50', unit: 's' },
  'lag.p99': { group: 'projection lag', label: 'seconds behind, p99', unit: 's' },
  'lag.max': { group: 'projection lag', label: 'seconds behind, max', unit: 's' },
  'lag.drain': { group: 'projection lag', label: 'caught up after the load stops', unit: 's' },
  'reorganisation.dryrun.p50': {
    group: 'queries',
    label: 'reorganisation dry run (a district merged into another, figures before and after), p50',
    unit: 'ms',
  },
  'reorganisation.dryrun.p99': {
    group: 'queries',
    label: 'reorganisation dry run, p99',
    unit: 'ms',
  },
};

export const QUERIES = [
  'membership.union',
  'membership.federation',
  'membership.city',
  'funds.federation',
  'funds.city',
  'funds.flows',
  'ranking',
  'series.membership',
  'series.funds',
] as const;
/** Series answer a span of dates, not one date: judged against their own target. */
const SERIES_QUERIES: readonly (typeof QUERIES)[number][] = ['series.membership', 'series.funds'];
/** Points of the series measured: ten years of months. */
export const SERIES_POINTS = 120;
export const MODES = ['today', 'asOf', 'knownAt'] as const;
const QUERY_LABELS: Record<(typeof QUERIES)[number], string> = {
  'membership.union': 'membership of a union',
  'membership.federation': 'membership of a federation',
  'membership.city': 'membership of a city, rolled up over its districts',
  'funds.federation': 'funds of a federation',
  'funds.city': 'funds of a city, rolled up over its districts',
  'funds.flows': 'a fund’s flows over a year',
  ranking: 'cluster ranking',
  'series.membership': `a federation’s membership at ${SERIES_POINTS} month ends`,
  'series.funds': `a fund’s balance at ${SERIES_POINTS} month ends`,
};
for (const query of QUERIES) {
  for (const mode of MODES) {
    for (const p of ['p50', 'p99']) {
      DEFINITIONS[`query.${query}.${mode}.${p}`] = {
        group: 'queries',
        label: `${QUERY_LABELS[query]}, ${mode}, ${p}`,
        unit: 'ms',
      };
    }
  }
}

class FigureBook {
  private readonly values = new Map<string, Figure['runs']>();

  add(id: string, durability: Durability, floor: boolean, value: number): void {
    if (!DEFINITIONS[id]) throw new Error(`unknown figure ${id}`);
    let runs = this.values.get(id);
    if (!runs) {
      runs = { full: [], normal: [], floorFull: [], floorNormal: [] };
      this.values.set(id, runs);
    }
    const key = floor
      ? durability === 'FULL'
        ? 'floorFull'
        : 'floorNormal'
      : durability === 'FULL'
        ? 'full'
        : 'normal';
    runs[key].push(value);
  }

  median(id: string, durability: Durability): number | null {
    const runs = this.values.get(id)?.[durability === 'FULL' ? 'full' : 'normal'] ?? [];
    return runs.length > 0 ? median(runs) : null;
  }

  figures(): Figure[] {
    return Object.keys(DEFINITIONS)
      .filter((id) => this.values.has(id))
      .map((id) => {
        const runs = this.values.get(id)!;
        const of = (values: number[]) => (values.length > 0 ? median(values) : null);
        const [full, normal, floorFull, floorNormal] = [
          of(runs.full),
          of(runs.normal),
          of(runs.floorFull),
          of(runs.floorNormal),
        ];
        const ratio = (value: number | null, floor: number | null) =>
          value === null || floor === null || floor === 0 ? null : value / floor;
        return {
          id,
          ...DEFINITIONS[id],
          full,
          normal,
          floorFull,
          floorNormal,
          ratioFull: ratio(full, floorFull),
          ratioNormal: ratio(normal, floorNormal),
          runs,
        };
      });
  }
}

function targetsOf(figures: readonly Figure[], events: number): TargetResult[] {
  const figure = (id: string) => figures.find((f) => f.id === id);
  const pct = (value: number | null | undefined) =>
    value == null ? 'n/a' : `${(value * 100).toFixed(0)}% of the floor`;
  const append = figure('append.single');
  const imported = figure('import');
  const rebuild = figure('rebuild.n');
  const rssN = figure('rebuild.n.rss')?.full ?? null;
  const rss3N = figure('rebuild.3n.rss')?.full ?? null;
  // Every query the issue names counts: membership, funds and the ranking, each `asOf` a past date.
  const asOf = QUERIES.filter((query) => !SERIES_QUERIES.includes(query)).map(
    (query) => [query, figure(`query.${query}.asOf.p99`)?.full ?? NaN] as const,
  );
  const worstAsOf = Math.max(...asOf.map(([, p99]) => p99));
  const series = SERIES_QUERIES.map((query) => [query, figure(`query.${query}.asOf.p99`)?.full ?? NaN] as const);
  const worstSeries = Math.max(...series.map(([, p99]) => p99));
  const atScale = events >= 1_000_000;
  const [single, concurrent, size] = [figure('append.single'), figure('append.concurrent'), figure('size.event')];
  const [fundP99, joinP99] = [figure('append.fund.p99')?.full, figure('append.join.p99')?.full];
  return [
    {
      target: 'append through the command layer ≥ 50% of the floor’s one-transaction-per-event rate (FULL)',
      figure: 'append.single',
      actual: pct(append?.ratioFull),
      met: append?.ratioFull == null ? null : append.ratioFull >= 0.5,
      note: `${fmt(append?.full)} vs ${fmt(append?.floorFull)} events/s`,
    },
    {
      target: 'batched import ≥ 50% of the floor’s batched rate (FULL)',
      figure: 'import',
      actual: pct(imported?.ratioFull),
      met: imported?.ratioFull == null ? null : imported.ratioFull >= 0.5,
      note: `${fmt(imported?.full)} vs ${fmt(imported?.floorFull)} events/s`,
    },
    {
      target: 'full rebuild ≥ 100,000 events/s',
      figure: 'rebuild.n',
      actual: `${fmt(rebuild?.full)} events/s`,
      met: rebuild?.full == null ? null : rebuild.full >= 100_000,
      note: `at ${events.toLocaleString('en')} events, FULL`,
    },
    {
      target: '`asOf` query p99 ≤ 5 ms at 1,000,000 events',
      figure: 'query.*.asOf.p99',
      actual: asOf.map(([query, p99]) => `${query} ${fmt(p99)} ms`).join(', '),
      met: atScale && Number.isFinite(worstAsOf) ? worstAsOf <= 5 : null,
      note: atScale ? `slowest ${fmt(worstAsOf)} ms` : 'not at 1,000,000 events: not judged',
    },
    {
      target: `${SERIES_POINTS} monthly points of a series p99 ≤ 20 ms at 1,000,000 events`,
      figure: 'query.series.*.asOf.p99',
      actual: series.map(([query, p99]) => `${query} ${fmt(p99)} ms`).join(', '),
      met: atScale && Number.isFinite(worstSeries) ? worstSeries <= 20 : null,
      note: atScale ? `slowest ${fmt(worstSeries)} ms` : 'not at 1,000,000 events: not judged',
    },
    {
      target: 'rebuild peak RSS flat between N and 3N (within 10%), N ≥ 1,000,000',
      figure: 'rebuild.3n.rss',
      actual: rssN && rss3N ? `${fmt(rssN)} MB → ${fmt(rss3N)} MB (${signed((rss3N / rssN - 1) * 100)}%)` : 'n/a',
      // Below 10⁶ events the process's own start-up memory outweighs the rebuild's: judged at scale only.
      met: atScale && rssN && rss3N ? rss3N <= rssN * 1.1 : null,
      note: atScale ? `N = ${events.toLocaleString('en')}` : 'not at 1,000,000 events: not judged',
    },
    {
      target: '4 concurrent clients ≥ 2× one client’s rate (group commit)',
      figure: 'append.concurrent',
      actual: single?.full && concurrent?.full ? `${fmt(concurrent.full / single.full)}× one client` : 'n/a',
      met: single?.full && concurrent?.full ? concurrent.full >= 2 * single.full : null,
      note: `${fmt(concurrent?.full)} vs ${fmt(single?.full)} events/s`,
    },
    {
      target: 'a fund entry’s p99 ≤ 2× a join’s (the longest fund books)',
      figure: 'append.fund.p99',
      actual: fundP99 && joinP99 ? `${fmt(fundP99 / joinP99)}× a join` : 'n/a',
      met: fundP99 && joinP99 ? fundP99 <= 2 * joinP99 : null,
      note: `${fmt(fundP99)} vs ${fmt(joinP99)} ms`,
    },
    {
      target: 'bytes per event ≤ 3× the bare table’s',
      figure: 'size.event',
      actual: size?.ratioFull ? `${fmt(size.ratioFull)}× the floor` : 'n/a',
      met: size?.ratioFull ? size.ratioFull <= 3 : null,
      note: `${fmt(size?.full)} vs ${fmt(size?.floorFull)} bytes`,
    },
  ];
}

// ---------------------------------------------------------------- the history on file

interface Fixture {
  plan: HistoryPlan;
  events: number;
  appends: number;
  types: Record<string, number>;
  lastRecordedAt: string;
  /** Appends past the first N events, replayed as commands. */
  tail: HistoryAppend[];
  /** The first appends, for the batched import. */
  importSample: HistoryAppend[];
  /** Unions founded in the fixture, for picking query targets. */
  unions: number;
}

/** Writes the first `keep` events through the port; the durability is OFF: building the fixture is not measured. */
async function writeFixture(
  path: string,
  options: { events: number; seed: string },
  keep: number,
  sample: number,
  floorPath?: string,
): Promise<Fixture> {
  const generator = new HistoryGenerator(options);
  const db = openSqliteDatabase({ path, synchronous: 'OFF' });
  const writer = new SealingWriter(openEventStore(db), db);
  // The same events as the application hands them to the store, in a bare table: the size floor.
  const floor = floorPath ? new BareEventLog(floorPath, 'OFF') : null;
  let floorRows: BareRow[] = [];
  const fixture: Fixture = {
    plan: generator.plan,
    events: 0,
    appends: 0,
    types: {},
    lastRecordedAt: '',
    tail: [],
    importSample: [],
    unions: 0,
  };
  let sampled = 0;
  try {
    for (const append of generator.appends()) {
      if (fixture.events >= keep) {
        fixture.tail.push(append);
        continue;
      }
      await writer.append(append);
      if (floor) {
        floorRows.push(...rowsOf(append));
        if (floorRows.length >= 1000) {
          floor.append(floorRows);
          floorRows = [];
        }
      }
      fixture.events += append.events.length;
      fixture.appends += 1;
      for (const event of append.events) fixture.types[event.type] = (fixture.types[event.type] ?? 0) + 1;
      fixture.lastRecordedAt = append.events[append.events.length - 1].metadata.recordedAt;
      if (sampled < sample) {
        fixture.importSample.push(append);
        sampled += append.events.length;
      }
    }
    fixture.unions = fixture.types.UnionFounded ?? 0;
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (floor && floorRows.length > 0) floor.append(floorRows);
    return fixture;
  } finally {
    db.close();
    floor?.close();
  }
}

function rowsOf(append: HistoryAppend): BareRow[] {
  const first = append.expectedRevision === 'no_stream' ? 0 : Number(append.expectedRevision) + 1;
  return append.events.map((event, i) => ({ streamId: append.streamId, revision: first + i, event }));
}

function copyLog(from: string, to: string): void {
  removeDatabase(to);
  const floor = new BareEventLog(to, 'OFF');
  floor.copyFrom(from);
  floor.close();
}

/** A SQLite file's size with its write-ahead log. */
function bytesOf(path: string): number {
  return ['', '-wal']
    .map((suffix) => `${path}${suffix}`)
    .reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

async function readWholeLog(store: EventStore): Promise<number> {
  const started = clock();
  let count = 0;
  for await (const event of store.readAll({ batchSize: 1000 })) if (event.position > 0) count += 1;
  return count / ((clock() - started) / 1000);
}

function peakOf(result: FullReadResult): number {
  return result.processPeakRssBytes ?? result.peakRssBytes;
}

// ---------------------------------------------------------------- commands

interface TailCommand {
  home: number;
  row: BareRow;
  command: HistoryCommand;
}

/** The history past N, one command per event, in recording order. */
class TailCursor {
  private readonly commands: TailCommand[];
  private next = 0;

  constructor(appends: readonly HistoryAppend[]) {
    this.commands = appends.flatMap((append) =>
      rowsOf(append).map((row) => ({ home: append.home, row, command: commandOf(row.event) })),
    );
  }

  take(count: number): TailCommand[] {
    const taken = this.commands.slice(this.next, this.next + count);
    this.next += taken.length;
    return taken;
  }

  get remaining(): number {
    return this.commands.length - this.next;
  }
}

interface AppendResult {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  /** p99 of the joins and of the fund entries among the commands, null when there were none. */
  joinP99: number | null;
  fundP99: number | null;
}

/**
 * Sends the commands through the command layer with `clients` concurrent clients. A client takes the commands
 * of the homes it serves, in order, so no command meets one it depends on half-done.
 */
async function appendAll(
  send: CommandLayer,
  commands: readonly TailCommand[],
  clients: number,
  errors: string[],
): Promise<AppendResult> {
  const latencies: number[] = [];
  const byType = new Map<string, number[]>();
  let events = 0;
  const started = clock();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (const { home, command } of commands) {
        if (home % clients !== client) continue;
        const sent = clock();
        try {
          const outcome = await send(command);
          events += outcome.events.length;
        } catch (error) {
          recordError(errors, command, error);
        }
        const took = clock() - sent;
        latencies.push(took);
        let ofType = byType.get(command.command.type);
        if (!ofType) byType.set(command.command.type, (ofType = []));
        ofType.push(took);
      }
    }),
  );
  const seconds = (clock() - started) / 1000;
  const p99Of = (types: readonly string[]) => {
    const taken = types.flatMap((type) => byType.get(type) ?? []);
    return taken.length === 0 ? null : percentile(taken, 99);
  };
  return {
    eventsPerSecond: events / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    joinP99: p99Of(['JoinMember']),
    fundP99: p99Of(FUND_ENTRY_COMMANDS),
  };
}

/** The commands that add an entry to a federation's fund book (read and folded by every fund command). */
const FUND_ENTRY_COMMANDS = ['ReceiveContribution', 'PaySupport', 'TransferBetweenFunds'];

function appendFloor(floor: BareEventLog, commands: readonly TailCommand[]): AppendResult {
  const latencies: number[] = [];
  const started = clock();
  for (const { row } of commands) {
    const sent = clock();
    floor.append([row]);
    latencies.push(clock() - sent);
  }
  const seconds = (clock() - started) / 1000;
  return {
    eventsPerSecond: commands.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    joinP99: null,
    fundP99: null,
  };
}

function recordError(errors: string[], command: HistoryCommand, error: unknown): void {
  if (errors.length < 20) {
    errors.push(`${command.command.type}: ${messageOf(error)}`);
  }
}

/** Not measured: the first commands pay for compiling the command path and for cold caches. */
function warmUpOf(commands: number): number {
  return Math.min(100, Math.ceil(commands / 5));
}

/**
 * Commands through the service's command bus, one transaction each, with the service's durability (FULL),
 * from one client and then from several; the floor appends the same events to a bare table, one
 * transaction each, with the same durability.
 */
async function measureAppends(
  send: CommandLayer,
  tail: TailCursor,
  floorPath: string,
  sizes: BenchSizes,
  options: BenchOptions,
  book: FigureBook,
  errors: string[],
  log: (line: string) => void,
): Promise<void> {
  const floor = new BareEventLog(floorPath, 'FULL');
  try {
    const count = sizes.appendCommands;
    const warmUp = tail.take(warmUpOf(count));
    await appendAll(send, warmUp, 1, errors);
    appendFloor(floor, warmUp);
    for (let run = 0; run < options.runs; run++) {
      const commands = tail.take(count);
      if (commands.length < count) errors.push('the generated history ran out of commands to append');
      const single = await appendAll(send, commands, 1, errors);
      book.add('append.single', 'FULL', false, single.eventsPerSecond);
      book.add('append.single.p50', 'FULL', false, single.p50);
      book.add('append.single.p99', 'FULL', false, single.p99);
      if (single.joinP99 !== null) book.add('append.join.p99', 'FULL', false, single.joinP99);
      if (single.fundP99 !== null) book.add('append.fund.p99', 'FULL', false, single.fundP99);

      // The floor appends the same events, one transaction each.
      const bare = appendFloor(floor, commands);
      for (const id of ['append.single', 'append.concurrent']) book.add(id, 'FULL', true, bare.eventsPerSecond);
      for (const id of ['append.single.p50', 'append.concurrent.p50']) book.add(id, 'FULL', true, bare.p50);
      for (const id of ['append.single.p99', 'append.concurrent.p99']) book.add(id, 'FULL', true, bare.p99);

      const concurrent = await appendAll(send, tail.take(count), options.clients, errors);
      book.add('append.concurrent', 'FULL', false, concurrent.eventsPerSecond);
      book.add('append.concurrent.p50', 'FULL', false, concurrent.p50);
      book.add('append.concurrent.p99', 'FULL', false, concurrent.p99);
      log(
        `  run ${run + 1}: ${Math.round(single.eventsPerSecond)} events/s from 1 client, ` +
          `${Math.round(concurrent.eventsPerSecond)} from ${options.clients}, floor ${Math.round(bare.eventsPerSecond)}`,
      );
    }
  } finally {
    floor.close();
  }
}

// ---------------------------------------------------------------- projection lag

async function drain(runner: ProjectionRunner, timeoutSeconds = 600): Promise<number> {
  const started = clock();
  while ((clock() - started) / 1000 < timeoutSeconds) {
    const statuses = await runner.status();
    if (statuses.every((s) => s.lagEvents === 0 && s.state !== 'failed')) break;
    if (statuses.some((s) => s.state === 'failed')) throw new Error('a projection failed under load');
    await sleep(20);
  }
  return (clock() - started) / 1000;
}

/** Commands at a steady rate for `seconds`, partitioned over the clients; the runner follows meanwhile. */
async function sustainedLoad(
  runner: ProjectionRunner,
  send: CommandLayer,
  tail: TailCursor,
  rate: number,
  seconds: number,
  clients: number,
  lagCommands: number,
  errors: string[],
): Promise<{ rate: number; p50: number; p99: number; max: number; drain: number } | null> {
  const commands = tail.take(Math.min(lagCommands, Math.floor(rate * seconds)));
  if (commands.length === 0) return null;
  const lags: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const statuses = await runner.status();
      lags.push(Math.max(...statuses.map((s) => s.lagSeconds)));
      await sleep(100);
    }
  })();
  const started = clock();
  let sent = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < commands.length; i++) {
        if (commands[i].home % clients !== client) continue;
        const due = started + (i * 1000) / rate;
        const wait = due - clock();
        if (wait > 1) await sleep(wait);
        try {
          await send(commands[i].command);
          sent += 1;
        } catch (error) {
          recordError(errors, commands[i].command, error);
        }
      }
    }),
  );
  const loadSeconds = (clock() - started) / 1000;
  const drained = await drain(runner);
  sampling = false;
  await sampler;
  return {
    rate: sent / loadSeconds,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: Math.max(0, ...lags),
    drain: drained,
  };
}

// ---------------------------------------------------------------- queries

async function measureQueries(
  service: ServiceApp,
  paths: { floorLog: string },
  fixture: Fixture,
  sizes: BenchSizes,
  options: BenchOptions,
  book: FigureBook,
): Promise<BenchReport['queryDates']> {
  const floor = new BareEventLog(paths.floorLog, 'FULL');
  try {
    const { access } = service;
    // "As of 31/12 two years before the log ends, as known on 15/01 after it" (DOMAIN.md's audit question).
    const currentYear = Number(fixture.lastRecordedAt.slice(0, 4));
    const year = Math.max(fixture.plan.firstYear, currentYear - 2);
    const asOf = `${year}-12-31`;
    const knownAtInstant = `${year + 1}-01-15T00:00:00.000Z`;
    const knownAt = await service.eventStore.positionAt(knownAtInstant);
    // What the read controllers receive as query parameters; `prepare` resolves them as it does for HTTP.
    const modes: Record<(typeof MODES)[number], { query: { asOf?: string; knownAt?: string }; year: number }> = {
      today: { query: {}, year: currentYear - 1 },
      asOf: { query: { asOf }, year },
      knownAt: { query: { asOf, knownAt: knownAtInstant }, year },
    };
    const random = new SeededRandom(`queries:${options.seed}`);
    const { districts, clusters } = fixture.plan;
    const district = () => districtId(random.int(0, districts - 1));
    const city = () => `city-${String(random.int(1, fixture.plan.cities)).padStart(2, '0')}`;
    const prepare = (query: { asOf?: string; knownAt?: string }, projections: string[]) =>
      access.prepare(query, projections);
    const run: Record<
      (typeof QUERIES)[number],
      (query: { asOf?: string; knownAt?: string }, y: number) => Promise<unknown>
    > = {
      'membership.union': async (query) =>
        unionMembership(
          access.reader('membership'),
          unionId(random.int(0, fixture.unions - 1)),
          await prepare(query, ['membership']),
        ),
      'membership.federation': async (query) =>
        federationMembership(access.reader('membership'), district(), await prepare(query, ['membership'])),
      'membership.city': async (query) =>
        federationMembership(access.reader('membership'), city(), await prepare(query, ['membership'])),
      'funds.federation': async (query) =>
        federationFunds(access.reader('funds'), district(), await prepare(query, ['funds'])),
      'funds.city': async (query) => {
        const at = await prepare(query, ['funds', 'membership']);
        const id = city();
        return federationFunds(
          access.reader('funds'),
          id,
          at,
          await federationTree(access.reader('membership'), id, at),
        );
      },
      'funds.flows': async (query, y) => {
        const at = await prepare(query, ['funds']);
        return fundFlows(
          access.reader('funds'),
          district(),
          random.pick(FUND_IDS),
          `${y}-01-01`,
          `${y}-12-31`,
          at.knownAt,
        );
      },
      ranking: async (query, y) =>
        clusterRanking(
          {
            membership: access.reader('membership'),
            funds: access.reader('funds'),
            recognition: access.reader('recognition'),
            clusters: access.reader('clusters'),
          },
          clusterId(random.int(0, clusters - 1)),
          y,
          await prepare(query, ['membership', 'funds', 'recognition', 'clusters']),
        ),
      // Ten years of month ends up to the year asked; asOf does not apply to a series, knownAt does.
      'series.membership': async (query, y) =>
        federationMembershipSeries(
          access.reader('membership'),
          district(),
          seriesDates(y),
          (await prepare({ knownAt: query.knownAt }, ['membership'])).knownAt,
        ),
      'series.funds': async (query, y) =>
        fundBalanceSeries(
          access.reader('funds'),
          district(),
          random.pick(FUND_IDS),
          seriesDates(y),
          (await prepare({ knownAt: query.knownAt }, ['funds'])).knownAt,
        ),
    };

    for (let r = 0; r < options.runs; r++) {
      for (const name of QUERIES) {
        const samples = name === 'ranking' ? sizes.rankingSamples : sizes.querySamples;
        for (const mode of MODES) {
          const { query, year: forYear } = modes[mode];
          for (let i = 0; i < 3; i++) await run[name](query, forYear); // warm-up
          const latencies: number[] = [];
          const began = clock();
          for (let i = 0; i < samples && (i < 5 || clock() - began < sizes.queryBudgetMs); i++) {
            const started = clock();
            await run[name](query, forYear);
            latencies.push(clock() - started);
          }
          book.add(`query.${name}.${mode}.p50`, 'FULL', false, percentile(latencies, 50));
          book.add(`query.${name}.${mode}.p99`, 'FULL', false, percentile(latencies, 99));
        }
      }
      // A reorganisation's dry run: one district merged into another on the last recorded date, its figures
      // before and after, nothing recorded (what `POST /reorganisations/dry-run` answers).
      const dryRuns: number[] = [];
      const today = fixture.lastRecordedAt.slice(0, 10);
      for (let i = 0; i < Math.max(5, Math.round(sizes.rankingSamples / 2)); i++) {
        const from = district();
        const into = district();
        if (from === into) continue;
        const started = clock();
        try {
          const changes = await service.previewReorganisation(
            {
              type: 'Reorganise',
              reorganisationId: `bench-dry-run-${i}`,
              register: [],
              moves: [],
              merges: [{ federationId: from, intoFederationId: into }],
              dissolutions: [],
            },
            today,
          );
          const recorded = changes[0].events[0].data as unknown as ReorganisationRecorded['data'];
          await reorganisationFigures(access.reader('membership'), recorded);
          dryRuns.push(clock() - started);
        } catch {
          // A district already merged or dissolved in the generated history: refused as a client would be.
        }
      }
      if (dryRuns.length > 0) {
        book.add('reorganisation.dryrun.p50', 'FULL', false, percentile(dryRuns, 50));
        book.add('reorganisation.dryrun.p99', 'FULL', false, percentile(dryRuns, 99));
      }

      // The floor: a primary-key read of one event from the bare table.
      const latencies: number[] = [];
      const head = floor.count();
      for (let i = 0; i < sizes.querySamples * 10; i++) {
        const started = clock();
        floor.read(random.int(1, head));
        latencies.push(clock() - started);
      }
      for (const name of QUERIES) {
        for (const mode of MODES) {
          book.add(`query.${name}.${mode}.p50`, 'FULL', true, percentile(latencies, 50));
          book.add(`query.${name}.${mode}.p99`, 'FULL', true, percentile(latencies, 99));
        }
      }
    }
    return { asOf, knownAtInstant, knownAt, year, currentYear };
  } finally {
    floor.close();
  }
}

/** The last day of each of the SERIES_POINTS months ending with December of `year`. */
function seriesDates(year: number): string[] {
  return Array.from({ length: SERIES_POINTS }, (_, i) => {
    const month = (year + 1) * 12 - SERIES_POINTS + i;
    return new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0)).toISOString().slice(0, 10);
  });
}

// ---------------------------------------------------------------- report

function machine(): BenchReport['machine'] {
  const db = openSqliteDatabase({ path: ':memory:' });
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  let cores = cpus().length;
  try {
    cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cores;
  } catch {
    // nproc is a coreutils program: absent on some systems; os.cpus() then counts.
  }
  return {
    cores,
    memoryBytes: totalmem(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    sqlite,
  };
}

/** Each projection rebuilt alone from the same log, for the figure of each beside the rebuild of them all. */
async function rebuildEachAlone(
  fullRead: (task: FullReadTask) => Promise<FullReadResult>,
  path: string,
  scale: 'n' | '3n',
  book: FigureBook,
  log: (line: string) => void,
): Promise<void> {
  for (const { name } of ALL_PROJECTIONS) {
    const rebuilt = await fullRead({ kind: 'rebuild', path, synchronous: 'FULL', projection: name });
    book.add(`rebuild.${scale}.${name}`, 'FULL', false, rebuilt.eventsPerSecond);
    log(`    ${name} alone: ${rate(rebuilt)}`);
  }
}

function rate(result: FullReadResult): string {
  return `${Math.round(result.eventsPerSecond).toLocaleString('en')} events/s, peak RSS ${Math.round(peakOf(result) / MB)} MB`;
}

export function fmt(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
