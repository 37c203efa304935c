import { type BenchReport, MODES, QUERIES, runBench } from '../../bench/bench';
import { ALL_PROJECTIONS } from '../../projections';
import { formatMarkdown, formatReport } from '../../bench/report';

/**
 * The quick benchmark runs in-process and produces every figure. How fast is not asserted (no timed
 * assertions: a slow CI machine must not fail the suite); that it measures everything, and that every
 * command of the generated history was accepted, is.
 */
describe('npm run bench -- --quick', () => {
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBench({ events: 5000, quick: true, runs: 1, seed: 'bench-test', clients: 3, isolate: false });
  }, 120_000);

  const measured = (id: string, column: 'full' | 'normal' | 'floorFull' | 'floorNormal' = 'full') => {
    const figure = report.figures.find((f) => f.id === id);
    expect([id, column, figure?.[column]]).toEqual([id, column, expect.any(Number)]);
    expect(Number.isFinite(figure![column])).toBe(true);
    return figure![column]!;
  };

  it('measures appends through the command layer, single and concurrent, beside the floor, at FULL', () => {
    for (const id of ['append.single', 'append.concurrent']) {
      for (const column of ['full', 'floorFull'] as const) {
        expect(measured(id, column)).toBeGreaterThan(0);
        expect(measured(`${id}.p50`, column)).toBeGreaterThan(0);
        expect(measured(`${id}.p99`, column)).toBeGreaterThanOrEqual(measured(`${id}.p50`, column));
      }
    }
  });

  it('measures the batched import through the port and the floor’s batched rate', () => {
    for (const column of ['full', 'normal', 'floorFull', 'floorNormal'] as const) {
      expect(measured('import', column)).toBeGreaterThan(0);
    }
    expect(measured('import.bulk', 'floorFull')).toBeGreaterThan(0);
  });

  it('measures full rebuilds and their peak memory at N and 3N, and the floor’s read of the same log', () => {
    expect(measured('rebuild.n')).toBeGreaterThan(0);
    expect(measured('rebuild.n', 'floorFull')).toBeGreaterThan(0);
    expect(measured('read.port')).toBeGreaterThan(0);
    expect(measured('rebuild.3n')).toBeGreaterThan(0);
    expect(measured('rebuild.n.rss')).toBeGreaterThan(0);
    expect(measured('rebuild.3n.rss')).toBeGreaterThan(0);
    expect(report.history.big?.events).toBeGreaterThanOrEqual(3 * report.history.events - 10);
  });

  it('measures each projection rebuilt alone, at N and 3N', () => {
    for (const { name } of ALL_PROJECTIONS) {
      expect(measured(`rebuild.n.${name}`)).toBeGreaterThan(0);
      expect(measured(`rebuild.3n.${name}`)).toBeGreaterThan(0);
    }
  });

  it('times membership, fund and ranking queries today, as of a past date and as known at a position', () => {
    for (const query of QUERIES) {
      for (const mode of MODES) {
        expect(measured(`query.${query}.${mode}.p50`)).toBeGreaterThan(0);
        expect(measured(`query.${query}.${mode}.p99`, 'floorFull')).toBeGreaterThan(0);
      }
    }
    expect(report.queryDates?.knownAt).toBeGreaterThan(0);
  });

  it('times a reorganisation dry run, a city roll-up and its funds', () => {
    expect(measured('reorganisation.dryrun.p50')).toBeGreaterThan(0);
    expect(measured('query.membership.city.asOf.p99')).toBeGreaterThan(0);
    expect(measured('query.funds.city.asOf.p99')).toBeGreaterThan(0);
  });

  it('observes the projection lag under a sustained load, and the runner catching up after it', () => {
    expect(measured('lag.rate')).toBeGreaterThan(0);
    expect(measured('lag.p50')).toBeGreaterThanOrEqual(0);
    expect(measured('lag.p99')).toBeGreaterThanOrEqual(measured('lag.p50'));
    expect(measured('lag.drain')).toBeGreaterThanOrEqual(0);
  });

  it('weighs the log on disk against the same events in a bare table, and a fund entry against a join', () => {
    expect(measured('size.event')).toBeGreaterThan(0);
    expect(measured('size.event', 'floorFull')).toBeGreaterThan(0);
    expect(measured('append.join.p99')).toBeGreaterThan(0);
    expect(measured('append.fund.p99')).toBeGreaterThan(0);
  });

  it('judges every target of the issues and names the machine', () => {
    expect(report.targets.map((target) => target.figure)).toEqual([
      'append.single',
      'import',
      'rebuild.n',
      'query.*.asOf.p99',
      'query.series.*.asOf.p99',
      'rebuild.3n.rss',
      'append.concurrent',
      'append.fund.p99',
      'size.event',
    ]);
    // Every figure measured beside a floor is also given as a ratio to it (import.bulk is the floor's alone).
    for (const figure of report.figures) {
      if (figure.full !== null && figure.floorFull !== null)
        expect([figure.id, Number.isFinite(figure.ratioFull)]).toEqual([figure.id, true]);
    }
    for (const target of report.targets) expect(target.actual).not.toBe('');
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.memoryBytes).toBeGreaterThan(0);
    expect(formatReport(report)).toContain('÷ floor FULL');
    expect(formatMarkdown(report)).toContain('| figure | unit | union-ledger | floor | ÷ floor |');
  });

  it('records every command of the generated history without a refusal', () => {
    expect(report.errors).toEqual([]);
  });
});
