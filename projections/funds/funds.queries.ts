import { dayBefore } from '../../src/core/business-date';
import type { ProjectionReader } from '../../src/core/projection-reader';
import { compareIds, type ReadAt } from '../../src/core/read-store.port';
import { type FundFlows, type FundPeriodFigures, type FundTransfers, noFlows } from '../../src/funds/fund-flows';
import { type FederationNode, idsIn } from '../membership/federation-tree';
import {
  FEDERATION_FUNDS,
  type FederationFundsDoc,
  type FundDoc,
  FUNDS,
  fundDocId,
  LEDGER,
  type LedgerLineDoc,
  ledgerPrefix,
} from './funds.projection';

/**
 * Questions about funds, for any date and as known at any position. Every figure is whole đồng; a
 * period's flows are the difference between the cumulative figures at its end and the day before it.
 */

/** A fund's figures on a date: its balance (số dư) and cumulative flows since it was opened. */
export type FundFigures = FundDoc;

export interface FederationFunds {
  federationId: string;
  /**
   * Over the federation's own funds and those of every federation below it on the date (the hierarchy of
   * that date); transfers between one federation's own funds cancel out and are left out.
   */
  totals: FundFlows;
  /** Over the federation's own funds only. */
  own: FundFlows;
  /** Each federation directly below it on the date, with everything below that one. */
  children: { federationId: string; name: string; totals: FundFlows }[];
  /** Each of its own funds open on the date, ordered by id. */
  funds: FundFigures[];
}

/** What moved through a fund between two dates, both included. */
export interface FundPeriodFlows extends FundPeriodFigures {
  federationId: string;
  fundId: string;
  from: string;
  to: string;
}

export interface LedgerRequest {
  /** First business date of the lines wanted; from the fund's first line when absent. */
  from?: string;
  /** Last business date; up to the latest line when absent. */
  to?: string;
  /** Lines per page; `DEFAULT_LEDGER_PAGE` when absent, at most `MAX_LEDGER_PAGE`. */
  limit?: number;
  /** The `next` of the previous page. */
  after?: string;
  knownAt?: number;
}

export interface LedgerPage {
  lines: LedgerLineDoc[];
  /** Pass as `after` for the following page; null on the last page. */
  next: string | null;
}

export const DEFAULT_LEDGER_PAGE = 100;
export const MAX_LEDGER_PAGE = 500;

/** One fund on a date; null when it was not open then (or not yet known at `at.knownAt`). */
export async function fundFigures(
  reader: ProjectionReader,
  federationId: string,
  fundId: string,
  at?: ReadAt,
): Promise<FundFigures | null> {
  return reader.get<FundDoc>(FUNDS, fundDocId(federationId, fundId), at);
}

/** The funds a federation had on a date. */
export async function fundsOf(reader: ProjectionReader, federationId: string, at?: ReadAt): Promise<FundFigures[]> {
  const rows = await reader.listAll<FundDoc>(FUNDS, { where: { federationId }, at });
  return rows.map((row) => row.doc);
}

/**
 * Totals over a federation's funds and each fund's figures, rolled up over the federations below it in `tree`
 * (the hierarchy of the date, from the membership read model); zeros when it had no fund on that date.
 */
export async function federationFunds(
  reader: ProjectionReader,
  federationId: string,
  at?: ReadAt,
  tree?: FederationNode | null,
): Promise<FederationFunds> {
  const ids = tree ? idsIn(tree) : [federationId];
  const [docs, funds] = await Promise.all([
    Promise.all(ids.map((id) => reader.get<FederationFundsDoc>(FEDERATION_FUNDS, id, at))),
    fundsOf(reader, federationId, at),
  ]);
  const own = new Map(ids.map((id, index) => [id, docs[index] ? flowsOf(docs[index]) : noFlows()]));
  const subtree = (node: FederationNode): FundFlows =>
    node.children.reduce((sum, child) => addFlows(sum, subtree(child)), own.get(node.federation.federationId)!);
  return {
    federationId,
    totals: tree ? subtree(tree) : own.get(federationId)!,
    own: own.get(federationId)!,
    children: (tree?.children ?? []).map((child) => ({
      federationId: child.federation.federationId,
      name: child.federation.name,
      totals: subtree(child),
    })),
    funds,
  };
}

/** Two sets of flows added key by key. */
export function addFlows(a: FundFlows, b: FundFlows): FundFlows {
  const sum = (x: Record<string, number>, y: Record<string, number>) => {
    const result = { ...x };
    for (const [key, value] of Object.entries(y)) result[key] = (result[key] ?? 0) + value;
    return result;
  };
  return {
    balance: a.balance + b.balance,
    inflow: a.inflow + b.inflow,
    outflow: a.outflow + b.outflow,
    supportPaid: a.supportPaid + b.supportPaid,
    recipients: a.recipients + b.recipients,
    inflowBySource: sum(a.inflowBySource, b.inflowBySource),
    outflowByPurpose: sum(a.outflowByPurpose, b.outflowByPurpose),
  };
}

/** A fund's flows over `[from, to]`; null when the fund was not open on `to`. */
export async function fundFlows(
  reader: ProjectionReader,
  federationId: string,
  fundId: string,
  from: string,
  to: string,
  knownAt?: number,
): Promise<FundPeriodFlows | null> {
  assertPeriod(from, to);
  const id = fundDocId(federationId, fundId);
  const [start, end] = await Promise.all([
    reader.get<FundDoc>(FUNDS, id, { asOf: dayBefore(from), knownAt }),
    reader.get<FundDoc>(FUNDS, id, { asOf: to, knownAt }),
  ]);
  if (!end) return null;
  const before: FundFlows & FundTransfers = start ?? { ...noFlows(), transfersIn: 0, transfersOut: 0 };
  return {
    federationId,
    fundId,
    from,
    to,
    openingBalance: before.balance,
    closingBalance: end.balance,
    inflow: end.inflow - before.inflow,
    outflow: end.outflow - before.outflow,
    supportPaid: end.supportPaid - before.supportPaid,
    recipients: end.recipients - before.recipients,
    transfersIn: end.transfersIn - before.transfersIn,
    transfersOut: end.transfersOut - before.transfersOut,
    inflowBySource: difference(end.inflowBySource, before.inflowBySource),
    outflowByPurpose: difference(end.outflowByPurpose, before.outflowByPurpose),
  };
}

/**
 * The ledger lines (sổ chi tiết) of a fund in date order, one page. Line ids are
 * `<federationId>:<fundId>:<date>:<entryId>`, so the page starts right after `<prefix><from>` — before
 * every line dated `from` — and reading as of `to` leaves out the lines dated after it.
 */
export async function ledgerPage(
  reader: ProjectionReader,
  federationId: string,
  fundId: string,
  request: LedgerRequest = {},
): Promise<LedgerPage> {
  const { from, to, after, knownAt, limit = DEFAULT_LEDGER_PAGE } = request;
  if (from !== undefined && to !== undefined) assertPeriod(from, to);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LEDGER_PAGE) {
    throw new RangeError(`limit must be a whole number from 1 to ${MAX_LEDGER_PAGE}`);
  }
  const prefix = ledgerPrefix(federationId, fundId);
  if (after !== undefined && !after.startsWith(prefix)) {
    throw new RangeError(`after '${after}' is not a position in the ledger of fund '${fundId}'; pass a page's next`);
  }
  const periodStart = from === undefined ? undefined : `${prefix}${from}`;
  const cursor =
    after === undefined
      ? periodStart
      : periodStart === undefined || compareIds(after, periodStart) > 0
        ? after
        : periodStart;
  // One line more than asked tells whether another page follows.
  const rows = await reader.list<LedgerLineDoc>(LEDGER, {
    idPrefix: prefix,
    after: cursor,
    limit: limit + 1,
    at: { asOf: to, knownAt },
  });
  const page = rows.slice(0, limit);
  return {
    lines: page.map((row) => row.doc),
    next: rows.length > limit ? page[page.length - 1].id : null,
  };
}

function assertPeriod(from: string, to: string): void {
  if (from > to) throw new RangeError(`the period starts on ${from}, after its end ${to}: from must not be after to`);
}

function flowsOf(doc: FundFlows): FundFlows {
  const { balance, inflow, outflow, supportPaid, recipients, inflowBySource, outflowByPurpose } = doc;
  return { balance, inflow, outflow, supportPaid, recipients, inflowBySource, outflowByPurpose };
}

/** `end − start` key by key, leaving out what did not move. */
function difference(end: Record<string, number>, start: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const key of new Set([...Object.keys(end), ...Object.keys(start)])) {
    const moved = (end[key] ?? 0) - (start[key] ?? 0);
    if (moved !== 0) result[key] = moved;
  }
  return result;
}

/** A fund's balance and cumulative flows on one date of a series; `open` false before it was opened. */
export interface FundPoint {
  date: string;
  open: boolean;
  balance: number;
  inflow: number;
  outflow: number;
  supportPaid: number;
  recipients: number;
}

/** One fund on each date, in one read of its versions; null when it was open on none of them. */
export async function fundBalanceSeries(
  reader: ProjectionReader,
  federationId: string,
  fundId: string,
  dates: readonly string[],
  knownAt?: number,
): Promise<{ federationId: string; fundId: string; name: string; points: FundPoint[] } | null> {
  const [found] = await reader.versionsOn<FundDoc>(FUNDS, dates, { id: fundDocId(federationId, fundId), knownAt });
  if (!found) return null;
  const latest = found.docs.filter((doc): doc is FundDoc => doc !== null).pop()!;
  const points = dates.map((date, index): FundPoint => {
    const doc = found.docs[index];
    if (!doc) return { date, open: false, balance: 0, inflow: 0, outflow: 0, supportPaid: 0, recipients: 0 };
    const { balance, inflow, outflow, supportPaid, recipients } = doc;
    return { date, open: true, balance, inflow, outflow, supportPaid, recipients };
  });
  return { federationId, fundId, name: latest.name, points };
}
