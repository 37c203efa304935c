import { assertNotBefore, assertNotInFuture, yearOf } from '../core/business-date';
import { assertNever, type Decider } from '../core/decider';
import { NotFound, RuleBroken } from '../core/domain-error';
import { assertMemberOn, type MemberState } from '../membership/member';
import { assertFederationActiveOn, type FederationState } from '../organisation/federation';
import { assertUnionActiveOn, type UnionState } from '../organisation/union';
import type { AwardEvent, AwardLevel, AwardRecipient } from './recognition.events';

export interface AwardState {
  status: 'ungranted' | 'granted' | 'revoked';
  id: string;
  recipient: AwardRecipient;
  federationId: string;
  grantedOn: string;
  /** The year the title is for: a revocation takes it out of that year's count. */
  year: number;
}

export type AwardCommand =
  | { type: 'GrantAward'; awardId: string; title: string; level: AwardLevel; recipient: AwardRecipient; year: number }
  | { type: 'RevokeAward'; awardId: string };

/**
 * The recipient and what it belonged to, as they stood on the grant date (read by the command layer):
 * a title counts for the federation the recipient was part of then, not where it is today.
 */
export interface AwardLookups {
  /** A member recipient. */
  member?: MemberState;
  /** A union recipient, or the union a member recipient belonged to. */
  union?: UnionState;
  /** A federation recipient. */
  federation?: FederationState;
}

export const initialAwardState: AwardState = {
  status: 'ungranted',
  id: '',
  recipient: { kind: 'member', id: '' },
  federationId: '',
  grantedOn: '',
  year: 0,
};

export const awardDecider: Decider<AwardState, AwardCommand, AwardEvent, AwardLookups> = {
  initialState: initialAwardState,

  evolve(state, event) {
    switch (event.type) {
      case 'AwardGranted':
        return {
          status: 'granted',
          id: event.data.awardId,
          recipient: event.data.recipient,
          federationId: event.data.federationId,
          grantedOn: event.data.occurredOn,
          year: event.data.year,
        };
      case 'AwardRevoked':
        return { ...state, status: 'revoked' };
      default:
        return assertNever(event);
    }
  },

  decide(command, state, { occurredOn, today }, lookups) {
    assertNotInFuture(occurredOn, today);
    switch (command.type) {
      case 'GrantAward': {
        if (state.status !== 'ungranted') {
          throw new RuleBroken(
            'award.already-granted',
            `award '${command.awardId}' was already granted on ${state.grantedOn}; give a new award its own id`,
          );
        }
        assertAwardYear(command.year, occurredOn);
        const federationId = federationOfRecipient(command.recipient, occurredOn, lookups);
        return [
          {
            type: 'AwardGranted',
            data: {
              occurredOn,
              awardId: command.awardId,
              title: command.title,
              level: command.level,
              recipient: command.recipient,
              federationId,
              year: command.year,
            },
          },
        ];
      }
      case 'RevokeAward':
        if (state.status === 'ungranted') throw new NotFound('award', command.awardId);
        if (state.status === 'revoked') {
          throw new RuleBroken('award.already-revoked', `award '${state.id}' has already been revoked`);
        }
        assertNotBefore(occurredOn, state.grantedOn, `award '${state.id}'`);
        return [
          {
            type: 'AwardRevoked',
            data: {
              occurredOn,
              awardId: state.id,
              recipient: state.recipient,
              federationId: state.federationId,
              year: state.year,
            },
          },
        ];
      default:
        return assertNever(command);
    }
  },
};

/** Titles are for the year being closed: a year-end conference in 2023 awards "Lao động giỏi năm 2023" or 2022's. */
function assertAwardYear(year: number, occurredOn: string): void {
  const granted = yearOf(occurredOn);
  if (year !== granted && year !== granted - 1) {
    throw new RuleBroken(
      'award.year',
      `an award granted on ${occurredOn} must be for ${granted} or ${granted - 1}, not ${year}`,
    );
  }
}

/** The recipient existed and was active on the date; returns the federation it belonged to then. */
function federationOfRecipient(recipient: AwardRecipient, date: string, lookups: AwardLookups): string {
  switch (recipient.kind) {
    case 'member': {
      const member = assertMemberOn(lookups.member, recipient.id, date);
      if (!lookups.union || lookups.union.status === 'unfounded') throw new NotFound('union', member.unionId);
      return lookups.union.federationId;
    }
    case 'union':
      return assertUnionActiveOn(lookups.union, recipient.id, date).federationId;
    case 'federation':
      return assertFederationActiveOn(lookups.federation, recipient.id, date).id;
    default:
      return assertNever(recipient.kind);
  }
}
