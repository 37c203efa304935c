import { assertNotInFuture } from '../core/business-date';
import { assertNever, type Decider } from '../core/decider';
import { RuleBroken } from '../core/domain-error';
import { assertAmountDong } from '../core/money';
import { assertFederationActiveOn, type FederationState } from '../organisation/federation';
import { assertUnionActiveOn, type UnionState } from '../organisation/union';
import type { InitiativeEvent } from './recognition.events';

/** A workplace initiative (sáng kiến). */
export interface InitiativeState {
  status: 'unrecognised' | 'recognised';
  id: string;
  recognisedOn: string;
}

export type InitiativeCommand = {
  type: 'RecogniseInitiative';
  initiativeId: string;
  federationId: string;
  unionId: string | null;
  title: string;
  valueSavedDong: number;
};

/** The federation, and the union if one is named, as they stood on the date (read by the command layer). */
export interface InitiativeLookups {
  federation?: FederationState;
  union?: UnionState;
}

export const initialInitiativeState: InitiativeState = { status: 'unrecognised', id: '', recognisedOn: '' };

export const initiativeDecider: Decider<InitiativeState, InitiativeCommand, InitiativeEvent, InitiativeLookups> = {
  initialState: initialInitiativeState,

  evolve(state, event) {
    switch (event.type) {
      case 'InitiativeRecognised':
        return { status: 'recognised', id: event.data.initiativeId, recognisedOn: event.data.occurredOn };
      default:
        return assertNever(event.type);
    }
  },

  decide(command, state, { occurredOn, today }, lookups) {
    assertNotInFuture(occurredOn, today);
    switch (command.type) {
      case 'RecogniseInitiative': {
        if (state.status === 'recognised') {
          throw new RuleBroken(
            'initiative.already-recognised',
            `initiative '${command.initiativeId}' was already recognised on ${state.recognisedOn}`,
          );
        }
        assertFederationActiveOn(lookups.federation, command.federationId, occurredOn);
        if (command.unionId !== null) {
          const union = assertUnionActiveOn(lookups.union, command.unionId, occurredOn);
          if (union.federationId !== command.federationId) {
            throw new RuleBroken(
              'initiative.union-outside-federation',
              `union '${union.id}' belonged to federation '${union.federationId}' on ${occurredOn}, not to '${command.federationId}'`,
            );
          }
        }
        assertAmountDong(command.valueSavedDong, 'valueSavedDong');
        return [
          {
            type: 'InitiativeRecognised',
            data: {
              occurredOn,
              initiativeId: command.initiativeId,
              federationId: command.federationId,
              unionId: command.unionId,
              title: command.title,
              valueSavedDong: command.valueSavedDong,
            },
          },
        ];
      }
      default:
        return assertNever(command.type);
    }
  },
};
