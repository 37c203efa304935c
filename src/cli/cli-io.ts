/** Where a command-line tool writes: the terminal, or a test's lines. */
export interface CliIo {
  /** Results. */
  out(line: string): void;
  /** Errors, notices and progress. */
  err(line: string): void;
}

export const terminal: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A refusal for the operator: printed without a stack trace, exit status 1. */
export class CliFailure extends Error {}
