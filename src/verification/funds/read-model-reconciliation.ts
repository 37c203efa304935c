import type { FundFlows, FundPeriodFigures, FundTransfers } from '../../funds/fund-flows';
import {
  type DateWindow,
  entriesOnFund,
  inflowOf,
  ledgerLineKey,
  outflowOf,
  publishedFlows,
  verifiedLedgerLines,
  type VerifiedFund,
} from './fund-figures';
import type { FundBookLedger, JournalEntry, Posting } from './fund-ledger';
import type { BookVerification } from './fund-verification';
import { previousDay } from './verification-dates';

/**
 * Reconciliation (đối chiếu) of the recomputed figures with what the funds read model answers, fund by fund and
 * figure by figure. The read model is known here only by its published figures (what its queries return), whose
 * shape is defined once in `src/funds/fund-flows.ts` (a type, no code): its inflow and outflow include transfers
 * between the federation's funds, keyed `transfer` among sources and purposes; its federation totals leave those
 * transfers out.
 */

/** A fund's figures as of a date, as the read model answers them. */
export interface ReadModelFund extends FundFlows, FundTransfers {
  fundId: string;
}

/** A fund's flows over a period, as the read model answers them. */
export type ReadModelPeriod = FundPeriodFigures;

/** The federation's totals, as the read model answers them. */
export type ReadModelTotals = FundFlows;

export interface ReadModelLedgerLine {
  fundId: string;
  entryId: string;
  occurredOn: string;
  /** Effect on the fund's balance: positive in, negative out. */
  amount: number;
}

/** What the read model says about one federation, read at the same log position the verifier read to. */
export interface ReadModelBook {
  federationId: string;
  /** The funds open on `asOf`, with their figures. */
  funds: ReadModelFund[];
  totals: ReadModelTotals;
  /** For each verified fund, its flows over the period (null: the read model has no such fund then). */
  period: Map<string, ReadModelPeriod | null> | null;
  /** Every ledger line dated up to `asOf`, of every fund. */
  ledger: ReadModelLedgerLine[] | null;
}

/** One event behind a figure that differs: where to look in the log. */
export interface EventBehind {
  entryId: string;
  kind: JournalEntry['kind'];
  correctsEntryId: string | null;
  fundId: string | null;
  occurredOn: string;
  /** Its effect on the fund's balance (or on the federation's totals), whole đồng. */
  amount: bigint;
  eventId: string;
  type: string;
  position: number;
  recordedBy: string;
}

export type DifferenceScope = 'fund' | 'as-of' | 'period' | 'federation-totals' | 'ledger-line';

export interface Difference {
  federationId: string;
  /** Null for the federation's totals. */
  fundId: string | null;
  scope: DifferenceScope;
  /** `balance`, `inflowBySource.union`, `outflowByPurpose.tet-gifts`, a ledger line `<date>:<entryId>`… */
  figure: string;
  /** Recomputed from the events; null when the events have no such fund or line. */
  verified: bigint | null;
  /** What the read model says; null when it has no such fund or line, or not a whole number. */
  readModel: bigint | null;
  /** Read model minus verified, whole đồng (people for `recipients`): what the read model has too much. */
  difference: bigint;
  note: string | null;
  /** The entries behind the verified figure, in log order (at most `MAX_EVENTS_BEHIND` of them). */
  events: EventBehind[];
  /** How many entries are behind it in all. */
  eventsBehind: number;
}

export const MAX_EVENTS_BEHIND = 50;

/** Which postings make up a figure; every posting on the fund for a balance. */
type Relevance = (entry: JournalEntry, posting: Posting, fundId: string) => boolean;

const counterOf = (entry: JournalEntry, posting: Posting) => entry.postings.find((p) => p !== posting)?.account ?? '';
const isSource = (entry: JournalEntry, posting: Posting) => counterOf(entry, posting).startsWith('source:');
const isPurpose = (entry: JournalEntry, posting: Posting) => counterOf(entry, posting).startsWith('purpose:');
const isTransferIn: Relevance = (entry, posting, fundId) =>
  counterOf(entry, posting).startsWith('fund:') && entry.toFundId === fundId;
const isTransferOut: Relevance = (entry, posting, fundId) =>
  counterOf(entry, posting).startsWith('fund:') && entry.fromFundId === fundId;

function relevanceOf(figure: string): Relevance {
  const [name, key] = figure.split('.', 2);
  switch (name) {
    case 'inflow':
      return (e, p, f) => isSource(e, p) || isTransferIn(e, p, f);
    case 'outflow':
      return (e, p, f) => isPurpose(e, p) || isTransferOut(e, p, f);
    case 'supportPaid':
    case 'recipients':
      return isPurpose;
    case 'transfersIn':
      return isTransferIn;
    case 'transfersOut':
      return isTransferOut;
    case 'inflowBySource':
      return key === 'transfer' ? isTransferIn : (e, p) => counterOf(e, p) === `source:${key}`;
    case 'outflowByPurpose':
      return key === 'transfer' ? isTransferOut : (e, p) => counterOf(e, p) === `purpose:${key}`;
    default:
      return () => true;
  }
}

/** The read model's published figures, computed from the verifier's own (so the two can be set side by side). */
function asPublished(fund: VerifiedFund, balances: 'cumulative' | 'period'): Map<string, bigint> {
  const figures = new Map<string, bigint>(
    balances === 'cumulative'
      ? [['balance', fund.closingBalance]]
      : [
          ['openingBalance', fund.openingBalance],
          ['closingBalance', fund.closingBalance],
        ],
  );
  for (const [name, value] of Object.entries(publishedFlows(fund))) {
    if (typeof value === 'bigint') figures.set(name, value);
    else
      for (const [key, amount] of Object.entries(value as Record<string, bigint>))
        figures.set(`${name}.${key}`, amount);
  }
  return figures;
}

/** The read model's answer as figures; a value that is not a whole number is kept aside with a note. */
function readFigures(source: object): Map<string, number> {
  const figures = new Map<string, number>();
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'number') figures.set(name, value);
    else if (
      value !== null &&
      typeof value === 'object' &&
      (name === 'inflowBySource' || name === 'outflowByPurpose')
    ) {
      for (const [key, amount] of Object.entries(value as Record<string, unknown>)) {
        figures.set(`${name}.${key}`, typeof amount === 'number' ? amount : Number.NaN);
      }
    }
  }
  return figures;
}

function asWhole(value: number | undefined): bigint | null {
  return value !== undefined && Number.isSafeInteger(value) ? BigInt(value) : null;
}

interface Context {
  book: FundBookLedger;
  federationId: string;
}

function eventsBehind(
  { book }: Context,
  fundId: string | null,
  figure: string,
  window: DateWindow,
): { events: EventBehind[]; eventsBehind: number } {
  const relevant = relevanceOf(figure);
  const fundIds = fundId !== null ? [fundId] : [...book.funds.keys()];
  const found = fundIds.flatMap((id) =>
    entriesOnFund(book, id, window, (entry, posting) =>
      // Federation totals leave transfers between its funds out.
      fundId === null && counterOf(entry, posting).startsWith('fund:') ? false : relevant(entry, posting, id),
    ).map(({ entry, amount }) => ({ entry, amount, fundId: id })),
  );
  found.sort((a, b) => a.entry.event.position - b.entry.event.position);
  return {
    events: found.slice(0, MAX_EVENTS_BEHIND).map(({ entry, amount, fundId: id }) => behind(entry, amount, id)),
    eventsBehind: found.length,
  };
}

function behind(entry: JournalEntry, amount: bigint, fundId: string | null): EventBehind {
  return {
    entryId: entry.entryId,
    kind: entry.kind,
    correctsEntryId: entry.correctsEntryId,
    fundId,
    occurredOn: entry.occurredOn,
    amount,
    eventId: entry.event.eventId,
    type: entry.event.type,
    position: entry.event.position,
    recordedBy: entry.event.recordedBy,
  };
}

/** Figure by figure; a figure absent on one side counts as zero there (nothing moved under it). */
function compareFigures(
  context: Context,
  fundId: string | null,
  scope: DifferenceScope,
  verified: Map<string, bigint>,
  readModel: Map<string, number>,
  windowOf: (figure: string) => DateWindow,
): Difference[] {
  const differences: Difference[] = [];
  const names = [...new Set([...verified.keys(), ...[...readModel.keys()].filter(isComparedFigure)])];
  for (const figure of names) {
    const ours = verified.get(figure) ?? 0n;
    const raw = readModel.get(figure);
    const theirs = raw === undefined ? 0n : asWhole(raw);
    if (theirs === ours) continue;
    differences.push({
      federationId: context.federationId,
      fundId,
      scope,
      figure,
      verified: ours,
      readModel: theirs,
      difference: theirs === null ? 0n : theirs - ours,
      note: theirs === null ? `the read model holds ${String(raw)}, not a whole number` : null,
      ...eventsBehind(context, fundId, figure, windowOf(figure)),
    });
  }
  return differences;
}

/** The read model's own fields that are not money or counts (names, dates) are not compared here. */
function isComparedFigure(name: string): boolean {
  return (
    name.startsWith('inflowBySource.') ||
    name.startsWith('outflowByPurpose.') ||
    [
      'balance',
      'openingBalance',
      'closingBalance',
      'inflow',
      'outflow',
      'supportPaid',
      'recipients',
      'transfersIn',
      'transfersOut',
    ].includes(name)
  );
}

/** Every difference between one book, recomputed, and what the read model says of it. */
export function reconcileBook(
  book: FundBookLedger,
  verification: BookVerification,
  readModel: ReadModelBook,
  asOf: string,
): Difference[] {
  const context: Context = { book, federationId: book.federationId };
  const differences: Difference[] = [];
  const cumulative: DateWindow = { from: null, to: asOf };

  // Which funds exist on the date.
  const theirs = new Map(readModel.funds.map((fund) => [fund.fundId, fund]));
  for (const fund of verification.funds) {
    const read = theirs.get(fund.fundId);
    if (!read) {
      differences.push({
        federationId: book.federationId,
        fundId: fund.fundId,
        scope: 'fund',
        figure: 'fund',
        verified: fund.closingBalance,
        readModel: null,
        difference: -fund.closingBalance,
        note: `fund '${fund.fundId}' (opened ${fund.openedOn}) is missing from the read model`,
        ...eventsBehind(context, fund.fundId, 'balance', cumulative),
      });
      continue;
    }
    differences.push(
      ...compareFigures(
        context,
        fund.fundId,
        'as-of',
        asPublished(fund, 'cumulative'),
        readFigures(read),
        () => cumulative,
      ),
    );
  }
  const ours = new Set(verification.funds.map((fund) => fund.fundId));
  for (const read of readModel.funds) {
    if (ours.has(read.fundId)) continue;
    differences.push({
      federationId: book.federationId,
      fundId: read.fundId,
      scope: 'fund',
      figure: 'fund',
      verified: null,
      readModel: asWhole(read.balance),
      difference: asWhole(read.balance) ?? 0n,
      note: `the read model has fund '${read.fundId}', which the events do not open by this date`,
      events: [],
      eventsBehind: 0,
    });
  }

  // The federation's totals.
  const totals = verification.totals;
  const publishedTotals = new Map<string, bigint>([
    ['balance', totals.closingBalance],
    // Transfers between the federation's own funds cancel out: the totals have none.
    ['inflow', inflowOf(totals)],
    ['outflow', outflowOf(totals)],
    ['supportPaid', totals.supportPaid],
    ['recipients', BigInt(totals.recipients)],
    ...Object.entries(totals.bySource).map(([k, v]) => [`inflowBySource.${k}`, v] as [string, bigint]),
    ...Object.entries(totals.byPurpose).map(([k, v]) => [`outflowByPurpose.${k}`, v] as [string, bigint]),
  ]);
  differences.push(
    ...compareFigures(
      context,
      null,
      'federation-totals',
      publishedTotals,
      readFigures(readModel.totals),
      () => cumulative,
    ),
  );

  // The period's flows.
  if (verification.period && readModel.period) {
    const { from, to } = verification.period;
    const opening: DateWindow = { from: null, to: previousDay(from) };
    const closing: DateWindow = { from: null, to };
    for (const fund of verification.period.funds) {
      const read = readModel.period.get(fund.fundId);
      if (read === undefined) continue;
      if (read === null) {
        differences.push({
          federationId: book.federationId,
          fundId: fund.fundId,
          scope: 'period',
          figure: 'fund',
          verified: fund.closingBalance,
          readModel: null,
          difference: -fund.closingBalance,
          note: `the read model has no flows of fund '${fund.fundId}' for ${from} … ${to}`,
          ...eventsBehind(context, fund.fundId, 'closingBalance', closing),
        });
        continue;
      }
      differences.push(
        ...compareFigures(context, fund.fundId, 'period', asPublished(fund, 'period'), readFigures(read), (figure) =>
          figure === 'openingBalance' ? opening : figure === 'closingBalance' ? closing : { from, to },
        ),
      );
    }
  }

  // Line by line: pins a difference on the entry that causes it.
  if (readModel.ledger) {
    const verifiedLines = verifiedLedgerLines(book, asOf);
    const seen = new Set<string>();
    for (const line of readModel.ledger) {
      const key = ledgerLineKey(line.fundId, line.occurredOn, line.entryId);
      seen.add(key);
      const ours = verifiedLines.get(key);
      const theirs = asWhole(line.amount);
      if (ours && theirs === ours.amount) continue;
      differences.push({
        federationId: book.federationId,
        fundId: line.fundId,
        scope: 'ledger-line',
        figure: `${line.occurredOn}:${line.entryId}`,
        verified: ours ? ours.amount : null,
        readModel: theirs,
        difference: (theirs ?? 0n) - (ours?.amount ?? 0n),
        note: ours
          ? `the read model's line for entry '${line.entryId}' differs from the event`
          : `the read model has a line for entry '${line.entryId}' dated ${line.occurredOn}, which no event of this fund holds`,
        events: ours ? [behind(ours.entry, ours.amount, line.fundId)] : [],
        eventsBehind: ours ? 1 : 0,
      });
    }
    for (const [key, ours] of verifiedLines) {
      // A fund the read model lacks altogether is reported once, above, not line by line.
      if (seen.has(key) || !theirs.has(ours.fundId)) continue;
      differences.push({
        federationId: book.federationId,
        fundId: ours.fundId,
        scope: 'ledger-line',
        figure: `${ours.entry.occurredOn}:${ours.entry.entryId}`,
        verified: ours.amount,
        readModel: null,
        difference: -ours.amount,
        note: `entry '${ours.entry.entryId}' is missing from the read model's ledger`,
        events: [behind(ours.entry, ours.amount, ours.fundId)],
        eventsBehind: 1,
      });
    }
  }
  return differences;
}
