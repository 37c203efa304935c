import { wholeDong } from './dong-amounts';
import { isCalendarDate, previousDay } from './verification-dates';

/**
 * The independent fund ledger (sổ kế toán kép): every fund book event re-read from the log on its own terms
 * and posted as balanced double entries. It shares nothing with the funds read model nor with the write side
 * (not even a helper): it reads the raw event data, checks it, and keeps its own accounts.
 *
 * Accounts, per federation:
 * - `fund:<fundId>` — what a fund holds (an asset: debit balance);
 * - `source:<kind>` — who gave the money (member, union, organisation…; credit balance);
 * - `purpose:<purpose>` — what support was paid for (Tết gifts, hardship…; debit balance).
 * A contribution debits the fund and credits its source; a payment credits the fund and debits its purpose;
 * a transfer debits the receiving fund and credits the giving one; a correction posts the same accounts as the
 * entry it corrects, by its signed change (a reversal posts the entry's remaining amount back), and names it.
 * Debits are positive, credits negative: every journal entry sums to zero, so every trial balance does.
 */

/** What the verifier needs of a stored event; the event store's events have this shape. */
export interface VerifiableEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { occurredOn: string; recordedAt: string; actor: string; reason?: string };
}

export const FUND_BOOK_EVENT_TYPES: ReadonlySet<string> = new Set([
  'FundOpened',
  'ContributionReceived',
  'SupportPaid',
  'FundTransferred',
  'EntryCorrected',
  'PeriodClosed',
  'PeriodReopened',
  'FundHandedOver',
  'FundTakenOver',
]);

const FUND_BOOK_STREAM = 'fundbook-';

/** The source and purpose under which a merge's fund handover posts (money leaving or joining a book). */
export const HANDOVER = 'handover';

/** Where an event sits in the log, and who recorded it: what an inspector looks up. */
export interface EventRef {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  occurredOn: string;
  recordedAt: string;
  recordedBy: string;
}

export type EntryKind = 'contribution' | 'payment' | 'transfer';

export interface Posting {
  account: string;
  /** Whole đồng: debit positive, credit negative. */
  amount: bigint;
}

/** One balanced journal entry: a contribution, payment, transfer or correction. */
export interface JournalEntry {
  federationId: string;
  entryId: string;
  kind: EntryKind | 'correction';
  /** What the postings move: the entry's own kind, or the kind of the entry a correction corrects. */
  basis: EntryKind;
  occurredOn: string;
  /** Signed amount posted: the entry's amount, or a correction's change to the corrected entry's amount. */
  amount: bigint;
  fromFundId: string | null;
  toFundId: string | null;
  /** Source kind of a contribution, purpose of a payment (and of their corrections); null for transfers. */
  category: string | null;
  /** Recipients reached (a payment), lost (a reversed payment), or 0. */
  recipients: number;
  amountEach: bigint | null;
  counterparty: { kind: string; id: string | null; name: string | null } | null;
  correctsEntryId: string | null;
  correction: 'reversal' | 'adjustment' | null;
  /** The reason written in the event (corrections), else the one in its metadata, if any. */
  reason: string | null;
  postings: Posting[];
  event: EventRef;
}

export interface FundAccount {
  fundId: string;
  kind: string;
  name: string;
  openedOn: string;
  event: EventRef;
}

/** A closing (kết sổ) or an explicit reopening of the fund book. */
export interface PeriodChange {
  change: 'closed' | 'reopened';
  /** Closed through this date, or reopened from it. */
  date: string;
  reason: string | null;
  event: EventRef;
}

/** Something in the events themselves that the write side's rules should never have let through. */
export interface Finding {
  rule: string;
  message: string;
  federationId: string;
  entryId: string | null;
  event: EventRef;
}

/** One federation's fund book, re-read from its events. */
export interface FundBookLedger {
  federationId: string;
  funds: Map<string, FundAccount>;
  /** In log order. */
  journal: JournalEntry[];
  periods: PeriodChange[];
  /** The last closed date after the last event read; null when nothing is closed. */
  closedThrough: string | null;
  findings: Finding[];
  /** Fund book events read (including those that moved no money). */
  eventsRead: number;
  /** Position of the last event read. */
  lastPosition: number;
}

export const fundAccount = (fundId: string) => `fund:${fundId}`;
export const sourceAccount = (kind: string) => `source:${kind}`;
export const purposeAccount = (purpose: string) => `purpose:${purpose}`;

export interface LedgerOptions {
  /** Only this federation's book. */
  federationId?: string;
  /** Only events at or before this log position: the books as they were known then. */
  knownAt?: number;
}

/**
 * Re-reads the fund books from events in log order (the global log, or one book's stream) and posts them.
 * Non-fund events are skipped, so the whole log can be passed as it is read.
 */
export async function fundLedgersFrom(
  events: AsyncIterable<VerifiableEvent> | Iterable<VerifiableEvent>,
  options: LedgerOptions = {},
): Promise<Map<string, FundBookLedger>> {
  const books = new Map<string, LedgerBuilder>();
  for await (const event of events) {
    if (options.knownAt !== undefined && event.position > options.knownAt) break;
    if (!FUND_BOOK_EVENT_TYPES.has(event.type)) continue;
    const federationId = federationOf(event);
    if (options.federationId !== undefined && federationId !== options.federationId) continue;
    let book = books.get(federationId);
    if (!book) {
      book = new LedgerBuilder(federationId);
      books.set(federationId, book);
    }
    book.post(event);
  }
  return new Map([...books].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, book]) => [id, book.finish()]));
}

/** The ledger of a federation whose log holds no fund book event. */
export function emptyLedger(federationId: string): FundBookLedger {
  return {
    federationId,
    funds: new Map(),
    journal: [],
    periods: [],
    closedThrough: null,
    findings: [],
    eventsRead: 0,
    lastPosition: 0,
  };
}

/** The book an event belongs to: its stream says so (`fundbook-<federationId>`), else its data. */
function federationOf(event: VerifiableEvent): string {
  if (event.streamId.startsWith(FUND_BOOK_STREAM)) return event.streamId.slice(FUND_BOOK_STREAM.length);
  return typeof event.data.federationId === 'string' ? event.data.federationId : `(stream ${event.streamId})`;
}

/** A contribution, payment or transfer as it stands after the corrections read so far. */
interface EntryState {
  entry: JournalEntry;
  amount: bigint;
  reversed: boolean;
}

class LedgerBuilder {
  private readonly funds = new Map<string, FundAccount>();
  private readonly journal: JournalEntry[] = [];
  private readonly periods: PeriodChange[] = [];
  private readonly findings: Finding[] = [];
  private readonly entries = new Map<string, EntryState>();
  private readonly correctionIds = new Set<string>();
  private closedThrough: string | null = null;
  private eventsRead = 0;
  private lastPosition = 0;

  constructor(private readonly federationId: string) {}

  post(event: VerifiableEvent): void {
    this.eventsRead += 1;
    this.lastPosition = event.position;
    const d = event.data;
    const occurredOn = isCalendarDate(d.occurredOn) ? d.occurredOn : event.metadata.occurredOn;
    const ref: EventRef = {
      eventId: event.id,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      type: event.type,
      occurredOn,
      recordedAt: event.metadata.recordedAt,
      recordedBy: event.metadata.actor,
    };
    const entryId = typeof d.entryId === 'string' ? d.entryId : null;
    const flag = (rule: string, message: string): void => {
      this.findings.push({ rule, message, federationId: this.federationId, entryId, event: ref });
    };

    if (!isCalendarDate(occurredOn)) return flag('verify.malformed-event', 'the event has no valid business date');
    if (d.occurredOn !== event.metadata.occurredOn) {
      flag(
        'verify.date-mismatch',
        `the event's data says it happened on ${String(d.occurredOn)}, its metadata on ${event.metadata.occurredOn}`,
      );
    }
    if (event.streamId !== `${FUND_BOOK_STREAM}${this.federationId}` || d.federationId !== this.federationId) {
      flag(
        'verify.wrong-book',
        `a ${event.type} of federation '${String(d.federationId)}' is stored in stream '${event.streamId}'`,
      );
    }

    switch (event.type) {
      case 'PeriodClosed': {
        if (!isCalendarDate(d.closedThrough)) return flag('verify.malformed-event', 'closedThrough is not a date');
        if (this.closedThrough !== null && d.closedThrough <= this.closedThrough) {
          flag(
            'verify.period-closed-twice',
            `the book was already closed through ${this.closedThrough} when it was closed through ${d.closedThrough}`,
          );
        }
        this.closedThrough = d.closedThrough;
        this.periods.push({
          change: 'closed',
          date: d.closedThrough,
          reason: event.metadata.reason ?? null,
          event: ref,
        });
        return;
      }
      case 'PeriodReopened': {
        if (!isCalendarDate(d.reopenedFrom)) return flag('verify.malformed-event', 'reopenedFrom is not a date');
        const reason = typeof d.reason === 'string' ? d.reason : '';
        if (reason.trim() === '') flag('verify.reopened-without-reason', 'the book was reopened without a reason');
        if (this.closedThrough === null || d.reopenedFrom > this.closedThrough) {
          flag('verify.reopened-open-period', `the book was reopened from ${d.reopenedFrom}, which was not closed`);
        }
        this.closedThrough = previousDay(d.reopenedFrom);
        this.periods.push({ change: 'reopened', date: d.reopenedFrom, reason, event: ref });
        return;
      }
    }

    if (this.closedThrough !== null && occurredOn <= this.closedThrough) {
      flag(
        'verify.entry-in-closed-period',
        `a ${event.type} dated ${occurredOn} was recorded while the book was closed through ${this.closedThrough}`,
      );
    }

    // A takeover opens the fund in the absorbing book when it had none of that id.
    if (event.type === 'FundTakenOver' && typeof d.fundId === 'string' && !this.funds.has(d.fundId)) {
      this.funds.set(d.fundId, {
        fundId: d.fundId,
        kind: String(d.kind),
        name: String(d.name),
        openedOn: occurredOn,
        event: ref,
      });
    }

    if (event.type === 'FundOpened') {
      const fundId = d.fundId;
      if (typeof fundId !== 'string') return flag('verify.malformed-event', 'fundId is missing');
      if (this.funds.has(fundId)) return flag('verify.fund-opened-twice', `fund '${fundId}' was opened twice`);
      this.funds.set(fundId, {
        fundId,
        kind: String(d.kind),
        name: String(d.name),
        openedOn: occurredOn,
        event: ref,
      });
      return;
    }

    if (entryId === null) return flag('verify.malformed-event', 'entryId is missing');
    if (this.entries.has(entryId) || this.correctionIds.has(entryId)) {
      flag('verify.entry-id-reused', `entry id '${entryId}' was used by an earlier entry of the book`);
    }
    const base = {
      federationId: this.federationId,
      entryId,
      occurredOn,
      recipients: 0,
      amountEach: null,
      counterparty: null,
      correctsEntryId: null,
      correction: null,
      reason: event.metadata.reason ?? null,
      event: ref,
    } satisfies Partial<JournalEntry>;

    switch (event.type) {
      case 'ContributionReceived': {
        const amount = this.positiveAmount(d.amount, flag);
        const fundId = this.fundFor(d.fundId, occurredOn, flag);
        const source = asParty(d.source);
        if (amount === null || fundId === null) return;
        if (!source) return flag('verify.malformed-event', 'the contribution has no source');
        return this.record({
          ...base,
          kind: 'contribution',
          basis: 'contribution',
          amount,
          fromFundId: null,
          toFundId: fundId,
          category: source.kind,
          counterparty: source,
          postings: postingsOf('contribution', amount, null, fundId, source.kind),
        });
      }
      case 'SupportPaid': {
        const amount = this.positiveAmount(d.amount, flag);
        const fundId = this.fundFor(d.fundId, occurredOn, flag);
        const recipient = asParty(d.recipient);
        const purpose = d.purpose;
        if (amount === null || fundId === null) return;
        if (!recipient || typeof purpose !== 'string') {
          return flag('verify.malformed-event', 'the payment has no recipient or purpose');
        }
        const recipients = d.recipients;
        const amountEach = d.amountEach === null ? null : wholeDong(d.amountEach);
        if (typeof recipients !== 'number' || !Number.isSafeInteger(recipients) || recipients < 1) {
          return flag('verify.malformed-event', `recipients is not a whole number of people: ${String(recipients)}`);
        }
        if (amountEach === null ? recipients !== 1 : BigInt(recipients) * amountEach !== amount) {
          flag(
            'verify.recipients-times-amount-each',
            `${recipients} recipients × ${String(d.amountEach)} đ does not make the amount ${amount} đ`,
          );
        }
        return this.record({
          ...base,
          kind: 'payment',
          basis: 'payment',
          amount,
          fromFundId: fundId,
          toFundId: null,
          category: purpose,
          recipients,
          amountEach,
          counterparty: recipient,
          postings: postingsOf('payment', amount, fundId, null, purpose),
        });
      }
      case 'FundTransferred': {
        const amount = this.positiveAmount(d.amount, flag);
        const fromFundId = this.fundFor(d.fromFundId, occurredOn, flag);
        const toFundId = this.fundFor(d.toFundId, occurredOn, flag);
        if (amount === null || fromFundId === null || toFundId === null) return;
        if (fromFundId === toFundId)
          flag('verify.transfer-same-fund', `a transfer from fund '${fromFundId}' to itself`);
        return this.record({
          ...base,
          kind: 'transfer',
          basis: 'transfer',
          amount,
          fromFundId,
          toFundId,
          category: null,
          postings: postingsOf('transfer', amount, fromFundId, toFundId, null),
        });
      }
      // A merge's handover posts like money given to (or received from) the other federation, under `handover`.
      case 'FundHandedOver':
      case 'FundTakenOver': {
        const amount = this.positiveAmount(d.amount, flag);
        const fundId = this.fundFor(d.fundId, occurredOn, flag);
        const other = event.type === 'FundHandedOver' ? d.toFederationId : d.fromFederationId;
        if (amount === null || fundId === null) return;
        if (typeof other !== 'string') return flag('verify.malformed-event', 'the handover names no other federation');
        const kind = event.type === 'FundHandedOver' ? 'payment' : 'contribution';
        return this.record({
          ...base,
          kind,
          basis: kind,
          amount,
          fromFundId: kind === 'payment' ? fundId : null,
          toFundId: kind === 'contribution' ? fundId : null,
          category: HANDOVER,
          counterparty: { kind: 'federation', id: other, name: null },
          postings: postingsOf(kind, amount, fundId, fundId, HANDOVER),
        });
      }
      case 'EntryCorrected':
        return this.correct(event, base, flag);
      default:
        return;
    }
  }

  private correct(
    event: VerifiableEvent,
    base: Omit<JournalEntry, 'kind' | 'basis' | 'amount' | 'fromFundId' | 'toFundId' | 'category' | 'postings'>,
    flag: (rule: string, message: string) => void,
  ): void {
    const d = event.data;
    const delta = wholeDong(d.amountDelta);
    const kind = d.kind;
    const reason = typeof d.reason === 'string' ? d.reason : null;
    if (delta === null || delta === 0n || (kind !== 'reversal' && kind !== 'adjustment')) {
      return flag('verify.malformed-event', 'the correction has no kind or no whole, non-zero amountDelta');
    }
    if (reason === null || reason.trim() === '')
      flag('verify.correction-without-reason', 'a correction without a reason');
    this.correctionIds.add(base.entryId);
    const correctsEntryId = String(d.correctsEntryId);
    const target = this.entries.get(correctsEntryId);
    if (!target) {
      // The read model would still post it from the correction's own description; the verifier does not.
      return flag(
        'verify.unknown-corrected-entry',
        this.correctionIds.has(correctsEntryId)
          ? `the correction corrects '${correctsEntryId}', which is itself a correction`
          : `the correction corrects '${correctsEntryId}', which the book does not hold`,
      );
    }
    const original = target.entry;
    if (target.reversed) flag('verify.entry-already-reversed', `entry '${original.entryId}' was already reversed`);
    if (base.occurredOn < original.occurredOn) {
      flag(
        'verify.correction-before-entry',
        `the correction is dated ${base.occurredOn}, before the entry it corrects (${original.occurredOn})`,
      );
    }
    if (kind === 'reversal' && delta !== -target.amount) {
      flag(
        'verify.reversal-amount',
        `the reversal changes '${original.entryId}' by ${delta} đ, but ${target.amount} đ of it remained`,
      );
    }
    if (kind === 'adjustment' && target.amount + delta <= 0n) {
      flag('verify.adjustment-amount', `the adjustment leaves '${original.entryId}' at ${target.amount + delta} đ`);
    }
    const recipients = kind === 'reversal' ? -original.recipients : 0;
    // The correction describes what it corrects; the description must match the entry as the log holds it.
    const corrects = d.corrects as Record<string, unknown> | undefined;
    const described = {
      kind: corrects?.kind,
      fromFundId: corrects?.fromFundId,
      toFundId: corrects?.toFundId,
      category: corrects?.category,
      recipientsDelta: corrects?.recipientsDelta,
      fundId: d.fundId,
    };
    const actual = {
      kind: original.basis,
      fromFundId: original.fromFundId,
      toFundId: original.toFundId,
      category: original.category,
      recipientsDelta: recipients,
      fundId: original.fromFundId ?? original.toFundId,
    };
    const wrong = Object.keys(actual).filter(
      (key) => described[key as keyof typeof described] !== actual[key as keyof typeof actual],
    );
    if (wrong.length > 0) {
      flag(
        'verify.correction-misdescribes-entry',
        `the correction describes '${original.entryId}' with a different ${wrong.join(', ')} than the entry has`,
      );
    }
    target.amount += delta;
    target.reversed ||= kind === 'reversal';
    this.record({
      ...base,
      kind: 'correction',
      basis: original.basis,
      amount: delta,
      fromFundId: original.fromFundId,
      toFundId: original.toFundId,
      category: original.category,
      recipients,
      amountEach: original.amountEach,
      counterparty: original.counterparty,
      correctsEntryId: original.entryId,
      correction: kind,
      reason,
      postings: postingsOf(original.basis, delta, original.fromFundId, original.toFundId, original.category),
    });
  }

  private record(entry: JournalEntry): void {
    let total = 0n;
    for (const posting of entry.postings) total += posting.amount;
    if (total !== 0n) {
      this.findings.push({
        rule: 'verify.unbalanced-entry',
        message: `the postings of entry '${entry.entryId}' sum to ${total} đ`,
        federationId: this.federationId,
        entryId: entry.entryId,
        event: entry.event,
      });
    }
    this.journal.push(entry);
    if (entry.kind !== 'correction') this.entries.set(entry.entryId, { entry, amount: entry.amount, reversed: false });
  }

  private positiveAmount(value: unknown, flag: (rule: string, message: string) => void): bigint | null {
    const amount = wholeDong(value);
    if (amount === null || amount <= 0n) {
      flag('verify.malformed-event', `the amount ${String(value)} is not a positive whole number of đồng`);
      return null;
    }
    return amount;
  }

  /** The fund an entry names; it must have been opened, on or before the entry's date. */
  private fundFor(value: unknown, date: string, flag: (rule: string, message: string) => void): string | null {
    if (typeof value !== 'string') {
      flag('verify.malformed-event', 'the entry names no fund');
      return null;
    }
    const fund = this.funds.get(value);
    if (!fund) flag('verify.unknown-fund', `the entry names fund '${value}', which was never opened in this book`);
    else if (date < fund.openedOn) {
      flag('verify.fund-not-yet-open', `the entry is dated ${date}, before fund '${value}' opened (${fund.openedOn})`);
    }
    return value;
  }

  finish(): FundBookLedger {
    this.checkNeverOverdrawn();
    return {
      federationId: this.federationId,
      funds: this.funds,
      journal: this.journal,
      periods: this.periods,
      closedThrough: this.closedThrough,
      findings: this.findings,
      eventsRead: this.eventsRead,
      lastPosition: this.lastPosition,
    };
  }

  /** No fund account may stand below zero at the end of any business date. */
  private checkNeverOverdrawn(): void {
    const byFund = new Map<string, Record<string, bigint>>();
    for (const entry of this.journal) {
      for (const { account, amount } of entry.postings) {
        if (!account.startsWith('fund:')) continue;
        const days = byFund.get(account) ?? {};
        byFund.set(account, days);
        days[entry.occurredOn] = (days[entry.occurredOn] ?? 0n) + amount;
      }
    }
    for (const [account, days] of byFund) {
      let balance = 0n;
      for (const date of Object.keys(days).sort()) {
        balance += days[date];
        if (balance < 0n) {
          const last = this.journal.findLast(
            (e) => e.occurredOn === date && e.postings.some((p) => p.account === account && p.amount < 0n),
          )!;
          this.findings.push({
            rule: 'verify.fund-overdrawn',
            message: `${account} stands at ${balance} đ at the end of ${date}`,
            federationId: this.federationId,
            entryId: last.entryId,
            event: last.event,
          });
          break;
        }
      }
    }
  }
}

/** The balanced postings of moving `amount` (signed) as an entry of this kind moves money. */
function postingsOf(
  kind: EntryKind,
  amount: bigint,
  fromFundId: string | null,
  toFundId: string | null,
  category: string | null,
): Posting[] {
  switch (kind) {
    case 'contribution':
      return [
        { account: fundAccount(toFundId!), amount },
        { account: sourceAccount(category!), amount: -amount },
      ];
    case 'payment':
      return [
        { account: purposeAccount(category!), amount },
        { account: fundAccount(fromFundId!), amount: -amount },
      ];
    case 'transfer':
      return [
        { account: fundAccount(toFundId!), amount },
        { account: fundAccount(fromFundId!), amount: -amount },
      ];
  }
}

function asParty(value: unknown): JournalEntry['counterparty'] {
  if (value === null || typeof value !== 'object') return null;
  const party = value as Record<string, unknown>;
  if (typeof party.kind !== 'string') return null;
  return {
    kind: party.kind,
    id: typeof party.id === 'string' ? party.id : null,
    name: typeof party.name === 'string' ? party.name : null,
  };
}
