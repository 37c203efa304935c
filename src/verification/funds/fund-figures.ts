import type { FundFlows, FundTransfers } from '../../funds/fund-flows';
import { addTo, sumOf } from './dong-amounts';
import { type FundBookLedger, HANDOVER, type JournalEntry, type Posting } from './fund-ledger';
import { ALL_DATES } from './verification-dates';

/**
 * Figures recomputed from the independent ledger's postings, for any business date and period. A posting on
 * a fund's account is classified by the account on the other side of its journal entry: a source (money in),
 * a purpose (support paid out) or another fund (a transfer). All amounts are whole đồng in bigint.
 */

/** Which dates count: `[from, to]`, both included; `from` null counts from the first entry. */
export interface DateWindow {
  from: string | null;
  to: string;
}

export interface VerifiedFlows {
  /** Net of corrections, by the giver's kind (`source:<kind>`). */
  contributions: bigint;
  bySource: Record<string, bigint>;
  /** Support paid, net of corrections, by purpose (`purpose:<purpose>`). */
  supportPaid: bigint;
  byPurpose: Record<string, bigint>;
  /** People or units reached (less those of reversed payments). */
  recipients: number;
  transfersIn: bigint;
  transfersOut: bigint;
}

export interface VerifiedFund extends VerifiedFlows {
  federationId: string;
  fundId: string;
  kind: string;
  name: string;
  openedOn: string;
  /** Balance at the end of the day before `from` (0 without `from`). */
  openingBalance: bigint;
  /** Balance at the end of `to`: the sum of the fund account's postings dated up to then. */
  closingBalance: bigint;
}

/** Over all of a federation's funds; transfers between them cancel out and are left out. */
export interface VerifiedTotals {
  federationId: string;
  openingBalance: bigint;
  closingBalance: bigint;
  contributions: bigint;
  bySource: Record<string, bigint>;
  supportPaid: bigint;
  byPurpose: Record<string, bigint>;
  recipients: number;
}

export interface TrialBalance {
  federationId: string;
  asOf: string;
  /** Each account's balance (debit positive, credit negative), by account name. */
  accounts: { account: string; balance: bigint }[];
  totalDebit: bigint;
  totalCredit: bigint;
  /** Debits minus credits: zero when the books balance. */
  total: bigint;
}

/**
 * Σ fund balances = contributions − support paid (each net of corrections) + balances taken over − balances
 * handed over in merges, as of a date.
 */
export interface Conservation {
  federationId: string;
  asOf: string;
  fundBalances: bigint;
  contributions: bigint;
  supportPaid: bigint;
  takenOver: bigint;
  handedOver: bigint;
  holds: boolean;
}

/** Money into a fund (or a federation's funds): contributions, balances taken over in a merge included, and transfers in. */
export const inflowOf = (flows: Pick<VerifiedFlows, 'contributions'> & { transfersIn?: bigint }): bigint =>
  flows.contributions + (flows.transfersIn ?? 0n);

/** Money out: support paid, balances handed over in a merge, and transfers out. */
export const outflowOf = (
  flows: Pick<VerifiedFlows, 'supportPaid' | 'byPurpose'> & { transfersOut?: bigint },
): bigint => flows.supportPaid + (flows.byPurpose[HANDOVER] ?? 0n) + (flows.transfersOut ?? 0n);

/**
 * A fund's flows in the read model's published convention (whose shape is `src/funds/fund-flows.ts`), from the
 * verifier's own: transfers between the federation's funds count in inflow and outflow, keyed `transfer`.
 */
export type PublishedFlows = InBigInts<Omit<FundFlows, 'balance'> & FundTransfers>;

/** The same figures in bigint, as the verifier sums them: amounts, and amounts by key. */
type InBigInts<Figures> = {
  [Name in keyof Figures]: Figures[Name] extends number ? bigint : Record<string, bigint>;
};

export function publishedFlows(fund: VerifiedFlows): PublishedFlows {
  const inflowBySource = { ...fund.bySource };
  if (fund.transfersIn !== 0n) inflowBySource.transfer = fund.transfersIn;
  const outflowByPurpose = { ...fund.byPurpose };
  if (fund.transfersOut !== 0n) outflowByPurpose.transfer = fund.transfersOut;
  return {
    inflow: inflowOf(fund),
    outflow: outflowOf(fund),
    supportPaid: fund.supportPaid,
    recipients: BigInt(fund.recipients),
    transfersIn: fund.transfersIn,
    transfersOut: fund.transfersOut,
    inflowBySource,
    outflowByPurpose,
  };
}

const emptyFlows = (): VerifiedFlows => ({
  contributions: 0n,
  bySource: {},
  supportPaid: 0n,
  byPurpose: {},
  recipients: 0,
  transfersIn: 0n,
  transfersOut: 0n,
});

/** The account on the other side of a posting in its journal entry. */
function counterAccount(entry: JournalEntry, posting: Posting): string {
  const other = entry.postings.find((p) => p !== posting);
  return other ? other.account : '';
}

/** How one posting on a fund's account changes that fund's flows. */
function addPosting(flows: VerifiedFlows, entry: JournalEntry, posting: Posting, fundId: string): void {
  const counter = counterAccount(entry, posting);
  if (counter.startsWith('source:')) {
    flows.contributions += posting.amount;
    addTo(flows.bySource, counter.slice('source:'.length), posting.amount);
  } else if (counter.startsWith('purpose:')) {
    // A handover to the absorbing federation is money out, but not support paid.
    if (counter !== `purpose:${HANDOVER}`) flows.supportPaid -= posting.amount;
    addTo(flows.byPurpose, counter.slice('purpose:'.length), -posting.amount);
    flows.recipients += entry.recipients;
  } else if (fundId === entry.toFundId) {
    flows.transfersIn += posting.amount;
  } else {
    flows.transfersOut -= posting.amount;
  }
}

/** Every fund opened by the window's end, with its opening and closing balances and its flows in the window. */
export function verifiedFunds(book: FundBookLedger, window: DateWindow): VerifiedFund[] {
  const funds = new Map<string, VerifiedFund>();
  for (const fund of book.funds.values()) {
    if (fund.openedOn > window.to) continue;
    funds.set(`fund:${fund.fundId}`, {
      federationId: book.federationId,
      fundId: fund.fundId,
      kind: fund.kind,
      name: fund.name,
      openedOn: fund.openedOn,
      openingBalance: 0n,
      closingBalance: 0n,
      ...emptyFlows(),
    });
  }
  for (const entry of book.journal) {
    if (entry.occurredOn > window.to) continue;
    const before = window.from !== null && entry.occurredOn < window.from;
    for (const posting of entry.postings) {
      const fund = funds.get(posting.account);
      if (!fund) continue;
      fund.closingBalance += posting.amount;
      if (before) fund.openingBalance += posting.amount;
      else addPosting(fund, entry, posting, fund.fundId);
    }
  }
  return [...funds.values()].sort((a, b) => (a.fundId < b.fundId ? -1 : a.fundId > b.fundId ? 1 : 0));
}

export function verifiedTotals(federationId: string, funds: readonly VerifiedFund[]): VerifiedTotals {
  const totals: VerifiedTotals = {
    federationId,
    openingBalance: 0n,
    closingBalance: 0n,
    contributions: 0n,
    bySource: {},
    supportPaid: 0n,
    byPurpose: {},
    recipients: 0,
  };
  for (const fund of funds) {
    totals.openingBalance += fund.openingBalance;
    totals.closingBalance += fund.closingBalance;
    totals.contributions += fund.contributions;
    totals.supportPaid += fund.supportPaid;
    totals.recipients += fund.recipients;
    for (const [source, amount] of Object.entries(fund.bySource)) addTo(totals.bySource, source, amount);
    for (const [purpose, amount] of Object.entries(fund.byPurpose)) addTo(totals.byPurpose, purpose, amount);
  }
  return totals;
}

/** Every account's balance at the end of a date; the total of a balanced ledger is zero. */
export function trialBalance(book: FundBookLedger, asOf: string = ALL_DATES): TrialBalance {
  const balances = new Map<string, bigint>();
  for (const entry of book.journal) {
    if (entry.occurredOn > asOf) continue;
    for (const { account, amount } of entry.postings) balances.set(account, (balances.get(account) ?? 0n) + amount);
  }
  const accounts = [...balances]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([account, balance]) => ({ account, balance }));
  const totalDebit = sumOf(accounts.filter((a) => a.balance > 0n).map((a) => a.balance));
  const totalCredit = -sumOf(accounts.filter((a) => a.balance < 0n).map((a) => a.balance));
  return { federationId: book.federationId, asOf, accounts, totalDebit, totalCredit, total: totalDebit - totalCredit };
}

/**
 * Conservation read off the trial balance: what the funds hold is what the sources gave less what the purposes
 * received. Holds for every balanced ledger; checked anyway, as it is what an inspector signs.
 */
export function conservation(balance: TrialBalance): Conservation {
  let fundBalances = 0n;
  let contributions = 0n;
  let supportPaid = 0n;
  let takenOver = 0n;
  let handedOver = 0n;
  for (const { account, balance: amount } of balance.accounts) {
    if (account.startsWith('fund:')) fundBalances += amount;
    else if (account === `source:${HANDOVER}`) takenOver -= amount;
    else if (account === `purpose:${HANDOVER}`) handedOver += amount;
    else if (account.startsWith('source:')) contributions -= amount;
    else if (account.startsWith('purpose:')) supportPaid += amount;
  }
  return {
    federationId: balance.federationId,
    asOf: balance.asOf,
    fundBalances,
    contributions,
    supportPaid,
    takenOver,
    handedOver,
    holds: fundBalances === contributions - supportPaid + takenOver - handedOver,
  };
}

/** The journal entries that posted to a fund within a window: the events behind its figures. */
export function entriesOnFund(
  book: FundBookLedger,
  fundId: string,
  window: DateWindow,
  relevant: (entry: JournalEntry, posting: Posting) => boolean = () => true,
): { entry: JournalEntry; amount: bigint }[] {
  const account = `fund:${fundId}`;
  const found: { entry: JournalEntry; amount: bigint }[] = [];
  for (const entry of book.journal) {
    if (entry.occurredOn > window.to || (window.from !== null && entry.occurredOn < window.from)) continue;
    const posting = entry.postings.find((p) => p.account === account);
    if (posting && relevant(entry, posting)) found.push({ entry, amount: posting.amount });
  }
  return found;
}

/** Ledger lines as the verifier sees them: one per entry and fund, its effect on the fund's balance. */
export function verifiedLedgerLines(
  book: FundBookLedger,
  asOf: string,
): Map<string, { fundId: string; entry: JournalEntry; amount: bigint }> {
  const lines = new Map<string, { fundId: string; entry: JournalEntry; amount: bigint }>();
  for (const entry of book.journal) {
    if (entry.occurredOn > asOf) continue;
    for (const posting of entry.postings) {
      if (!posting.account.startsWith('fund:')) continue;
      const fundId = posting.account.slice('fund:'.length);
      if (!book.funds.has(fundId)) continue;
      lines.set(ledgerLineKey(fundId, entry.occurredOn, entry.entryId), { fundId, entry, amount: posting.amount });
    }
  }
  return lines;
}

export const ledgerLineKey = (fundId: string, occurredOn: string, entryId: string) =>
  `${fundId}:${occurredOn}:${entryId}`;
