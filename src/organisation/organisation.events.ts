import type { DomainEvent } from '../core/decider';

/** Levels of the union hierarchy: city LĐLĐ, district LĐLĐ, and (since 2025) commune/ward unions. */
export const FEDERATION_LEVELS = ['national', 'city', 'district', 'commune'] as const;
export type FederationLevel = (typeof FEDERATION_LEVELS)[number];

/** Grassroots-union sectors (khu vực hành chính sự nghiệp / doanh nghiệp nhà nước / ngoài nhà nước). */
export const UNION_SECTORS = [
  'public-administration',
  'public-service',
  'state-enterprise',
  'non-state-enterprise',
] as const;
export type UnionSector = (typeof UNION_SECTORS)[number];

// Federation (Liên đoàn Lao động) stream: `federation-<id>`.
export type FederationRegistered = DomainEvent<
  'FederationRegistered',
  { federationId: string; name: string; level: FederationLevel; parentId: string | null }
>;
export type FederationRenamed = DomainEvent<'FederationRenamed', { federationId: string; from: string; to: string }>;
/** The federation was absorbed into another; its unions are expected to be transferred. */
export type FederationsMerged = DomainEvent<'FederationsMerged', { federationId: string; intoFederationId: string }>;
export type FederationDissolved = DomainEvent<'FederationDissolved', { federationId: string }>;
/** Yearly plan: new members and new grassroots unions to recruit (chỉ tiêu phát triển). */
export type DevelopmentTargetSet = DomainEvent<
  'DevelopmentTargetSet',
  { federationId: string; year: number; newMembers: number; newUnions: number }
>;
/** Workers in the units the federation covers, for coverage rates. */
export type WorkforceReported = DomainEvent<
  'WorkforceReported',
  { federationId: string; year: number; workers: number }
>;

/**
 * The federation competes in an emulation cluster (cụm thi đua) for a year: recorded in its own stream with
 * the cluster's formation, so that it can hold one seat a year, however many clusters are formed at once.
 */
export type FederationEnteredCluster = DomainEvent<
  'FederationEnteredCluster',
  { federationId: string; clusterId: string; year: number }
>;

export type FederationEvent =
  | FederationRegistered
  | FederationEnteredCluster
  | FederationRenamed
  | FederationsMerged
  | FederationDissolved
  | DevelopmentTargetSet
  | WorkforceReported;

// Grassroots union (Công đoàn cơ sở) stream: `union-<id>`.
export type UnionFounded = DomainEvent<
  'UnionFounded',
  { unionId: string; federationId: string; name: string; sector: UnionSector }
>;
export type UnionDissolved = DomainEvent<'UnionDissolved', { unionId: string; federationId: string }>;
export type UnionTransferred = DomainEvent<
  'UnionTransferred',
  { unionId: string; fromFederationId: string; toFederationId: string }
>;

/**
 * A member came into the union, by joining or by transfer: recorded in the union's own stream, in the same
 * atomic append as the member's event, so that the union's later decisions (a dissolution, a transfer) see
 * every member who arrived, and a concurrent join and dissolution cannot both be accepted.
 */
export type MemberAdmitted = DomainEvent<
  'MemberAdmitted',
  { unionId: string; memberId: string; via: 'join' | 'transfer' }
>;

export type UnionEvent = UnionFounded | UnionDissolved | UnionTransferred | MemberAdmitted;

export const federationStream = (federationId: string) => `federation-${federationId}`;
export const unionStream = (unionId: string) => `union-${unionId}`;

// Reorganisation stream: `reorganisation-<id>`. One record of the whole change, resolved: every union moved
// (those a merge carried along included, `automatic`), every federation registered, merged or dissolved.
// The same append records each change in the stream of the entity it is about.
export interface PlannedRegistration {
  federationId: string;
  name: string;
  level: FederationLevel;
  parentId: string | null;
}
export interface PlannedMove {
  unionId: string;
  fromFederationId: string;
  toFederationId: string;
  /** True when the union moved because its federation was merged, not because it was listed. */
  automatic: boolean;
}
export interface PlannedMerge {
  federationId: string;
  intoFederationId: string;
}
export type ReorganisationRecorded = DomainEvent<
  'ReorganisationRecorded',
  {
    reorganisationId: string;
    registered: PlannedRegistration[];
    moved: PlannedMove[];
    merged: PlannedMerge[];
    dissolved: string[];
  }
>;

export const reorganisationStream = (reorganisationId: string) => `reorganisation-${reorganisationId}`;
