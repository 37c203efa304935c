import type { StoredEvent } from '../../src/core/event-store.port';
import type { DocumentRef, Projection } from '../../src/core/projection';
import { type FundFlows, type FundTransfers, noFlows } from '../../src/funds/fund-flows';
import { HANDOVER } from '../../src/funds/funds.events';

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

type Data = Record<string, unknown> & { federationId: string };

/** The business date every effect is dated by: the one the engine versions documents from. */
const dateOf = (event: StoredEvent) => event.metadata.occurredOn;

interface Corrects {
  kind: 'contribution' | 'payment' | 'transfer';
  fromFundId: string | null;
  toFundId: string | null;
  category: string | null;
  recipientsDelta: number;
}

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

function movementsOf(event: StoredEvent): Movement[] {
  const d = event.data as Data;
  const base = { supportPaid: 0, recipients: 0, source: null, purpose: null, internal: false };
  switch (event.type) {
    case 'ContributionReceived': {
      const a = Number(d.amount);
      const source = (d.source as { kind: string }).kind;
      return [{ ...base, fundId: String(d.fundId), line: 'contribution', balance: a, inflow: a, outflow: 0, source }];
    }
    case 'SupportPaid': {
      const a = Number(d.amount);
      return [
        {
          ...base,
          fundId: String(d.fundId),
          line: 'payment',
          balance: -a,
          inflow: 0,
          outflow: a,
          supportPaid: a,
          recipients: Number(d.recipients),
          purpose: String(d.purpose),
        },
      ];
    }
    case 'FundTransferred': {
      const a = Number(d.amount);
      return [
        {
          ...base,
          fundId: String(d.fromFundId),
          line: 'transfer-out',
          balance: -a,
          inflow: 0,
          outflow: a,
          purpose: 'transfer',
          internal: true,
        },
        {
          ...base,
          fundId: String(d.toFundId),
          line: 'transfer-in',
          balance: a,
          inflow: a,
          outflow: 0,
          source: 'transfer',
          internal: true,
        },
      ];
    }
    // A merged federation's balance leaving its book, and arriving in the absorbing federation's: flows of each
    // federation (a parent's roll-up sees both, and its balance does not move).
    case 'FundHandedOver': {
      const a = Number(d.amount);
      return [
        {
          ...base,
          fundId: String(d.fundId),
          line: 'handover-out',
          balance: -a,
          inflow: 0,
          outflow: a,
          purpose: HANDOVER,
        },
      ];
    }
    case 'FundTakenOver': {
      const a = Number(d.amount);
      return [
        { ...base, fundId: String(d.fundId), line: 'handover-in', balance: a, inflow: a, outflow: 0, source: HANDOVER },
      ];
    }
    case 'EntryCorrected': {
      const delta = Number(d.amountDelta);
      const corrects = d.corrects as Corrects;
      const line = 'correction' as const;
      switch (corrects.kind) {
        case 'contribution':
          return [
            {
              ...base,
              fundId: String(corrects.toFundId),
              line,
              balance: delta,
              inflow: delta,
              outflow: 0,
              source: corrects.category,
            },
          ];
        case 'payment':
          return [
            {
              ...base,
              fundId: String(corrects.fromFundId),
              line,
              balance: -delta,
              inflow: 0,
              outflow: delta,
              supportPaid: delta,
              recipients: corrects.recipientsDelta,
              purpose: corrects.category,
            },
          ];
        case 'transfer':
          return [
            {
              ...base,
              fundId: String(corrects.fromFundId),
              line,
              balance: -delta,
              inflow: 0,
              outflow: delta,
              purpose: 'transfer',
              internal: true,
            },
            {
              ...base,
              fundId: String(corrects.toFundId),
              line,
              balance: delta,
              inflow: delta,
              outflow: 0,
              source: 'transfer',
              internal: true,
            },
          ];
        default:
          return [];
      }
    }
    default:
      return [];
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

/** The fund a takeover opens in the absorbing federation's book when it had none of that id. */
function openedBy(event: StoredEvent): FundDoc {
  const d = event.data as Data;
  return {
    federationId: d.federationId,
    fundId: String(d.fundId),
    name: String(d.name),
    kind: String(d.kind),
    openedOn: dateOf(event),
    transfersIn: 0,
    transfersOut: 0,
    ...noFlows(),
  };
}

/** The other federation of a handover, as a ledger line's counterparty. */
function federationParty(d: Data): LedgerLineDoc['counterparty'] {
  const id = (d.toFederationId ?? d.fromFederationId) as string | undefined;
  return id === undefined ? null : { kind: 'federation', id, name: null };
}

function ledgerLineId(federationId: string, fundId: string, occurredOn: string, entryId: string): string {
  return `${ledgerPrefix(federationId, fundId)}${occurredOn}:${entryId}`;
}

export const fundsProjection: Projection = {
  name: 'funds',
  // 2: ledger lines say whether a correction reverses or adjusts; sums back at zero are left out.
  // 3: a merge's fund handovers.
  version: 3,
  eventTypes: [
    'FundOpened',
    'ContributionReceived',
    'SupportPaid',
    'FundTransferred',
    'EntryCorrected',
    'FundHandedOver',
    'FundTakenOver',
  ],
  collections: {
    [FUNDS]: { indexes: [['federationId']] },
    [FEDERATION_FUNDS]: {},
    [LEDGER]: { indexes: [['federationId']] },
  },

  documentsOf(event: StoredEvent): DocumentRef[] {
    const d = event.data as Data;
    if (event.type === 'FundOpened') return [{ collection: FUNDS, id: fundDocId(d.federationId, String(d.fundId)) }];
    const movements = movementsOf(event);
    const refs: DocumentRef[] = movements.flatMap((m) => [
      { collection: FUNDS, id: fundDocId(d.federationId, m.fundId) },
      { collection: LEDGER, id: ledgerLineId(d.federationId, m.fundId, dateOf(event), String(d.entryId)) },
    ]);
    if (movements.some((m) => !m.internal)) refs.push({ collection: FEDERATION_FUNDS, id: d.federationId });
    return refs;
  },

  evolve(doc: unknown, event: StoredEvent, target: DocumentRef): unknown {
    const d = event.data as Data;
    if (event.type === 'FundOpened') return (doc as FundDoc | null) ?? openedBy(event);
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
            (doc as FederationFundsDoc | null) ?? { federationId: d.federationId, ...noFlows() },
          );
      case LEDGER: {
        // A ledger line is written once, on its own date; later-dated events never touch it.
        if (doc) return doc;
        const movement = movements.find(
          (m) => ledgerLineId(d.federationId, m.fundId, dateOf(event), String(d.entryId)) === target.id,
        );
        if (!movement) return doc;
        const counterparty = (d.source ?? d.recipient ?? federationParty(d)) as LedgerLineDoc['counterparty'];
        const line: LedgerLineDoc = {
          federationId: d.federationId,
          fundId: movement.fundId,
          entryId: String(d.entryId),
          occurredOn: dateOf(event),
          line: movement.line,
          amount: movement.balance,
          category: movement.source ?? movement.purpose,
          counterparty,
          recipients: movement.recipients,
          amountEach: (d.amountEach as number | null | undefined) ?? null,
          correction: event.type === 'EntryCorrected' ? (d.kind as LedgerLineDoc['correction']) : null,
          correctsEntryId: (d.correctsEntryId as string | undefined) ?? null,
          recordedBy: event.metadata.actor,
          recordedAt: event.metadata.recordedAt,
          reason: (d.reason as string | undefined) ?? event.metadata.reason ?? null,
        };
        return line;
      }
      default:
        return doc;
    }
  },
};
