import { assertNotBefore, assertNotInFuture, isBusinessDate } from '../core/business-date';
import { assertNever, type Decider } from '../core/decider';
import { NotFound, RuleBroken } from '../core/domain-error';
import { assertUnionActiveOn, type UnionState } from '../organisation/union';
import type { MemberEvent, PersonalData } from './membership.events';

export interface MemberState {
  status: 'never-joined' | 'member' | 'left';
  id: string;
  unionId: string;
  /** Date of the latest join, transfer or departure: later facts cannot predate it. */
  since: string;
}

export type MemberCommand =
  | { type: 'JoinMember'; memberId: string; unionId: string; personal: PersonalData }
  | { type: 'TransferMember'; memberId: string; toUnionId: string }
  | { type: 'RecordMemberLeft'; memberId: string };

/** The unions the command touches, read by the command layer. */
export interface MemberLookups {
  /** The union joined, or transferred to. */
  targetUnion?: UnionState;
  /** The union the member belongs to now. */
  currentUnion?: UnionState;
}

export const initialMemberState: MemberState = { status: 'never-joined', id: '', unionId: '', since: '' };

/** Members join at working age: refuse dates of birth that are impossible or make them younger than 15. */
const MIN_WORKING_AGE = 15;

export const memberDecider: Decider<MemberState, MemberCommand, MemberEvent, MemberLookups> = {
  initialState: initialMemberState,

  evolve(state, event) {
    switch (event.type) {
      case 'MemberJoined':
        return { status: 'member', id: event.data.memberId, unionId: event.data.unionId, since: event.data.occurredOn };
      case 'MemberTransferred':
        return { ...state, unionId: event.data.toUnionId, since: event.data.occurredOn };
      case 'MemberLeft':
        return { ...state, status: 'left', since: event.data.occurredOn };
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
        const from = assertUnionActiveOn(lookups.currentUnion, current.unionId, occurredOn);
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
        const federationId = lookups.currentUnion?.federationId ?? '';
        return [
          { type: 'MemberLeft', data: { occurredOn, memberId: current.id, unionId: current.unionId, federationId } },
        ];
      }
      default:
        return assertNever(command);
    }
  },
};

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
