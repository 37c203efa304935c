import { assertNotBefore, assertNotInFuture } from '../core/business-date';
import { assertNever, type Decider } from '../core/decider';
import { LaterFactContradicts, NotFound, RuleBroken } from '../core/domain-error';
import { assertFederationActiveOn, type FederationState } from './federation';
import type { UnionEvent, UnionSector } from './organisation.events';

/** A grassroots union (Công đoàn cơ sở). */
export interface UnionState {
  status: 'unfounded' | 'active' | 'dissolved';
  id: string;
  name: string;
  sector: UnionSector;
  federationId: string;
  foundedOn: string;
  dissolvedOn: string | null;
  /** The latest business date a member arrived (joined or was transferred in), as recorded so far. */
  lastArrival: { on: string; memberId: string } | null;
  /** The latest business date of a transfer of the union itself. */
  lastTransferOn: string | null;
}

export type UnionCommand =
  | { type: 'FoundUnion'; unionId: string; federationId: string; name: string; sector: UnionSector }
  | { type: 'DissolveUnion'; unionId: string }
  | { type: 'TransferUnion'; unionId: string; toFederationId: string };

/** The federation the command names (founding or receiving one), read by the command layer. */
export interface UnionLookups {
  federation?: FederationState;
}

export const initialUnionState: UnionState = {
  status: 'unfounded',
  id: '',
  name: '',
  sector: 'non-state-enterprise',
  federationId: '',
  foundedOn: '',
  dissolvedOn: null,
  lastArrival: null,
  lastTransferOn: null,
};

function later(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}

/** Throws NotFound / RuleBroken unless the union was founded and not dissolved on that date. */
export function assertUnionActiveOn(state: UnionState | undefined, id: string, date: string): UnionState {
  if (!state || state.status === 'unfounded') throw new NotFound('union', id);
  if (date < state.foundedOn) {
    throw new RuleBroken(
      'union.not-yet-founded',
      `union '${id}' was founded only on ${state.foundedOn}, after ${date}`,
    );
  }
  if (state.dissolvedOn !== null && date >= state.dissolvedOn) {
    throw new RuleBroken('union.dissolved', `union '${id}' was dissolved on ${state.dissolvedOn}`);
  }
  return state;
}

export const unionDecider: Decider<UnionState, UnionCommand, UnionEvent, UnionLookups> = {
  initialState: initialUnionState,

  evolve(state, event) {
    switch (event.type) {
      case 'UnionFounded':
        return {
          ...state,
          status: 'active',
          id: event.data.unionId,
          name: event.data.name,
          sector: event.data.sector,
          federationId: event.data.federationId,
          foundedOn: event.data.occurredOn,
        };
      case 'UnionDissolved':
        return { ...state, status: 'dissolved', dissolvedOn: event.data.occurredOn };
      case 'UnionTransferred':
        return {
          ...state,
          federationId: event.data.toFederationId,
          lastTransferOn: later(state.lastTransferOn, event.data.occurredOn),
        };
      case 'MemberAdmitted':
        return state.lastArrival && state.lastArrival.on > event.data.occurredOn
          ? state
          : { ...state, lastArrival: { on: event.data.occurredOn, memberId: event.data.memberId } };
      default:
        return assertNever(event);
    }
  },

  decide(command, state, { occurredOn, today }, lookups) {
    assertNotInFuture(occurredOn, today);
    switch (command.type) {
      case 'FoundUnion':
        if (state.status !== 'unfounded') {
          throw new RuleBroken(
            'union.already-founded',
            `union '${command.unionId}' was already founded on ${state.foundedOn}`,
          );
        }
        assertFederationActiveOn(lookups.federation, command.federationId, occurredOn);
        return [
          {
            type: 'UnionFounded',
            data: {
              occurredOn,
              unionId: command.unionId,
              federationId: command.federationId,
              name: command.name,
              sector: command.sector,
            },
          },
        ];
      case 'DissolveUnion': {
        const union = assertUnionActiveOn(state, command.unionId, occurredOn);
        // Checked against the whole history, not only up to the date: a member who arrived on or after the
        // dissolution date, or a transfer of the union dated after it, says the union was active then.
        if (union.lastArrival && union.lastArrival.on >= occurredOn) {
          throw new LaterFactContradicts(
            `union '${union.id}' cannot be dissolved on ${occurredOn}: member '${union.lastArrival.memberId}' ` +
              `arrived in it on ${union.lastArrival.on}, as already recorded`,
          );
        }
        if (union.lastTransferOn && union.lastTransferOn > occurredOn) {
          throw new LaterFactContradicts(
            `union '${union.id}' cannot be dissolved on ${occurredOn}: it was transferred on ${union.lastTransferOn}, ` +
              'as already recorded',
          );
        }
        return [{ type: 'UnionDissolved', data: { occurredOn, unionId: union.id, federationId: union.federationId } }];
      }
      case 'TransferUnion': {
        const union = assertUnionActiveOn(state, command.unionId, occurredOn);
        if (command.toFederationId === union.federationId) {
          throw new RuleBroken(
            'union.same-federation',
            `union '${union.id}' already belongs to '${union.federationId}'`,
          );
        }
        assertFederationActiveOn(lookups.federation, command.toFederationId, occurredOn);
        assertNotBefore(occurredOn, union.foundedOn, `union '${union.id}'`);
        if (union.lastTransferOn && union.lastTransferOn > occurredOn) {
          throw new LaterFactContradicts(
            `union '${union.id}' cannot be transferred on ${occurredOn}: it was transferred again on ` +
              `${union.lastTransferOn}, as already recorded`,
          );
        }
        return [
          {
            type: 'UnionTransferred',
            data: {
              occurredOn,
              unionId: union.id,
              fromFederationId: union.federationId,
              toFederationId: command.toFederationId,
            },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },
};
