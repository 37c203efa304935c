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

// Member (đoàn viên) stream: `member-<id>`.
export type MemberJoined = DomainEvent<
  'MemberJoined',
  { memberId: string; unionId: string; federationId: string; personal: PersonalData }
>;
export type MemberTransferred = DomainEvent<
  'MemberTransferred',
  { memberId: string; fromUnionId: string; toUnionId: string; fromFederationId: string; toFederationId: string }
>;
export type MemberLeft = DomainEvent<'MemberLeft', { memberId: string; unionId: string; federationId: string }>;

export type MemberEvent = MemberJoined | MemberTransferred | MemberLeft;

export const memberStream = (memberId: string) => `member-${memberId}`;
