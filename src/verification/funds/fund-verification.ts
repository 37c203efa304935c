import {
  conservation,
  type Conservation,
  type DateWindow,
  trialBalance,
  type TrialBalance,
  verifiedFunds,
  type VerifiedFund,
  verifiedTotals,
  type VerifiedTotals,
} from './fund-figures';
import { type Finding, type FundBookLedger, fundLedgersFrom, type VerifiableEvent } from './fund-ledger';
import { ALL_DATES, isCalendarDate } from './verification-dates';

/** What to recompute: figures as of a date, and optionally the flows of a period. */
export interface VerificationQuery {
  /** Figures at the end of this business date; every date when absent. */
  asOf?: string;
  /** First day of a period whose flows are wanted (included). */
  from?: string;
  /** Last day of that period (included); `asOf` stands for it when absent. */
  to?: string;
}

/** A query with its dates resolved and checked. */
export interface ResolvedQuery {
  asOf: string;
  period: { from: string; to: string } | null;
}

export function resolveQuery(query: VerificationQuery): ResolvedQuery {
  for (const name of ['asOf', 'from', 'to'] as const) {
    const value = query[name];
    if (value !== undefined && !isCalendarDate(value)) {
      throw new RangeError(`${name} must be a calendar date written YYYY-MM-DD, got '${String(value)}'`);
    }
  }
  const asOf = query.asOf ?? ALL_DATES;
  if (query.from === undefined) {
    if (query.to !== undefined) throw new RangeError('to needs from: a period has a first day');
    return { asOf, period: null };
  }
  const to = query.to ?? asOf;
  if (query.from > to) throw new RangeError(`the period starts on ${query.from}, after its last day ${to}`);
  return { asOf, period: { from: query.from, to } };
}

/** One federation's fund book, recomputed from its events alone. */
export interface BookVerification {
  federationId: string;
  eventsRead: number;
  lastPosition: number;
  /** The last closed date (kết sổ) after the events read; null when no period is closed. */
  closedThrough: string | null;
  /** As of `asOf`: each fund open then, its balance and its flows since it was opened. */
  funds: VerifiedFund[];
  totals: VerifiedTotals;
  /** The period's flows, when one was asked for. */
  period: { from: string; to: string; funds: VerifiedFund[]; totals: VerifiedTotals } | null;
  trialBalance: TrialBalance;
  conservation: Conservation;
  /** What the events themselves break (none in a sound log). */
  findings: Finding[];
}

export function verifyBook(book: FundBookLedger, query: ResolvedQuery): BookVerification {
  const cumulative: DateWindow = { from: null, to: query.asOf };
  const funds = verifiedFunds(book, cumulative);
  const balance = trialBalance(book, query.asOf);
  const period = query.period;
  const periodFunds = period ? verifiedFunds(book, period) : null;
  return {
    federationId: book.federationId,
    eventsRead: book.eventsRead,
    lastPosition: book.lastPosition,
    closedThrough: book.closedThrough,
    funds,
    totals: verifiedTotals(book.federationId, funds),
    period:
      period && periodFunds
        ? { ...period, funds: periodFunds, totals: verifiedTotals(book.federationId, periodFunds) }
        : null,
    trialBalance: balance,
    conservation: conservation(balance),
    findings: book.findings,
  };
}

/** The whole verification from events alone: every fund book (or one), without any read model. */
export interface FundsVerification {
  asOf: string | null;
  from: string | null;
  to: string | null;
  /** The log position verified through (the last event read when not limited). */
  knownAt: number | null;
  eventsRead: number;
  books: BookVerification[];
  /** Over every book: debits and credits, and their difference, which must be zero. */
  trialBalance: { totalDebit: bigint; totalCredit: bigint; total: bigint };
  findings: Finding[];
  /** Every trial balance is zero, conservation holds and the events break no rule. */
  sound: boolean;
}

export async function verifyFundEvents(
  events: AsyncIterable<VerifiableEvent> | Iterable<VerifiableEvent>,
  query: VerificationQuery & { knownAt?: number; federationId?: string } = {},
): Promise<FundsVerification> {
  const resolved = resolveQuery(query);
  const ledgers = await fundLedgersFrom(events, { knownAt: query.knownAt, federationId: query.federationId });
  const books = [...ledgers.values()].map((book) => verifyBook(book, resolved));
  return summarise(books, resolved, query.knownAt ?? null);
}

export function summarise(books: BookVerification[], query: ResolvedQuery, knownAt: number | null): FundsVerification {
  let totalDebit = 0n;
  let totalCredit = 0n;
  for (const book of books) {
    totalDebit += book.trialBalance.totalDebit;
    totalCredit += book.trialBalance.totalCredit;
  }
  const findings = books.flatMap((book) => book.findings);
  return {
    asOf: query.asOf === ALL_DATES ? null : query.asOf,
    from: query.period?.from ?? null,
    to: query.period?.to ?? null,
    knownAt,
    eventsRead: books.reduce((sum, book) => sum + book.eventsRead, 0),
    books,
    trialBalance: { totalDebit, totalCredit, total: totalDebit - totalCredit },
    findings,
    sound:
      findings.length === 0 &&
      totalDebit === totalCredit &&
      books.every((book) => book.trialBalance.total === 0n && book.conservation.holds),
  };
}
