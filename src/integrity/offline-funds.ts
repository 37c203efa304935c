import type { FundFlows, FundTransfers } from '../funds/fund-flows';
import { entriesOnFund, publishedFlows, type VerifiedFund } from '../verification/funds/fund-figures';
import { FUND_BOOK_EVENT_TYPES, fundLedgersFrom, type VerifiableEvent } from '../verification/funds/fund-ledger';
import { resolveQuery, verifyBook } from '../verification/funds/fund-verification';

/**
 * Fund figures an inspector recomputes from the events of an export, far from the service, with the same
 * independent double-entry verifier `verify:funds` runs (`src/verification/funds`, which shares nothing with
 * the funds projection): every fund book is posted as balanced entries, and each fund's figures are read
 * off its account, named as the funds read model publishes them (`src/funds/fund-flows.ts`): inflow =
 * contributions (balances taken over in a merge included) + transfers in; outflow = support paid + balances
 * handed over + transfers out; balance = inflow − outflow.
 */
export interface OfflineFundFigures extends FundFlows, FundTransfers {
  federationId: string;
  fundId: string;
  name: string;
  kind: string;
  openedOn: string;
  /** Journal entries (and corrections) that moved money in this fund. */
  entries: number;
}

/** What the verifier finds wrong in the events (a rule they break, a figure too large to print exactly). */
export interface FundAnomaly {
  position: number;
  detail: string;
}

export interface OfflineFundsReport {
  /** Only events dated up to this business date, when given. */
  asOf: string | null;
  funds: OfflineFundFigures[];
  anomalies: FundAnomaly[];
}

/** Collects the fund-book events of a log (or a slice) as they stream past, then verifies them. */
export class OfflineFundBooks {
  private readonly events: VerifiableEvent[] = [];

  constructor(private readonly asOf: string | null = null) {}

  /** Feed every event of the log, oldest first; those that are not fund-book events are ignored. */
  add(event: VerifiableEvent): void {
    if (FUND_BOOK_EVENT_TYPES.has(event.type)) this.events.push(event);
  }

  async report(): Promise<OfflineFundsReport> {
    const query = resolveQuery(this.asOf === null ? {} : { asOf: this.asOf });
    const funds: OfflineFundFigures[] = [];
    const anomalies: FundAnomaly[] = [];
    for (const book of (await fundLedgersFrom(this.events)).values()) {
      const verification = verifyBook(book, query);
      for (const { event, rule, message } of verification.findings) {
        anomalies.push({
          position: event.position,
          detail: `${event.type} at position ${event.position}: ${message} (${rule})`,
        });
      }
      for (const fund of verification.funds) {
        const entries = entriesOnFund(book, fund.fundId, { from: null, to: query.asOf }).length;
        const { figures, exact } = asFigures(fund, entries);
        funds.push(figures);
        if (!exact) {
          anomalies.push({
            position: 0,
            detail: `the figures of ${fund.federationId}/${fund.fundId} exceed what can be summed exactly`,
          });
        }
      }
    }
    return { asOf: this.asOf, funds, anomalies };
  }
}

/** The verifier's bigint figures as plain numbers, named as the read model names them; not exact past 2⁵³. */
function asFigures(fund: VerifiedFund, entries: number): { figures: OfflineFundFigures; exact: boolean } {
  let exact = true;
  const number = (amount: bigint): number => {
    const value = Number(amount);
    exact &&= Number.isSafeInteger(value);
    return value;
  };
  const numbers = (amounts: Record<string, bigint>) =>
    Object.fromEntries(Object.entries(amounts).map(([key, amount]) => [key, number(amount)]));
  const flows = publishedFlows(fund);
  const figures: OfflineFundFigures = {
    federationId: fund.federationId,
    fundId: fund.fundId,
    name: fund.name,
    kind: fund.kind,
    openedOn: fund.openedOn,
    balance: number(fund.closingBalance),
    inflow: number(flows.inflow),
    outflow: number(flows.outflow),
    supportPaid: number(flows.supportPaid),
    recipients: number(flows.recipients),
    transfersIn: number(flows.transfersIn),
    transfersOut: number(flows.transfersOut),
    inflowBySource: numbers(flows.inflowBySource),
    outflowByPurpose: numbers(flows.outflowByPurpose),
    entries,
  };
  return { figures, exact };
}
