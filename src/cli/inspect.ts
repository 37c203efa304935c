#!/usr/bin/env node
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describeVerification } from '../integrity/describe-verification';
import { type InspectionReport, inspectExport, MalformedExport } from '../integrity/inspect-export';
import { MalformedDigest, parseDigest } from '../integrity/log-digest';
import type { OfflineFundFigures } from '../integrity/offline-funds';
import { CliFailure, type CliIo, terminal } from './cli-io';
import { businessDate, commandLine, runAsProcess, runProgram } from './command-line';

/**
 * The inspector's own check, offline: given only an export file (and the digest they kept), with neither the
 * service nor its database, it verifies the hash chains and seals and recomputes every fund's figures from
 * the events in the file.
 *
 *   npm run inspect -- <export.ndjson> [--digest <digest.json>] [--as-of <YYYY-MM-DD>] [--json]
 *
 * Exit status 0: verified (and matching the digest); 1: something was changed, or the file is incomplete;
 * 2: the file or the digest cannot be read. It imports nothing of the service: no NestJS, no database driver.
 */

export type { CliIo };

export async function main(args: readonly string[], io: CliIo = terminal): Promise<number> {
  let exitCode = 0;
  const program = commandLine('inspect', io)
    .description('Verify a union-ledger export offline and recompute its fund figures')
    .argument('<file>', 'the export (newline-delimited JSON, from `npm run integrity -- export`)')
    .option('--digest <file>', 'the digest you kept (from `npm run integrity -- digest`); the file must match it')
    .option('--as-of <date>', 'fund figures as of this business date (YYYY-MM-DD); all events by default', businessDate)
    .option('--json', 'print the whole report as JSON')
    .action(async (file: string, options: { digest?: string; asOf?: string; json?: boolean }) => {
      if (!existsSync(file)) throw new CliFailure(`no export at ${file}`);
      if (options.digest && !existsSync(options.digest)) throw new CliFailure(`no digest at ${options.digest}`);
      const digest = options.digest ? parseDigest(readFileSync(options.digest, 'utf8')) : undefined;
      const started = performance.now();
      const report = await inspectExport(() => linesOf(file), { digest, asOf: options.asOf });
      const seconds = (performance.now() - started) / 1000;
      if (options.json) io.out(JSON.stringify({ ...report, seconds: Number(seconds.toFixed(3)) }, null, 2));
      else for (const line of describeInspection(report, seconds)) io.out(line);
      exitCode = report.ok ? 0 : 1;
    });

  return runProgram(program, args, io, {
    status: () => exitCode,
    errorPrefix: 'inspect',
    usageStatus: 2,
    failureStatus: (error) =>
      error instanceof MalformedExport || error instanceof MalformedDigest || error instanceof CliFailure ? 2 : 1,
  });
}

function linesOf(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

const count = (n: number) => n.toLocaleString('en');

export function describeInspection(report: InspectionReport, seconds: number): string[] {
  const { file, verification, funds } = report;
  const scope =
    file.scope.kind === 'log'
      ? 'the whole log'
      : `the part of federation ${file.scope.federationId} (${count(file.scope.streams)} streams)`;
  const lines = [
    `export of ${scope}, made ${file.exportedAt}: ${count(file.events)} events, up to position ${count(file.head)}`,
    ...describeVerification(verification, seconds),
    `digest: ${report.digestUsed === 'kept' ? 'the one you kept' : report.digestUsed === 'file' ? "the file's own" : 'none'}`,
    ...report.notes.map((note) => `note: ${note}`),
    '',
    `funds${funds.asOf ? ` as of ${funds.asOf}` : ''}, recomputed from the events in the file (whole đồng):`,
    ...fundTable(funds.funds),
  ];
  for (const anomaly of funds.anomalies) lines.push(`fund anomaly: ${anomaly.detail}`);
  lines.push('', report.ok ? 'RESULT: verified' : 'RESULT: NOT VERIFIED');
  return lines;
}

function fundTable(funds: OfflineFundFigures[]): string[] {
  if (funds.length === 0) return ['  (no funds)'];
  const header = ['federation', 'fund', 'kind', 'balance', 'inflow', 'outflow', 'support paid', 'recipients'];
  const rows = funds.map((f) => [
    f.federationId,
    f.fundId,
    f.kind,
    count(f.balance),
    count(f.inflow),
    count(f.outflow),
    count(f.supportPaid),
    count(f.recipients),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const format = (row: string[]) =>
    '  ' + row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [format(header), ...rows.map(format)];
}

if (require.main === module) runAsProcess(main);
