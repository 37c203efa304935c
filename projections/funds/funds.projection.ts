import type { StoredEvent } from '../../src/core/event-store.port';
import { defineProjection, type DocumentRef } from '../../src/core/projection';
import { type FundFlows, type FundTransfers, noFlows } from '../../src/funds/fund-flows';
import {
  HANDOVER,
  type FundBookEvent,
  type FundOpened,
  type FundTakenOver,
  type PeriodClosed,
  type PeriodReopened,
} from '../../src/funds/funds.events';

/**
 * Funds read model (quỹ xã hội, quỹ tình nghĩa, Mái ấm Công đoàn…), in whole đồng.
 * - `funds` (`<federationId>:<fundId>`): balance and cumulative flows by source and purpose;
 *   a period's flows are the difference between two dates.
 * - `federation_funds` (`<federationId>`): the same totals over all the federation's funds
 *   (transfers between its own funds cancel out and are not counted as flows).
 * - `ledger` (`<federationId>:<fundId>:<date>:<entryId>`): one line per entry and fund, so listing a
 *   fund's prefix gives its ledger in date order; a correction is its own line on its own date.
 * Every evolve adds signed amounts, so late and back-dated entries land on the right dates.
 */
export interface FundDoc extends FundFlows, FundTransfers {
  federationId: string;
  fundId: string;
  name: string;
  kind: string;
  openedOn: string;
}

export interface FederationFundsDoc extends FundFlows {
  federationId: string;
}

export interface LedgerLineDoc {
  federationId: string;
  fundId: string;
  entryId: string;
  occurredOn: string;
  line: 'contribution' | 'payment' | 'transfer-in' | 'transfer-out' | 'correction' | 'handover-in' | 'handover-out';
  /** Effect on this fund's balance: positive in, negative out. */
  amount: number;
  /** Source kind of a contribution, purpose of a payment. */
  category: string | null;
  counterparty: { kind: string; id: string | null; name: string | null } | null;
  recipients: number;
  amountEach: number | null;
  /** On a correction line: whether it reverses or adjusts the entry it corrects. */
  correction: 'reversal' | 'adjustment' | null;
  correctsEntryId: string | null;
  recordedBy: string;
  recordedAt: string;
  reason: string | null;
}

export const FUNDS = 'funds';
export const FEDERATION_FUNDS = 'federation_funds';
export const LEDGER = 'ledger';
export const fundDocId = (federationId: string, fundId: string) => `${federationId}:${fundId}`;
export const ledgerPrefix = (federationId: string, fundId: string) => `${federationId}:${fundId}:`;

/** What the funds read: every fact that opens a fund or moves money (closing and reopening a period move none). */
type FundFact = Exclude<FundBookEvent, PeriodClosed | PeriodReopened>;
/** The facts that move money, each as one or two movements. */
type MoneyFact = Exclude<FundFact, FundOpened>;

/** The business date every effect is dated by: the one the engine versions documents from. */
const dateOf = (event: StoredEvent<FundFact>) => event.metadata.occurredOn;

/** How an event moves money in one fund: the signed flows it adds. */
interface Movement {
  fundId: string;
  line: LedgerLineDoc['line'];
  balance: number;
  inflow: number;
  outflow: number;
  supportPaid: number;
  recipients: number;
  source: string | null;
  purpose: string | null;
  /** Internal transfers are flows of a fund, not of the federation. */
  internal: boolean;
}

/** What a movement says beside its fund, line and amount. */
type MovementDetails = Partial<Pick<Movement, 'supportPaid' | 'recipients' | 'internal'>>;

const noDetails = { supportPaid: 0, recipients: 0, internal: false };

/** `amount` into a fund, from `source`. */
function moneyIn(
  fundId: string,
  line: Movement['line'],
  amount: number,
  source: string | null,
  details?: MovementDetails,
): Movement {
  return { fundId, line, balance: amount, inflow: amount, outflow: 0, source, purpose: null, ...noDetails, ...details };
}

/** `amount` out of a fund, for `purpose`. */
function moneyOut(
  fundId: string,
  line: Movement['line'],
  amount: number,
  purpose: string | null,
  details?: MovementDetails,
): Movement {
  return {
    fundId,
    line,
    balance: -amount,
    inflow: 0,
    outflow: amount,
    source: null,
    purpose,
    ...noDetails,
    ...details,
  };
}

/** A transfer between two of the federation's own funds: flows of each fund, none of the federation. */
function transfer(fromFundId: string, toFundId: string, amount: number, lines: [Movement['line'], Movement['line']]) {
  return [
    moneyOut(fromFundId, lines[0], amount, 'transfer', { internal: true }),
    moneyIn(toFundId, lines[1], amount, 'transfer', { internal: true }),
  ];
}

function movementsOf(event: StoredEvent<MoneyFact>): Movement[] {
  switch (event.type) {
    case 'ContributionReceived': {
      const { fundId, amount, source } = event.data;
      return [moneyIn(fundId, 'contribution', amount, source.kind)];
    }
    case 'SupportPaid': {
      const { fundId, amount, purpose, recipients } = event.data;
      return [moneyOut(fundId, 'payment', amount, purpose, { supportPaid: amount, recipients })];
    }
    case 'FundTransferred': {
      const { fromFundId, toFundId, amount } = event.data;
      return transfer(fromFundId, toFundId, amount, ['transfer-out', 'transfer-in']);
    }
    // A merged federation's balance leaving its book, and arriving in the absorbing federation's: flows of each
    // federation (a parent's roll-up sees both, and its balance does not move).
    case 'FundHandedOver':
      return [moneyOut(event.data.fundId, 'handover-out', event.data.amount, HANDOVER)];
    case 'FundTakenOver':
      return [moneyIn(event.data.fundId, 'handover-in', event.data.amount, HANDOVER)];
    case 'EntryCorrected': {
      const { fundId, amountDelta: delta, corrects } = event.data;
      // `fundId` is the corrected entry's fund: the one it paid into or out of, or (a transfer) the one it left.
      const from = corrects.fromFundId ?? fundId;
      const to = corrects.toFundId ?? fundId;
      switch (corrects.kind) {
        case 'contribution':
          return [moneyIn(to, 'correction', delta, corrects.category)];
        case 'payment':
          return [
            moneyOut(from, 'correction', delta, corrects.category, {
              supportPaid: delta,
              recipients: corrects.recipientsDelta,
            }),
          ];
        case 'transfer':
          return transfer(from, to, delta, ['correction', 'correction']);
        default:
          return [];
      }
    }
  }
}

/** Adds to one key; a key back at zero (a reversed entry) is left out, as if nothing had moved. */
function addTo(counts: Record<string, number>, key: string | null, amount: number): Record<string, number> {
  if (key === null || amount === 0) return counts;
  const total = (counts[key] ?? 0) + amount;
  if (total !== 0) return { ...counts, [key]: total };
  return Object.fromEntries(Object.entries(counts).filter(([other]) => other !== key));
}

function applyMovement<T extends FundFlows>(flows: T, m: Movement): T {
  return {
    ...flows,
    balance: flows.balance + m.balance,
    inflow: flows.inflow + m.inflow,
    outflow: flows.outflow + m.outflow,
    supportPaid: flows.supportPaid + m.supportPaid,
    recipients: flows.recipients + m.recipients,
    inflowBySource: addTo(flows.inflowBySource, m.source, m.inflow),
    outflowByPurpose: addTo(flows.outflowByPurpose, m.purpose, m.outflow),
  };
}

/** The fund an opening opens, or a takeover opens in the absorbing federation's book when it had none of that id. */
function openedBy(event: StoredEvent<FundOpened | FundTakenOver>): FundDoc {
  const { federationId, fundId, name, kind } = event.data;
  return {
    federationId,
    fundId,
    name,
    kind,
    openedOn: dateOf(event),
    transfersIn: 0,
    transfersOut: 0,
    ...noFlows(),
  };
}

function ledgerLineId(federationId: string, fundId: string, occurredOn: string, entryId: string): string {
  return `${ledgerPrefix(federationId, fundId)}${occurredOn}:${entryId}`;
}

/** What a ledger line says of its entry beyond the money: who was on the other side, and what a correction did. */
function entryDetails(
  event: StoredEvent<MoneyFact>,
): Pick<LedgerLineDoc, 'counterparty' | 'amountEach' | 'correction' | 'correctsEntryId' | 'reason'> {
  const none = { counterparty: null, amountEach: null, correction: null, correctsEntryId: null };
  const reason = event.metadata.reason ?? null;
  switch (event.type) {
    case 'ContributionReceived':
      return { ...none, counterparty: event.data.source, reason };
    case 'SupportPaid':
      return { ...none, counterparty: event.data.recipient, amountEach: event.data.amountEach ?? null, reason };
    // The other federation of a handover.
    case 'FundHandedOver':
      return { ...none, counterparty: { kind: 'federation', id: event.data.toFederationId, name: null }, reason };
    case 'FundTakenOver':
      return { ...none, counterparty: { kind: 'federation', id: event.data.fromFederationId, name: null }, reason };
    case 'EntryCorrected': {
      const { kind, correctsEntryId } = event.data;
      return { ...none, correction: kind, correctsEntryId, reason: event.data.reason ?? reason };
    }
    case 'FundTransferred':
      return { ...none, reason };
  }
}

export const fundsProjection = defineProjection<FundFact, FundDoc | FederationFundsDoc | LedgerLineDoc>({
  name: 'funds',
  // 2: ledger lines say whether a correction reverses or adjusts; sums back at zero are left out.
  // 3: a merge's fund handovers.
  version: 3,
  eventTypes: {
    FundOpened: true,
    ContributionReceived: true,
    SupportPaid: true,
    FundTransferred: true,
    EntryCorrected: true,
    FundHandedOver: true,
    FundTakenOver: true,
  },
  collections: {
    [FUNDS]: { indexes: [['federationId']] },
    [FEDERATION_FUNDS]: {},
    [LEDGER]: { indexes: [['federationId']] },
  },

  documentsOf(event) {
    const { federationId } = event.data;
    if (event.type === 'FundOpened') return [{ collection: FUNDS, id: fundDocId(federationId, event.data.fundId) }];
    const { entryId } = event.data;
    const movements = movementsOf(event);
    const refs: DocumentRef[] = movements.flatMap((m) => [
      { collection: FUNDS, id: fundDocId(federationId, m.fundId) },
      { collection: LEDGER, id: ledgerLineId(federationId, m.fundId, dateOf(event), entryId) },
    ]);
    if (movements.some((m) => !m.internal)) refs.push({ collection: FEDERATION_FUNDS, id: federationId });
    return refs;
  },

  evolve(doc, event, target) {
    if (event.type === 'FundOpened') return (doc as FundDoc | null) ?? openedBy(event);
    const { federationId, entryId } = event.data;
    const movements = movementsOf(event);
    switch (target.collection) {
      case FUNDS: {
        const fund = (doc as FundDoc | null) ?? (event.type === 'FundTakenOver' ? openedBy(event) : null);
        if (!fund) return fund;
        return movements
          .filter((m) => fund.fundId === m.fundId)
          .reduce<FundDoc>(
            (acc, m) => ({
              ...applyMovement(acc, m),
              transfersIn: acc.transfersIn + (m.internal && m.inflow ? m.inflow : 0),
              transfersOut: acc.transfersOut + (m.internal && m.outflow ? m.outflow : 0),
            }),
            fund,
          );
      }
      case FEDERATION_FUNDS:
        return movements
          .filter((m) => !m.internal)
          .reduce<FederationFundsDoc>(
            applyMovement,
            (doc as FederationFundsDoc | null) ?? { federationId, ...noFlows() },
          );
      case LEDGER: {
        // A ledger line is written once, on its own date; later-dated events never touch it.
        if (doc) return doc;
        const movement = movements.find(
          (m) => ledgerLineId(federationId, m.fundId, dateOf(event), entryId) === target.id,
        );
        if (!movement) return doc;
        const details = entryDetails(event);
        const line: LedgerLineDoc = {
          federationId,
          fundId: movement.fundId,
          entryId,
          occurredOn: dateOf(event),
          line: movement.line,
          amount: movement.balance,
          category: movement.source ?? movement.purpose,
          counterparty: details.counterparty,
          recipients: movement.recipients,
          amountEach: details.amountEach,
          correction: details.correction,
          correctsEntryId: details.correctsEntryId,
          recordedBy: event.metadata.actor,
          recordedAt: event.metadata.recordedAt,
          reason: details.reason,
        };
        return line;
      }
      default:
        return doc;
    }
  },
});
