import type { DomainEvent } from '../core/decider';

/**
 * The two democratic conferences a unit holds each year: Hội nghị người lao động (workers, every unit)
 * and Hội nghị cán bộ, công chức, viên chức (civil servants, public administration and service units only).
 */
export const CONFERENCE_KINDS = ['workers', 'civil-servants'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];

// Democracy at work stream, one per grassroots union: `democracy-<unionId>`.
// `federationId` is the federation the union belonged to on the business date, for coverage per federation.
export type ConferenceHeld = DomainEvent<
  'ConferenceHeld',
  { unionId: string; federationId: string; year: number; kind: ConferenceKind }
>;
/** A collective labour agreement (thỏa ước lao động tập thể); `validUntil` null when open-ended. */
export type AgreementSigned = DomainEvent<
  'AgreementSigned',
  {
    unionId: string;
    federationId: string;
    agreementId: string;
    title: string;
    validFrom: string;
    validUntil: string | null;
  }
>;

export type DemocracyEvent = ConferenceHeld | AgreementSigned;

export const democracyStream = (unionId: string) => `democracy-${unionId}`;
