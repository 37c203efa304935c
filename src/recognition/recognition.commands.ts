import {
  bodyId,
  dateOf,
  federation,
  field,
  malformed,
  member,
  optionalBodyId,
  pathId,
  union,
} from '../auth/command-scope';
import type { CommandTable, LookupContext } from '../commands/command-table';
import { assertNever } from '../core/decider';
import { loadState, loadStateOn } from '../core/handle-command';
import { memberDecider } from '../membership/member';
import { memberStream } from '../membership/membership.events';
import { federationDecider } from '../organisation/federation';
import { federationStream, unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { type AwardCommand, type AwardLookups, awardDecider } from './award';
import { type InitiativeCommand, initiativeDecider, type InitiativeLookups } from './initiative';
import { type AwardRecipient, awardStream, initiativeStream } from './recognition.events';

/**
 * Members and unions are read as they stood on the command's date, so a title is counted for the federation
 * its recipient belonged to then. They are read from the store, not through the decision's reads: a recognition
 * has never been conditional on its recipient's streams.
 */
export const recognitionCommands: CommandTable<AwardCommand | InitiativeCommand> = {
  GrantAward: {
    /** The federation the recipient belonged to on the date. */
    scope: async (input, organisation) => {
      const kind = field(input.body, 'recipientKind');
      const id = bodyId(input, 'recipientId');
      const date = dateOf(input);
      if (kind === 'member') return member(organisation, id, date);
      if (kind === 'union') return union(organisation, id, date);
      if (kind === 'federation') return [federation(id)];
      return malformed('recipientKind must be one of the following values: member, union, federation');
    },
    stream: (command) => awardStream(command.awardId),
    decider: awardDecider,
    lookups: (command, _state, look) => recipient(command.recipient, look),
  },
  RevokeAward: {
    scope: async (input, organisation) => {
      const id = pathId(input, 'id');
      return [{ federationId: await organisation.awardFederation(id), via: `award '${id}'` }];
    },
    stream: (command) => awardStream(command.awardId),
    decider: awardDecider,
  },
  RecogniseInitiative: {
    scope: async (input, organisation) => {
      const unionId = optionalBodyId(input, 'unionId');
      return [
        federation(bodyId(input, 'federationId')),
        ...(unionId === undefined ? [] : await union(organisation, unionId, dateOf(input))),
      ];
    },
    stream: (command) => initiativeStream(command.initiativeId),
    decider: initiativeDecider,
    lookups: async (command, _state, look): Promise<InitiativeLookups> => ({
      federation: await loadState(look.store, federationStream(command.federationId), federationDecider),
      union: command.unionId === null ? undefined : await unionOn(look, command.unionId),
    }),
  },
};

async function recipient({ kind, id }: AwardRecipient, look: LookupContext): Promise<AwardLookups> {
  switch (kind) {
    case 'member': {
      // A member's federation is its union's on that date.
      const member = await loadStateOn(look.store, memberStream(id), memberDecider, look.date);
      return { member, union: member.unionId ? await unionOn(look, member.unionId) : undefined };
    }
    case 'union':
      return { union: await unionOn(look, id) };
    case 'federation':
      return { federation: await loadState(look.store, federationStream(id), federationDecider) };
    default:
      return assertNever(kind);
  }
}

const unionOn = ({ store, date }: LookupContext, id: string) => loadStateOn(store, unionStream(id), unionDecider, date);
