import { Command, InvalidArgumentError } from 'commander';
import { isBusinessDate } from '../core/business-date';
import type { CliIo } from './cli-io';

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
