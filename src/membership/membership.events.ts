import type { DomainEvent } from '../core/decider';

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * Personal data under Decree 13/2023 (Nghị định 13/2023/NĐ-CP): it stays in the member's own stream
 * and out of read models that only count.
 */
export interface PersonalData {
  fullName: string;
  gender: Gender;
  birthDate: string;
}

/**
 * `PersonalData` as stored in `MemberJoined`: AES-256-GCM under the member's own key, base64 fields
 * (sealed and opened by `src/privacy/personal-data-cipher.ts`). Part of the event's stored shape, so it
 * is declared here with the events.
 */
export interface SealedPersonalData {
  encrypted: { keyId: string; iv: string; ciphertext: string; tag: string };
}

// Member (đoàn viên) stream: `member-<id>`.
/**
 * As the decider decides it, with the plain personal data. The command handler seals `personal` with the
 * member's key before the append (see `SealedMemberJoined`), so the stored event and its hash hold ciphertext.
 */
export type MemberJoined = DomainEvent<
  'MemberJoined',
  { memberId: string; unionId: string; federationId: string; personal: PersonalData }
>;
/** `MemberJoined` as stored: read it back through `revealPersonalData`, never directly. */
export type SealedMemberJoined = DomainEvent<
  'MemberJoined',
  { memberId: string; unionId: string; federationId: string; personal: SealedPersonalData }
>;
export type MemberTransferred = DomainEvent<
  'MemberTransferred',
  { memberId: string; fromUnionId: string; toUnionId: string; fromFederationId: string; toFederationId: string }
>;
export type MemberLeft = DomainEvent<'MemberLeft', { memberId: string; unionId: string; federationId: string }>;

/** The member's key was destroyed: their personal data can no longer be read. Carries no personal data. */
export type MemberForgotten = DomainEvent<'MemberForgotten', { memberId: string }>;

/** The membership facts: what counts read. */
export type MemberEvent = MemberJoined | MemberTransferred | MemberLeft;
/** Everything in a member's stream: the membership facts and the forgetting of the person's data. */
export type MemberStreamEvent = MemberEvent | MemberForgotten;

export const memberStream = (memberId: string) => `member-${memberId}`;
