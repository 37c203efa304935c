import type { StoredEvent } from '../core/event-store.port';

/**
 * Fund figures an inspector recomputes from the events alone, far from the service: plain sums of the
 * fund-book events by fund, in whole đồng. Written on its own, sharing nothing with the funds projection,
 * so that agreement between the two means something.
 *
 * - A contribution adds to its fund's inflow; a support payment to its outflow (and support paid, recipients).
 * - A transfer is an outflow of one fund and an inflow of the other (also counted as transfers out / in).
 * - A merge's handover is an outflow (`handover` purpose) of the merged federation's fund and an inflow
 *   (`handover` source) of the absorbing federation's fund of the same id, opened by it when new.
 * - A correction applies its signed `amountDelta` to the flows of the entry it corrects, on the funds that
 *   entry moved money between; a reversed payment also gives back its recipients.
 * - Balance = inflow − outflow.
 */
export interface OfflineFundFigures {
  federationId: string;
  fundId: string;
  name: string;
  kind: string;
  openedOn: string;
  balance: number;
  inflow: number;
  outflow: number;
  supportPaid: number;
  recipients: number;
  transfersIn: number;
  transfersOut: number;
  /** Contributions by the kind of source (corrections of them included). */
  contributionsBySource: Record<string, number>;
  /** Support paid by purpose (corrections of it included). */
  supportByPurpose: Record<string, number>;
  /** Fund-book events that moved money in this fund. */
  entries: number;
}

/** Something in the events the sums cannot account for: reported, never silently skipped. */
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

interface Correction {
  kind: 'contribution' | 'payment' | 'transfer';
  fromFundId: string | null;
  toFundId: string | null;
  category: string | null;
  recipientsDelta: number;
}

export class OfflineFundBooks {
  private readonly funds = new Map<string, OfflineFundFigures>();
  private readonly anomalies: FundAnomaly[] = [];

  constructor(private readonly asOf: string | null = null) {}

  /** Feed every event of the log (or of a slice), oldest first; those that are not fund-book events are ignored. */
  add(event: StoredEvent): void {
    if (this.asOf !== null && event.metadata.occurredOn > this.asOf) return;
    const d = event.data as Record<string, unknown>;
    const federationId = String(d.federationId);
    const fund = (fundId: unknown) => this.fundOf(event, federationId, fundId);
    switch (event.type) {
      case 'FundOpened': {
        const key = keyOf(federationId, String(d.fundId));
        if (this.funds.has(key)) return this.anomaly(event, `fund '${String(d.fundId)}' opened a second time`);
        return this.open(key, event, federationId);
      }
      case 'FundTakenOver': {
        // A merge's handover arriving: opens the fund when this book had none of that id.
        const key = keyOf(federationId, String(d.fundId));
        if (!this.funds.has(key)) this.open(key, event, federationId);
        const amount = this.amountOf(event, d.amount);
        const target = fund(d.fundId);
        if (amount === null || !target) return;
        this.moveIn(target, amount);
        bump(target.contributionsBySource, 'handover', amount);
        return;
      }
      case 'FundHandedOver': {
        const amount = this.amountOf(event, d.amount);
        const source = fund(d.fundId);
        if (amount === null || !source) return;
        this.moveOut(source, amount);
        bump(source.supportByPurpose, 'handover', amount);
        return;
      }
      case 'ContributionReceived': {
        const amount = this.amountOf(event, d.amount);
        const target = fund(d.fundId);
        if (amount === null || !target) return;
        this.moveIn(target, amount);
        bump(target.contributionsBySource, (d.source as { kind?: unknown } | undefined)?.kind, amount);
        return;
      }
      case 'SupportPaid': {
        const amount = this.amountOf(event, d.amount);
        const source = fund(d.fundId);
        if (amount === null || !source) return;
        this.moveOut(source, amount);
        source.supportPaid += amount;
        source.recipients += Number.isSafeInteger(d.recipients) ? (d.recipients as number) : 0;
        bump(source.supportByPurpose, d.purpose, amount);
        return;
      }
      case 'FundTransferred': {
        const amount = this.amountOf(event, d.amount);
        const from = fund(d.fromFundId);
        const to = fund(d.toFundId);
        if (amount === null || !from || !to) return;
        this.moveOut(from, amount);
        from.transfersOut += amount;
        this.moveIn(to, amount);
        to.transfersIn += amount;
        return;
      }
      case 'EntryCorrected': {
        const delta = this.amountOf(event, d.amountDelta, true);
        const corrects = d.corrects as Correction | undefined;
        if (delta === null) return;
        if (!corrects) return this.anomaly(event, 'the correction does not say which entry it corrects');
        if (corrects.kind === 'contribution') {
          const target = fund(corrects.toFundId);
          if (!target) return;
          this.moveIn(target, delta);
          bump(target.contributionsBySource, corrects.category, delta);
        } else if (corrects.kind === 'payment') {
          const source = fund(corrects.fromFundId);
          if (!source) return;
          this.moveOut(source, delta);
          source.supportPaid += delta;
          source.recipients += Number.isSafeInteger(corrects.recipientsDelta) ? corrects.recipientsDelta : 0;
          bump(source.supportByPurpose, corrects.category, delta);
        } else if (corrects.kind === 'transfer') {
          const from = fund(corrects.fromFundId);
          const to = fund(corrects.toFundId);
          if (!from || !to) return;
          this.moveOut(from, delta);
          from.transfersOut += delta;
          this.moveIn(to, delta);
          to.transfersIn += delta;
        } else {
          this.anomaly(event, `the correction corrects an entry of unknown kind '${String(corrects.kind)}'`);
        }
        return;
      }
      default:
        return;
    }
  }

  report(): OfflineFundsReport {
    const funds = [...this.funds.values()]
      .map((fund) => ({ ...fund, balance: fund.inflow - fund.outflow }))
      .sort((a, b) => keyOf(a.federationId, a.fundId).localeCompare(keyOf(b.federationId, b.fundId)));
    const overflows = funds
      .filter((fund) => ![fund.inflow, fund.outflow, fund.balance].every(Number.isSafeInteger))
      .map((fund) => ({
        position: 0,
        detail: `the figures of ${fund.federationId}/${fund.fundId} exceed what can be summed exactly`,
      }));
    return { asOf: this.asOf, funds, anomalies: [...this.anomalies, ...overflows] };
  }

  private open(key: string, event: StoredEvent, federationId: string): void {
    const d = event.data as Record<string, unknown>;
    this.funds.set(key, {
      federationId,
      fundId: String(d.fundId),
      name: String(d.name),
      kind: String(d.kind),
      openedOn: event.metadata.occurredOn,
      balance: 0,
      inflow: 0,
      outflow: 0,
      supportPaid: 0,
      recipients: 0,
      transfersIn: 0,
      transfersOut: 0,
      contributionsBySource: {},
      supportByPurpose: {},
      entries: 0,
    });
  }

  private moveIn(fund: OfflineFundFigures, amount: number): void {
    fund.inflow += amount;
    fund.entries += 1;
  }

  private moveOut(fund: OfflineFundFigures, amount: number): void {
    fund.outflow += amount;
    fund.entries += 1;
  }

  private fundOf(event: StoredEvent, federationId: string, fundId: unknown): OfflineFundFigures | null {
    const fund = this.funds.get(keyOf(federationId, String(fundId)));
    if (!fund)
      this.anomaly(event, `money moved in fund '${String(fundId)}' of ${federationId}, which was never opened`);
    return fund ?? null;
  }

  private amountOf(event: StoredEvent, value: unknown, signed = false): number | null {
    if (typeof value === 'number' && Number.isSafeInteger(value) && (signed ? value !== 0 : value > 0)) return value;
    this.anomaly(
      event,
      `${event.type} carries ${JSON.stringify(value)} đồng: not a whole ${signed ? 'non-zero' : 'positive'} number`,
    );
    return null;
  }

  private anomaly(event: StoredEvent, detail: string): void {
    this.anomalies.push({ position: event.position, detail: `${event.type} at position ${event.position}: ${detail}` });
  }
}

function bump(counts: Record<string, number>, key: unknown, amount: number): void {
  const name = typeof key === 'string' ? key : 'unknown';
  const total = (counts[name] ?? 0) + amount;
  if (total === 0) delete counts[name];
  else counts[name] = total;
}

const keyOf = (federationId: string, fundId: string) => `${federationId}\u0000${fundId}`;
