import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BENCH_PARTS, type BenchPart, type BenchReport, runBench } from './bench';
import { formatReport } from './report';

/**
 *   npm run bench                          1,000,000 events, 3 runs (takes a while)
 *   npm run bench -- --quick               a small log, for a smoke run (well under a minute)
 *   npm run bench -- --events 200000 --runs 5 --out bench-results/200k.json
 *   npm run bench -- --only queries        one part (or several, comma-separated) of the run
 */

const QUICK_EVENTS = 10_000;

export async function main(args: readonly string[]): Promise<BenchReport> {
  const program = new Command('bench')
    .description('Measures union-ledger on the embedded store against a raw SQLite floor, in the same run.')
    .option('--events <n>', 'events in the log (N; the rebuild is also measured at 3N)', positive, 1_000_000)
    .option('--quick', `a small log (${QUICK_EVENTS.toLocaleString('en')} events unless --events), for smoke runs`)
    .option('--runs <k>', 'runs per figure; the median is reported (default 3; 2 with --quick)', positive)
    .option('--out <file>', 'where the JSON report goes', 'bench-results/latest.json')
    .option('--seed <seed>', 'seed of the generated history', 'union-ledger')
    .option('--clients <n>', 'concurrent clients of the command layer', positive, 4)
    .option('--keep', 'keep the working SQLite files (their folder is printed)')
    .option('--only <parts>', `only these parts, comma-separated: ${BENCH_PARTS.join(', ')}`, parts)
    .parse(['node', 'run-bench', ...args]);
  const flags = program.opts<{
    events: number;
    quick?: boolean;
    runs?: number;
    out: string;
    seed: string;
    clients: number;
    keep?: boolean;
    only?: BenchPart[];
  }>();
  const quick = flags.quick === true;
  const events = quick && program.getOptionValueSource('events') === 'default' ? QUICK_EVENTS : flags.events;
  const started = Date.now();
  const report = await runBench({
    events,
    quick,
    runs: flags.runs ?? (quick ? 2 : 3),
    seed: flags.seed,
    clients: flags.clients,
    keepFiles: flags.keep,
    only: flags.only,
    log: (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`),
  });
  report.command = `npm run bench --${args.length > 0 ? ` ${args.join(' ')}` : ''}`;
  const out = resolve(flags.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\n\nJSON: ${out}\n`);
  return report;
}

function parts(value: string): BenchPart[] {
  const named = value.split(',').map((part) => part.trim());
  const unknown = named.filter((part) => !(BENCH_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0 || named.length === 0) {
    throw new InvalidArgumentError(`parts among ${BENCH_PARTS.join(', ')}, comma-separated`);
  }
  return named as BenchPart[];
}

function positive(value: string): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return n;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
