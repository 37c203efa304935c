/**
 * Errors a decider raises. The HTTP edge maps them: `NotFound` → 404, `RuleBroken` → 409.
 * Messages are written for a clerk: what was refused and what to do.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not_found' | 'rule_broken';
}

export class NotFound extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} '${id}' does not exist`);
    this.name = 'NotFound';
  }
}

export class RuleBroken extends DomainError {
  readonly kind = 'rule_broken' as const;
  constructor(
    /** A stable identifier of the rule, e.g. `member.already-joined`, for clients to branch on. */
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleBroken';
  }
}

/**
 * A back-dated command that a fact already recorded for a later date contradicts (a dissolution dated before
 * a member's recorded arrival, say): history is checked as a whole, never only up to the command's date.
 */
export class LaterFactContradicts extends RuleBroken {
  constructor(message: string) {
    super('history.later-fact', message);
  }
}
