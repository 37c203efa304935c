import type { FundBookLedger, JournalEntry } from './fund-ledger';

/**
 * The trail of one fund entry for an inspector: the entry as first recorded, then every correction of it in
 * the order they were recorded — who recorded each, when, why, and what the entry amounted to after it.
 * Nothing is ever edited: the trail is read from the events, and `knownBefore` is the log position to ask the
 * read models about (`knownAt`) to see the figures as they stood just before that correction.
 */

export interface TrailStep {
  entryId: string;
  /** `contribution`, `payment`, `transfer` for the original; `reversal` or `adjustment` for a correction. */
  kind: string;
  occurredOn: string;
  /** The original's amount, or the correction's signed change to it. */
  amount: bigint;
  /** What the entry amounted to once this step was recorded. */
  amountAfter: bigint;
  reason: string | null;
  recordedBy: string;
  recordedAt: string;
  eventId: string;
  type: string;
  position: number;
  /** Pass as `knownAt` to read the figures as they were just before this step. */
  knownBefore: number;
}

export interface EntryTrail {
  federationId: string;
  /** The contribution, payment or transfer the trail is about. */
  entryId: string;
  /** The id asked about: the entry's own, or one of its corrections'. */
  requested: string;
  kind: JournalEntry['basis'];
  fromFundId: string | null;
  toFundId: string | null;
  /** The source kind of a contribution or the purpose of a payment. */
  category: string | null;
  counterparty: JournalEntry['counterparty'];
  recipients: number;
  amountEach: bigint | null;
  original: TrailStep;
  corrections: TrailStep[];
  /** The amount after every correction recorded so far (0 once reversed). */
  amountNow: bigint;
  reversed: boolean;
}

/** The trail of an entry, asked for by its id or by the id of one of its corrections; null when unknown. */
export function entryTrail(book: FundBookLedger, requested: string): EntryTrail | null {
  const asked = book.journal.find((entry) => entry.entryId === requested);
  if (!asked) return null;
  const entryId = asked.kind === 'correction' ? asked.correctsEntryId! : asked.entryId;
  const original = book.journal.find((entry) => entry.entryId === entryId && entry.kind !== 'correction');
  if (!original) return null;

  let amount = original.amount;
  let reversed = false;
  const corrections = book.journal
    .filter((entry) => entry.kind === 'correction' && entry.correctsEntryId === entryId)
    .map((correction) => {
      amount += correction.amount;
      reversed ||= correction.correction === 'reversal';
      return step(correction, correction.correction!, amount);
    });
  return {
    federationId: book.federationId,
    entryId,
    requested,
    kind: original.basis,
    fromFundId: original.fromFundId,
    toFundId: original.toFundId,
    category: original.category,
    counterparty: original.counterparty,
    recipients: original.recipients,
    amountEach: original.amountEach,
    original: step(original, original.kind, original.amount),
    corrections,
    amountNow: amount,
    reversed,
  };
}

function step(entry: JournalEntry, kind: string, amountAfter: bigint): TrailStep {
  return {
    entryId: entry.entryId,
    kind,
    occurredOn: entry.occurredOn,
    amount: entry.amount,
    amountAfter,
    reason: entry.reason,
    recordedBy: entry.event.recordedBy,
    recordedAt: entry.event.recordedAt,
    eventId: entry.event.eventId,
    type: entry.event.type,
    position: entry.event.position,
    knownBefore: entry.event.position - 1,
  };
}
