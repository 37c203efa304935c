import { readFileSync } from 'node:fs';
import type { BenchReport, Figure } from './bench';
import { fmt } from './bench';

/** The report as a terminal table: each figure at FULL and NORMAL, the floor's, and the ratio to the floor. */
export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  const { machine, history } = report;
  lines.push(
    `union-ledger benchmark — ${report.date}`,
    `${report.command}`,
    `machine: ${machine.cores} cores (${machine.cpu}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ` +
      `node ${machine.node}, SQLite ${machine.sqlite}, ${machine.platform}`,
    `log: ${history.events.toLocaleString('en')} events in ${history.appends.toLocaleString('en')} appends ` +
      `(${history.eventsPerAppend} per append), ${history.plan.districts} districts, ` +
      `${history.plan.clusters} clusters; 3N: ${history.big ? `${history.big.events.toLocaleString('en')} events` : 'not run'}; ` +
      `medians of ${report.options.runs} run(s)` +
      (report.options.only ? `; only: ${report.options.only.join(', ')}` : ''),
    report.queryDates
      ? `queries: today, asOf ${report.queryDates.asOf}, knownAt ${report.queryDates.knownAtInstant} ` +
          `(position ${report.queryDates.knownAt.toLocaleString('en')})`
      : 'queries: not run',
    '',
  );
  const header = ['figure', 'unit', 'FULL', 'NORMAL', 'floor FULL', 'floor NORMAL', '÷ floor FULL', '÷ floor NORMAL'];
  const rows: string[][] = [];
  let group = '';
  for (const figure of report.figures) {
    if (figure.group !== group) {
      group = figure.group;
      rows.push([`[${group}]`, '', '', '', '', '', '', '']);
    }
    rows.push(row(figure));
  }
  lines.push(...table(header, rows), '');
  lines.push('targets:');
  for (const target of report.targets) {
    const verdict = target.met === null ? 'not judged' : target.met ? 'MET' : 'MISSED';
    lines.push(`  [${verdict}] ${target.target}: ${target.actual} (${target.note})`);
  }
  if (report.errors.length > 0) {
    lines.push('', `commands refused (${report.errors.length}, first ones):`, ...report.errors.map((e) => `  ${e}`));
  }
  return lines.join('\n');
}

function row(figure: Figure): string[] {
  const ratio = (value: number | null) => (value === null ? '—' : `${value < 10 ? value.toFixed(2) : fmt(value)}×`);
  return [
    `  ${figure.label}`,
    figure.unit,
    fmt(figure.full),
    fmt(figure.normal),
    fmt(figure.floorFull),
    fmt(figure.floorNormal),
    ratio(figure.ratioFull),
    ratio(figure.ratioNormal),
  ];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/**
 * The figures as the Markdown table of docs/benchmarks.md (FULL, the service's durability):
 *   node dist/bench/report.js bench-results/latest.json
 */
export function formatMarkdown(report: BenchReport): string {
  const ratio = (value: number | null) => (value === null ? '—' : `${value < 10 ? value.toFixed(2) : fmt(value)}×`);
  const lines = [
    '| figure | unit | union-ledger | floor | ÷ floor | the runs (union-ledger) |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  let group = '';
  for (const figure of report.figures) {
    if (figure.full === null && figure.floorFull === null) continue;
    if (figure.group !== group) {
      group = figure.group;
      lines.push(`| **${group}** |  |  |  |  |  |`);
    }
    const runs = figure.runs.full.map((value) => fmt(value)).join(', ');
    lines.push(
      `| ${figure.label} | ${figure.unit} | ${fmt(figure.full)} | ${fmt(figure.floorFull)} | ${ratio(figure.ratioFull)} | ${runs} |`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [file] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/report.js <report.json>\n');
    process.exit(64);
  }
  process.stdout.write(`${formatMarkdown(JSON.parse(readFileSync(file, 'utf8')) as BenchReport)}\n`);
}
