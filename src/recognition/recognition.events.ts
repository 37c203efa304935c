import type { DomainEvent } from '../core/decider';

/** The level that awards the title: grassroots union, district, city or national federation. */
export const AWARD_LEVELS = ['grassroots', 'district', 'city', 'national'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];

export const RECIPIENT_KINDS = ['member', 'union', 'federation'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface AwardRecipient {
  kind: RecipientKind;
  id: string;
}

// Award (danh hiệu, bằng khen) stream: `award-<id>`.
/**
 * A title such as "Lao động giỏi", "Công nhân giỏi Thủ đô", "Giỏi việc nước, đảm việc nhà" or "Chiến sĩ thi đua".
 * `federationId` is the federation the recipient belonged to on the grant date, for per-federation counts;
 * `year` is the year the title is for (usually the one a year-end conference closes).
 */
export type AwardGranted = DomainEvent<
  'AwardGranted',
  { awardId: string; title: string; level: AwardLevel; recipient: AwardRecipient; federationId: string; year: number }
>;
export type AwardRevoked = DomainEvent<
  'AwardRevoked',
  { awardId: string; recipient: AwardRecipient; federationId: string; year: number }
>;

export type AwardEvent = AwardGranted | AwardRevoked;

// Initiative (sáng kiến) stream: `initiative-<id>`.
/** A workplace initiative recognised, with the value it saved in whole đồng. */
export type InitiativeRecognised = DomainEvent<
  'InitiativeRecognised',
  { initiativeId: string; federationId: string; unionId: string | null; title: string; valueSavedDong: number }
>;

export type InitiativeEvent = InitiativeRecognised;

export const awardStream = (awardId: string) => `award-${awardId}`;
export const initiativeStream = (initiativeId: string) => `initiative-${initiativeId}`;
