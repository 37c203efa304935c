/**
 * Every rule a command can be refused with, as the `rule` of a 409 (or 413) answer: the one source the OpenAPI
 * document and the README's table are generated from. A test scans the code for the rules it can raise and
 * checks this list against them both ways, so a new rule cannot ship undocumented.
 */
export interface RuleEntry {
  /** Stable id, `area.what`, for clients to branch on; never reworded once published. */
  readonly id: string;
  /** What the rule protects, said for a client developer: when it is raised and what to do. */
  readonly meaning: string;
  /** The HTTP status it is answered with: 409 for a broken rule, 413 for a request too large to record at once. */
  readonly status: 409 | 413;
}

const rule = (id: string, meaning: string, status: 409 | 413 = 409): RuleEntry => ({ id, meaning, status });

export const RULE_CATALOGUE: readonly RuleEntry[] = [
  // Any command
  rule('date.in-future', 'occurredOn is after today: facts are recorded once they have happened.'),
  rule(
    'date.before-existence',
    'occurredOn is before the entity the command is about existed (registered, founded, joined, opened).',
  ),
  rule(
    'history.later-fact',
    'A back-dated command is contradicted by a fact already recorded for a later date (a union dissolved or ' +
      'transferred before a member arrived in it, or before a later transfer; a merge dated before an entry of ' +
      "the merged federation's fund book; an entry in a fund book handed over in a merge); history is checked " +
      'as a whole.',
  ),
  rule(
    'concurrency.conflict',
    'Another request changed the same records at the same time and won; nothing was recorded. Retry the request.',
  ),
  rule(
    'idempotency.key-reused',
    'The Idempotency-Key was already used for a different request; send a new key for a new request.',
  ),
  rule(
    'append.too-large',
    "The events the request would record are more than the event store takes in one append (KurrentDB's " +
      'MaxAppendSize); nothing was recorded: split the request.',
    413,
  ),
  rule('money.whole-dong', 'An amount is not a whole number of đồng within the allowed range.'),
  rule('money.overflow', 'A total would exceed the largest balance the ledger keeps.'),

  // Organisation
  rule('federation.already-registered', 'A federation with this id is already registered; choose another id.'),
  rule('federation.own-parent', 'A federation cannot be its own parent.'),
  rule(
    'federation.parent-level',
    'The parent must be of a higher level (city above district above commune) than the federation under it.',
  ),
  rule(
    'federation.not-active',
    'The federation was not active on the date (not yet registered, merged or dissolved), so nothing can be recorded for it.',
  ),
  rule('federation.same-name', 'A rename to the name the federation already has.'),
  rule('federation.merge-into-itself', 'A federation cannot be merged into itself.'),
  rule(
    'federation.has-unions',
    'A federation dissolved while it still has active unions on the date: move them first, or merge it instead.',
  ),
  rule('plan.year', 'A development target or workforce figure for a year outside the federation’s life.'),
  rule('plan.count', 'A target or workforce count that is not a whole number of 0 or more.'),
  rule('union.already-founded', 'A union with this id was already founded; choose another id.'),
  rule('union.not-yet-founded', 'The union was founded only after the date of the command.'),
  rule('union.dissolved', 'The union was dissolved on or before the date of the command.'),
  rule('union.same-federation', 'A union transferred to the federation it already belongs to.'),
  rule('reorganisation.already-recorded', 'A reorganisation with this id was already recorded; choose a new id.'),
  rule('reorganisation.empty', 'A reorganisation that registers, moves, merges and dissolves nothing.'),
  rule('reorganisation.too-large', 'A reorganisation listing more changes than one request may carry; split it.'),
  rule(
    'reorganisation.listed-twice',
    'The same federation or union appears more than once in one reorganisation (registered, moved, merged or dissolved twice).',
  ),

  // Membership
  rule('member.already-joined', 'A member with this id already belongs to a union.'),
  rule('member.forgotten', 'The member was forgotten; record the person’s return under a new member id.'),
  rule('member.already-forgotten', 'The member was already forgotten: their personal data is gone.'),
  rule('member.same-union', 'A member transferred to the union they already belong to.'),
  rule('member.has-left', 'The member has left their union; nothing more can be recorded for that membership.'),
  rule(
    'member.not-a-member-on-date',
    'A fund entry or award names a member who was not a member on its date (not yet joined, or already left).',
  ),
  rule('member.birth-date', 'The birth date is not plausible: a member must be of working age on joining.'),

  // Funds
  rule('fund.already-opened', 'A fund with this id was already opened in the fund book; choose another id.'),
  rule('fund.not-yet-open', 'The fund opened only after the date of the entry.'),
  rule('fund.entry-id-taken', 'An entry with this id is already in the fund book; send a new id or none.'),
  rule(
    'fund.overdrawn',
    'The entry would leave a fund below zero on some date: a fund never goes negative, on any date, including ' +
      'through a back-dated entry.',
  ),
  rule('fund.transfer-same-fund', 'A transfer needs two different funds.'),
  rule('fund.recipients-count', 'The number of recipients is not a whole number in the allowed range.'),
  rule(
    'fund.amount-each-required',
    'A payment to several recipients needs amountEach (recipients × amountEach = amount).',
  ),
  rule('fund.recipients-times-amount-each', 'recipients × amountEach does not equal the amount paid.'),
  rule('fund.correction-reason', 'A correction needs a reason saying what was wrong.'),
  rule(
    'fund.correction-not-correctable',
    'The entry named is itself a correction; correct the original entry instead.',
  ),
  rule('fund.entry-reversed', 'The entry named was already reversed; record a new entry instead.'),
  rule('fund.reversal-takes-no-delta', 'A reversal cancels the whole entry and takes no amountDelta.'),
  rule('fund.adjustment-delta', 'An adjustment needs a non-zero whole amountDelta within the allowed range.'),
  rule(
    'fund.adjustment-of-itemised-payment',
    'A payment itemised per recipient cannot be adjusted by a lump sum; reverse it and record it again.',
  ),
  rule('fund.adjustment-to-zero', 'The adjustment would leave the entry at zero or below; reverse it instead.'),
  rule('fund.period-date', 'A period date (closedThrough, reopenedFrom) is not a calendar date.'),
  rule(
    'fund.period-not-ended',
    'A period can be closed only once it has ended: closedThrough is after the closing date.',
  ),
  rule('fund.period-already-closed', 'The fund book is already closed through that date or a later one.'),
  rule(
    'fund.period-closed',
    'The entry is dated in a closed period (kết sổ); date a correction after it, or reopen the period with a reason.',
  ),
  rule('fund.period-not-closed', 'The date to reopen from is not in a closed period.'),
  rule(
    'fund.period-reopen-reason',
    'Reopening a closed period needs a reason: what must be recorded, on whose authority.',
  ),

  // Recognition
  rule('award.already-granted', 'An award with this id was already granted; give a new award its own id.'),
  rule('award.already-revoked', 'The award was already revoked.'),
  rule('award.year', 'An award is for the year it is granted in or the one before.'),
  rule('initiative.already-recognised', 'An initiative with this id was already recognised.'),
  rule(
    'initiative.union-outside-federation',
    'The union named did not belong to the initiative’s federation on its date.',
  ),

  // Workplace democracy
  rule('conference.year', 'A conference is for the year of its occurredOn.'),
  rule(
    'conference.kind-sector',
    'Civil-servant conferences are held only in public administration or public service units; record a workers conference.',
  ),
  rule('conference.already-held', 'The union already held this kind of conference for the year.'),
  rule('agreement.already-signed', 'An agreement with this id was already signed by the union; use a new id.'),
  rule('agreement.valid-from', 'validFrom is not a date, or is before the union was founded.'),
  rule('agreement.validity', 'validUntil is not a date after validFrom.'),

  // Emulation clusters and rankings
  rule('cluster.already-formed', 'The cluster was already formed for that year.'),
  rule('cluster.year', 'A cluster formed on a date is for that year, the one before or the one after.'),
  rule('cluster.year-not-formed', 'The cluster has not been formed for that year; form it first.'),
  rule('cluster.duplicate-federation', 'A federation is listed more than once in the cluster.'),
  rule('cluster.too-few-federations', 'A cluster needs at least 2 federations to compete.'),
  rule('cluster.federation-in-another-cluster', 'A federation competes in at most one cluster a year.'),
  rule('cluster.not-a-member', 'The federation named is not in the cluster for that year.'),
  rule('cluster.election-year', 'A leader is elected for the latest year the cluster was formed for, or the next.'),
  rule('cluster.leader-is-deputy', 'The leader and the deputy must be different federations.'),
  rule('cluster.leader-unchanged', 'The same leader and deputy are already elected for that year.'),
  rule('scoring-rule.weight', 'A weight names an unknown indicator, or is not a whole number in range.'),
  rule('scoring-rule.no-weight', 'A scoring rule needs at least one indicator weighing more than 0.'),
  rule('scoring-rule.tie-break', 'tieBreak lists an unknown indicator, or one twice.'),
  rule('scoring-rule.unchanged', 'The cluster already ranks that year by this very rule.'),
  rule('evaluation.already-recorded', 'The federation was already graded for that year.'),
  rule('evaluation.rank', 'The rank is not a whole number from 1 to the number of federations in the cluster.'),

  // Credentials
  rule('credential.name-invalid', 'An API key name must be 1 to 200 characters.'),
  rule('credential.roles-invalid', 'An API key must have at least one known role.'),
  rule('credential.federations-invalid', 'A federation id given for an API key is malformed.'),
  rule('credential.recorder-without-federations', 'A recorder key must name the federations it records for.'),
  rule(
    'credential.federations-without-recorder',
    'Federations scope a recorder only; give them only with the recorder role.',
  ),
  rule('credential.already-revoked', 'The API key was already revoked.'),
  rule('credential.last-admin', 'The last active admin key cannot be revoked; create another admin key first.'),

  // Projections (administration)
  rule('projection.rebuild-in-progress', 'The projection is already being rebuilt; wait for that rebuild to finish.'),
  rule('projection.rebuild-target-refused', 'The namespace asked for cannot be rebuilt into (it is live, or in use).'),
  rule('projection.namespace-live', 'The namespace is serving readers; switch the projection away before dropping it.'),
  rule(
    'projection.namespace-building',
    'The namespace is being built; wait for the rebuild to finish before deleting it.',
  ),
  rule(
    'projection.namespace-frozen',
    'An audit namespace was built up to a position and does not follow the log; it will never reach the position asked for.',
  ),
];

export const RULE_IDS: readonly string[] = RULE_CATALOGUE.map((entry) => entry.id);

/** The catalogue as a Markdown table, for the README (between its rule-catalogue markers). */
export function ruleCatalogueMarkdown(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| rule | status | meaning |',
    '| --- | --- | --- |',
    ...RULE_CATALOGUE.map((entry) => `| \`${entry.id}\` | ${entry.status} | ${escape(entry.meaning)} |`),
  ].join('\n');
}
