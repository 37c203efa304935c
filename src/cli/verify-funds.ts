#!/usr/bin/env node
import { InvalidArgumentError } from 'commander';
import { ENTITY_ID_PATTERN } from '../http/recorded-fact.dto';
import { withDongJson } from '../verification/funds/dong-amounts';
import type { EntryTrail } from '../verification/funds/entry-trail';
import { type FundsReconciliation, FundsVerificationService } from '../verification/funds-verification.service';
import { type AppCliIo, withApp } from './app-context';
import { CliFailure, terminal } from './cli-io';
import { businessDate, commandLine, runAsProcess, runProgram, seconds } from './command-line';

/**
 * Independent fund verification from a shell, on the service's SQLite file:
 *
 *   npm run verify:funds                                        every fund book, every date
 *   npm run verify:funds -- --federation hoan-kiem --as-of 2020-12-31 --from 2020-01-01
 *   npm run verify:funds -- --federation hoan-kiem --entry hk-2020-thu-0012   the trail of one entry
 *   (--json prints the whole report; --sqlite-path <file> overrides SQLITE_PATH)
 *
 * It boots the application context, lets the funds read model catch up with the log, recomputes every fund
 * from the events alone and reconciles it with the read model. Exit status 0 when everything reconciles to
 * the đồng, 1 when anything differs (or the verification could not run).
 */

export type { AppCliIo as CliIo };

interface Options {
  federation?: string;
  asOf?: string;
  from?: string;
  to?: string;
  entry?: string;
  json?: boolean;
  sqlitePath?: string;
  wait: number;
  verbose?: boolean;
}

/** Runs the command line `args` (without `node` and the script) and resolves to the exit status. */
export async function main(args: readonly string[], io: AppCliIo = terminal): Promise<number> {
  let exitCode = 0;
  const program = commandLine('verify-funds', io)
    .description('Recompute every fund from the events alone, as double entries, and reconcile it with the read model')
    .option('--federation <id>', "one federation's fund book (every book when absent)", parseId)
    .option('--as-of <date>', 'figures at the end of this business date (every date when absent)', businessDate)
    .option('--from <date>', 'first day of a period whose flows are verified too', businessDate)
    .option('--to <date>', 'last day of that period (as-of when absent)', businessDate)
    .option(
      '--entry <entryId>',
      'show the trail of one entry and its corrections instead (needs --federation)',
      parseId,
    )
    .option('--json', 'print the whole report as JSON')
    .option('--wait <seconds>', 'how long the read model may take to catch up with the log', seconds, 300)
    .option('--sqlite-path <file>', 'the SQLite file of the ledger (overrides SQLITE_PATH)')
    .option('-v, --verbose', "show the application's log lines")
    .action(async (options: Options) => {
      await withApp(options, io, async (app) => {
        const verification = app.get(FundsVerificationService);
        if (options.entry !== undefined) {
          if (options.federation === undefined) throw new CliFailure('--entry needs --federation');
          const trail = await verification.entryTrail(options.federation, options.entry);
          io.out(options.json ? JSON.stringify(withDongJson(trail), null, 2) : describeTrail(trail));
          return;
        }
        const report = await verification.verify(
          { federationId: options.federation, asOf: options.asOf, from: options.from, to: options.to },
          { waitMs: options.wait * 1000 },
        );
        io.out(options.json ? JSON.stringify(withDongJson(report), null, 2) : describeReport(report));
        if (!report.reconciled) exitCode = 1;
      });
    });

  return runProgram(program, args, io, { status: () => exitCode, errorPrefix: 'error' });
}

// Grouped from the bigint itself: a number would round totals beyond 2^53.
const dong = (amount: bigint | null) => (amount === null ? '—' : `${amount.toLocaleString('en')} đ`);
const signed = (amount: bigint) => `${amount > 0n ? '+' : ''}${dong(amount)}`;

export function describeReport(report: FundsReconciliation): string {
  const lines: string[] = [];
  const when = report.asOf ? `as of ${report.asOf}` : 'every date';
  const period = report.from ? `, flows ${report.from} … ${report.to}` : '';
  lines.push(
    `Read ${report.eventsRead.toLocaleString('en')} fund book events up to log position ` +
      `${report.knownAt.toLocaleString('en')} (${when}${period}); the read model as known at the same position.`,
  );
  for (const book of report.books) {
    const tb = book.trialBalance;
    lines.push(
      `  ${book.federationId}: ${book.funds.length} fund(s), balance ${dong(book.totals.closingBalance)}; ` +
        `trial balance debits ${dong(tb.totalDebit)} = credits ${dong(tb.totalCredit)}` +
        (tb.total === 0n ? '' : ` — OFF BY ${dong(tb.total)}`) +
        (book.closedThrough ? `; closed through ${book.closedThrough}` : ''),
    );
  }
  for (const finding of report.findings) {
    lines.push(
      `FINDING ${finding.rule} in ${finding.federationId}${finding.entryId ? ` entry ${finding.entryId}` : ''} ` +
        `(position ${finding.event.position}): ${finding.message}`,
    );
  }
  for (const d of report.differences) {
    const where = d.fundId === null ? `${d.federationId} (all funds)` : `${d.federationId} / ${d.fundId}`;
    const behind = d.events
      .slice(0, 10)
      .map((e) => `${e.entryId}@${e.position}`)
      .join(', ');
    lines.push(
      `DIFFERENCE ${where} ${d.figure} (${d.scope}): events say ${dong(d.verified)}, read model ${dong(d.readModel)} ` +
        `(${signed(d.difference)})` +
        (d.note ? ` — ${d.note}` : '') +
        (d.eventsBehind > 0
          ? `; ${d.eventsBehind} entr${d.eventsBehind === 1 ? 'y' : 'ies'} behind it: ${behind}`
          : ''),
    );
  }
  lines.push(
    report.reconciled
      ? 'RECONCILED: every figure of every fund agrees with the read model to the đồng, and the books balance.'
      : `NOT RECONCILED: ${report.differences.length} difference(s), ${report.findings.length} finding(s).`,
  );
  return lines.join('\n');
}

export function describeTrail(trail: EntryTrail): string {
  const step = (s: EntryTrail['original']) =>
    `  ${s.occurredOn} ${s.kind.padEnd(12)} ${signed(s.amount).padStart(20)} → ${dong(s.amountAfter).padStart(18)}  ` +
    `by ${s.recordedBy} at ${s.recordedAt} (position ${s.position})${s.reason ? `: ${s.reason}` : ''}`;
  const funds = [trail.fromFundId, trail.toFundId].filter((f) => f !== null).join(' → ');
  return [
    `Entry ${trail.entryId} of ${trail.federationId}: a ${trail.kind} (${funds}${trail.category ? `, ${trail.category}` : ''})`,
    step(trail.original),
    ...trail.corrections.map(step),
    `Now ${dong(trail.amountNow)}${trail.reversed ? ' (reversed)' : ''}.`,
  ].join('\n');
}

function parseId(value: string): string {
  if (!ENTITY_ID_PATTERN.test(value)) throw new InvalidArgumentError('lowercase letters, digits or dashes expected');
  return value;
}

if (require.main === module) runAsProcess(main);
