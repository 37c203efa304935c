import { assertNotBefore, assertNotInFuture, isBusinessDate } from '../core/business-date';
import { assertNever, type Decider } from '../core/decider';
import { NotFound, RuleBroken } from '../core/domain-error';
import { assertUnionActiveOn, type UnionState } from '../organisation/union';
import type { MemberStreamEvent, PersonalData } from './membership.events';

export interface MemberState {
  status: 'never-joined' | 'member' | 'left';
  id: string;
  unionId: string;
  /** Date of the latest join, transfer or departure: later facts cannot predate it. */
  since: string;
  /** Personal data destroyed (Decree 13/2023): the membership facts stay, the person cannot rejoin under this id. */
  forgotten: boolean;
}

export type MemberCommand =
  | { type: 'JoinMember'; memberId: string; unionId: string; personal: PersonalData }
  | { type: 'TransferMember'; memberId: string; toUnionId: string }
  | { type: 'RecordMemberLeft'; memberId: string }
  | { type: 'ForgetMember'; memberId: string };

/** The unions the command touches, read by the command layer. */
export interface MemberLookups {
  /** The union joined, or transferred to. */
  targetUnion?: UnionState;
  /** The union the member belongs to now. */
  currentUnion?: UnionState;
}

export const initialMemberState: MemberState = {
  status: 'never-joined',
  id: '',
  unionId: '',
  since: '',
  forgotten: false,
};

/** Members join at working age: refuse dates of birth that are impossible or make them younger than 15. */
const MIN_WORKING_AGE = 15;

export const memberDecider: Decider<MemberState, MemberCommand, MemberStreamEvent, MemberLookups> = {
  initialState: initialMemberState,

  evolve(state, event) {
    switch (event.type) {
      case 'MemberJoined':
        return {
          ...state,
          status: 'member',
          id: event.data.memberId,
          unionId: event.data.unionId,
          since: event.data.occurredOn,
        };
      case 'MemberTransferred':
        return { ...state, unionId: event.data.toUnionId, since: event.data.occurredOn };
      case 'MemberLeft':
        return { ...state, status: 'left', since: event.data.occurredOn };
      case 'MemberForgotten':
        return { ...state, forgotten: true };
      default:
        return assertNever(event);
    }
  },

  decide(command, state, { occurredOn, today }, lookups) {
    assertNotInFuture(occurredOn, today);
    switch (command.type) {
      case 'JoinMember': {
        if (state.status === 'member') {
          throw new RuleBroken(
            'member.already-joined',
            `member '${command.memberId}' already belongs to union '${state.unionId}'`,
          );
        }
        if (state.forgotten) {
          throw new RuleBroken(
            'member.forgotten',
            `member '${command.memberId}' was forgotten: record the person's return under a new member id`,
          );
        }
        if (state.status === 'left') assertNotBefore(occurredOn, state.since, `the member's departure`);
        const union = assertUnionActiveOn(lookups.targetUnion, command.unionId, occurredOn);
        assertBirthDate(command.personal.birthDate, occurredOn);
        return [
          {
            type: 'MemberJoined',
            data: {
              occurredOn,
              memberId: command.memberId,
              unionId: union.id,
              federationId: union.federationId,
              personal: command.personal,
            },
          },
        ];
      }
      case 'TransferMember': {
        const current = assertMember(state, command.memberId);
        assertNotBefore(occurredOn, current.since, `the member's last change`);
        if (command.toUnionId === current.unionId) {
          throw new RuleBroken(
            'member.same-union',
            `member '${current.id}' already belongs to union '${current.unionId}'`,
          );
        }
        // The union left behind may since have been dissolved: its members must still be able to move on.
        const from = assertUnionKnown(lookups.currentUnion, current.unionId);
        const to = assertUnionActiveOn(lookups.targetUnion, command.toUnionId, occurredOn);
        return [
          {
            type: 'MemberTransferred',
            data: {
              occurredOn,
              memberId: current.id,
              fromUnionId: from.id,
              toUnionId: to.id,
              fromFederationId: from.federationId,
              toFederationId: to.federationId,
            },
          },
        ];
      }
      case 'RecordMemberLeft': {
        const current = assertMember(state, command.memberId);
        assertNotBefore(occurredOn, current.since, `the member's last change`);
        const union = assertUnionKnown(lookups.currentUnion, current.unionId);
        return [
          {
            type: 'MemberLeft',
            data: { occurredOn, memberId: current.id, unionId: current.unionId, federationId: union.federationId },
          },
        ];
      }
      case 'ForgetMember': {
        if (state.status === 'never-joined') throw new NotFound('member', command.memberId);
        if (state.forgotten) {
          throw new RuleBroken(
            'member.already-forgotten',
            `member '${state.id}' was already forgotten: their personal data is gone`,
          );
        }
        assertNotBefore(occurredOn, state.since, `the member's last change`);
        return [{ type: 'MemberForgotten', data: { occurredOn, memberId: state.id } }];
      }
      default:
        return assertNever(command);
    }
  },
};

/**
 * Throws NotFound / RuleBroken unless the person was a member on that date. `state` is the member as it
 * stood on the date (its events dated up to then); a member who joined later shows a later `since`.
 */
export function assertMemberOn(state: MemberState | undefined, id: string, date: string): MemberState {
  if (!state || state.status === 'never-joined') throw new NotFound('member', id);
  if (state.status !== 'member' || state.since > date) {
    const why =
      state.status === 'left' && state.since <= date
        ? `left on ${state.since}, so was not a member on ${date}`
        : `was not yet a member on ${date}`;
    throw new RuleBroken('member.not-a-member-on-date', `member '${id}' ${why}`);
  }
  return state;
}

function assertMember(state: MemberState, memberId: string): MemberState {
  if (state.status === 'never-joined') throw new NotFound('member', memberId);
  if (state.status === 'left') {
    throw new RuleBroken('member.has-left', `member '${memberId}' left the union on ${state.since}`);
  }
  return state;
}

function assertBirthDate(birthDate: string, joinedOn: string): void {
  const latest = `${Number(joinedOn.slice(0, 4)) - MIN_WORKING_AGE}${joinedOn.slice(4)}`;
  if (!isBusinessDate(birthDate) || birthDate > latest || birthDate < '1900-01-01') {
    throw new RuleBroken(
      'member.birth-date',
      `birthDate ${birthDate} is not plausible: a member must be at least ${MIN_WORKING_AGE} on joining (${joinedOn})`,
    );
  }
}

/** The union must be on record; whether it is still active does not matter here. */
function assertUnionKnown(union: UnionState | undefined, id: string): UnionState {
  if (!union || union.status === 'unfounded') throw new NotFound('union', id);
  return union;
}
