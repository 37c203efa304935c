import type { ClusterEvent } from '../clusters/clusters.events';
import type { EventTypes } from '../core/typed-events';
import type { DemocracyEvent } from '../democracy/democracy.events';
import type { FundBookEvent } from '../funds/funds.events';
import type { LogSealed } from '../integrity/integrity.events';
import type {
  MemberForgotten,
  MemberLeft,
  MemberTransferred,
  SealedMemberJoined,
  SealedPersonalData,
} from '../membership/membership.events';
import type { FederationEvent, ReorganisationRecorded, UnionEvent } from '../organisation/organisation.events';
import type { AwardEvent, InitiativeEvent } from '../recognition/recognition.events';

/** Every event the ledger stores, in its stored shape (a member's personal data sealed). */
export type LedgerEvent =
  | FederationEvent
  | UnionEvent
  | ReorganisationRecorded
  | SealedMemberJoined
  | MemberTransferred
  | MemberLeft
  | MemberForgotten
  | FundBookEvent
  | AwardEvent
  | InitiativeEvent
  | ClusterEvent
  | DemocracyEvent
  | LogSealed;

/** The events that carry a member's sealed personal data: the history shows it opened, or redacted once forgotten. */
export type WithPersonalData = Extract<LedgerEvent, { data: { personal: SealedPersonalData } }>;

/** Their types. An event type added with sealed personal data fails to compile until it is listed here. */
export const WITH_PERSONAL_DATA: EventTypes<WithPersonalData> = { MemberJoined: true };
