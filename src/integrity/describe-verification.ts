import type { VerificationReport } from './verify-log';

const count = (n: number) => n.toLocaleString('en');
const events = (n: number) => `${count(n)} ${n === 1 ? 'event' : 'events'}`;

/** The verification in a few lines for a person; `--json` gives every field. */
export function describeVerification(report: VerificationReport, seconds?: number): string[] {
  const lines = [
    `verified ${events(report.checked)} in ${count(report.streams)} streams` +
      (seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`) +
      `: ${count(report.seals)} seals, sealed through position ${count(report.sealedThrough)}, ` +
      `${events(report.unsealed)} after the last seal (checked by hash and chain only)`,
  ];
  if (report.digest) {
    lines.push(
      report.digest.checkedBy === 'not-checkable'
        ? `digest of position ${count(report.digest.position)}: cannot be checked (it names no seal)`
        : `digest of position ${count(report.digest.position)}: ${report.digest.matches ? 'matches' : 'DOES NOT MATCH'} (checked by ${report.digest.checkedBy})`,
    );
  }
  const problem = report.firstProblem;
  if (!problem) {
    lines.push('OK: nothing was changed, deleted, reordered or inserted');
    return lines;
  }
  const where = problem.streamId === null ? '' : ` (${problem.streamId}, revision ${problem.revision})`;
  lines.push(`PROBLEM at position ${count(problem.position)}${where}: ${problem.kind}`, `  ${problem.detail}`);
  if (report.problems.length > 1) lines.push(`  and ${report.problems.length - 1} more listed with --json`);
  return lines;
}
