import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { isBusinessDate } from '../core/business-date';
import type { CliIo } from './cli-io';
import { messageOf } from '../core/error-message';

/**
 * What every command-line tool of the ledger shares: a program that writes through `io` (the terminal, or a
 * test's lines) and throws instead of exiting, and the parsers of its common option values.
 */
export function commandLine(name: string, io: CliIo): Command {
  return new Command(name).exitOverride().configureOutput({
    writeOut: (text) => io.out(text.trimEnd()),
    writeErr: (text) => io.err(text.trimEnd()),
  });
}

export function businessDate(value: string): string {
  if (!isBusinessDate(value)) throw new InvalidArgumentError('a calendar date written YYYY-MM-DD is expected');
  return value;
}

export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number of seconds, 0 or more, is expected');
  return n;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a whole number, 1 or more, is expected');
  return n;
}

export interface ProgramEnd {
  /** The exit status the program's actions left: 0 unless one of them set another. */
  status: () => number;
  /** What a failure's message is prefixed with on stderr. */
  errorPrefix: string;
  /** The status after a usage error (an unknown option, a missing argument): Commander's own (1) by default. */
  usageStatus?: number;
  /** The status after a failure: 1 by default. */
  failureStatus?: (error: unknown) => number;
}

/**
 * Parses `args` and runs the program's action, then resolves to the exit status: the action's, 0 after
 * `--help` or `--version`, the usage status after a usage error (Commander has printed why), or the
 * failure status after any other error, whose message is printed on stderr first.
 */
export async function runProgram(
  program: Command,
  args: readonly string[],
  io: CliIo,
  end: ProgramEnd,
): Promise<number> {
  try {
    await program.parseAsync([...args], { from: 'user' });
    return end.status();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : (end.usageStatus ?? error.exitCode);
    io.err(`${end.errorPrefix}: ${messageOf(error)}`);
    return end.failureStatus?.(error) ?? 1;
  }
}

/** Runs a tool's `main` as the process's own: the status it resolves to becomes the exit code. */
export function runAsProcess(main: (args: readonly string[]) => Promise<number>): void {
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
