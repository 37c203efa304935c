import type { DomainEvent } from '../core/decider';

/**
 * The funds a federation keeps: quỹ xã hội (social), quỹ vì người nghèo (poverty), quỹ đền ơn đáp nghĩa
 * (gratitude), quỹ "Mái ấm Công đoàn" (housing), tài chính công đoàn (union budget), quỹ vì biển đảo
 * (sea islands), Covid-19 donations, and any other.
 */
export const FUND_KINDS = [
  'social',
  'poverty',
  'gratitude',
  'housing',
  'union-budget',
  'sea-islands',
  'covid',
  'other',
] as const;
export type FundKind = (typeof FUND_KINDS)[number];

/** Who gave the money. */
export const SOURCE_KINDS = ['member', 'union', 'federation', 'organisation', 'individual', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What support was paid for: Tết gifts (quà Tết), hardship, illness, housing, emergency, Covid, frontline units… */
export const SUPPORT_PURPOSES = [
  'tet-gifts',
  'hardship',
  'illness',
  'housing',
  'emergency',
  'covid',
  'frontline',
  'children-gifts',
  'other',
] as const;
export type SupportPurpose = (typeof SUPPORT_PURPOSES)[number];

/** Who received support; `workers` covers groups such as "1,296 workers" at Tết. */
export const SUPPORT_RECIPIENT_KINDS = ['member', 'union', 'family', 'outside-unit', 'workers'] as const;
export type SupportRecipientKind = (typeof SUPPORT_RECIPIENT_KINDS)[number];

export const CORRECTION_KINDS = ['reversal', 'adjustment'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/** An id when the party is known to the system, a name when it is not (or both). */
export interface ContributionSource {
  kind: SourceKind;
  id: string | null;
  name: string | null;
}

export interface SupportRecipient {
  kind: SupportRecipientKind;
  id: string | null;
  name: string | null;
}

// Fund book stream: `fundbook-<federationId>`. All of a federation's funds share one stream, so a transfer
// between two of them is one atomic append and the no-overdraft rule sees every fund at once.
// Amounts are whole đồng (VND), positive integers.
export type FundOpened = DomainEvent<
  'FundOpened',
  { federationId: string; fundId: string; kind: FundKind; name: string }
>;
/** Money into a fund (tiếp nhận ủng hộ, đóng góp). */
export type ContributionReceived = DomainEvent<
  'ContributionReceived',
  { federationId: string; entryId: string; fundId: string; amount: number; source: ContributionSource }
>;
/**
 * Money out of a fund as support (hỗ trợ, thăm hỏi, tặng quà). Either one recipient (`recipients` 1,
 * `amountEach` null) or `recipients` × `amountEach` = `amount` exactly, e.g. 242 gifts × 1,000,000 đ.
 */
export type SupportPaid = DomainEvent<
  'SupportPaid',
  {
    federationId: string;
    entryId: string;
    fundId: string;
    amount: number;
    purpose: SupportPurpose;
    recipient: SupportRecipient;
    recipients: number;
    amountEach: number | null;
  }
>;
export type FundTransferred = DomainEvent<
  'FundTransferred',
  { federationId: string; entryId: string; fromFundId: string; toFundId: string; amount: number }
>;
/**
 * A later entry that reverses or adjusts an earlier one, effective from its own date; nothing is edited.
 * `amountDelta` is the signed change to the corrected entry's amount (a reversal's is minus what remained).
 * `fundId` is the corrected entry's fund; for a transfer, the fund it came from (the receiving fund is the
 * transfer's `toFundId`).
 */
export type EntryCorrected = DomainEvent<
  'EntryCorrected',
  {
    federationId: string;
    entryId: string;
    correctsEntryId: string;
    kind: CorrectionKind;
    fundId: string;
    amountDelta: number;
    reason: string;
    corrects: CorrectedEntry;
  }
>;

/** The corrected entry as it was recorded: where its money moved, its source or purpose, its recipients. */
export interface CorrectedEntry {
  kind: 'contribution' | 'payment' | 'transfer';
  fromFundId: string | null;
  toFundId: string | null;
  /** Source kind of a contribution, purpose of a payment, null for a transfer. */
  category: string | null;
  /** A reversed payment no longer reached its recipients. */
  recipientsDelta: number;
}

/**
 * The book is closed (kết sổ) for every business date up to and including `closedThrough`: no fact dated then
 * may be recorded any more, so the figures an inspector signed off stay as they were. Moves no money.
 */
export type PeriodClosed = DomainEvent<'PeriodClosed', { federationId: string; closedThrough: string }>;
/**
 * An explicit, reasoned reopening of the closed dates from `reopenedFrom` on: entries dated from then may be
 * recorded again, until the book is closed anew. Moves no money.
 */
export type PeriodReopened = DomainEvent<
  'PeriodReopened',
  { federationId: string; reopenedFrom: string; reason: string }
>;

/**
 * A merged federation's fund handed over, whole balance, to the federation that absorbed it, on the merge date
 * (recorded by the reorganisation, in the same append as the merge). The book takes no entries after it.
 */
export type FundHandedOver = DomainEvent<
  'FundHandedOver',
  { federationId: string; entryId: string; fundId: string; amount: number; toFederationId: string; toFundId: string }
>;
/**
 * The same money received by the absorbing federation, into its fund of the same id — opened by this event,
 * with the handed-over fund's kind and name, when its book had none.
 */
export type FundTakenOver = DomainEvent<
  'FundTakenOver',
  {
    federationId: string;
    entryId: string;
    fundId: string;
    kind: FundKind;
    name: string;
    amount: number;
    fromFederationId: string;
    fromFundId: string;
  }
>;

export type FundBookEvent =
  | FundOpened
  | ContributionReceived
  | SupportPaid
  | FundTransferred
  | EntryCorrected
  | PeriodClosed
  | PeriodReopened
  | FundHandedOver
  | FundTakenOver;

/** The category under which a handover shows in flows: `inflowBySource.handover`, `outflowByPurpose.handover`. */
export const HANDOVER = 'handover';

export const fundBookStream = (federationId: string) => `fundbook-${federationId}`;
