/**
 * What moves through a fund, in whole đồng, as the funds read model publishes it — and as the reconciliation
 * with the independent verifier and the offline inspector describe it. Defined once, here, so that every side
 * names the same figures: inflow and outflow include transfers between a federation's funds, keyed `transfer`
 * among sources and purposes (`handover` for a merge's balances); a federation's totals leave those out.
 */
export interface FundFlows {
  /** Số dư: what the fund holds at the end of the day. */
  balance: number;
  inflow: number;
  outflow: number;
  /** Support paid out (payments only, not transfers). */
  supportPaid: number;
  /** People or units reached by support payments. */
  recipients: number;
  inflowBySource: Record<string, number>;
  outflowByPurpose: Record<string, number>;
}

/** Money moved between a federation's own funds. */
export interface FundTransfers {
  transfersIn: number;
  transfersOut: number;
}

/** What moved through a fund between two dates: the flows, between two balances. */
export interface FundPeriodFigures extends Omit<FundFlows, 'balance'>, FundTransfers {
  /** Balance at the end of the day before the period (0 when the fund was opened within it). */
  openingBalance: number;
  /** Balance at the end of the period's last day. */
  closingBalance: number;
}

/** Nothing moved yet: a fund just opened, a federation without funds. */
export const noFlows = (): FundFlows => ({
  balance: 0,
  inflow: 0,
  outflow: 0,
  supportPaid: 0,
  recipients: 0,
  inflowBySource: {},
  outflowByPurpose: {},
});
