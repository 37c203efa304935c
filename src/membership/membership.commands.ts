import { bodyId, type CommandScope, dateOf, member, pathId, union } from '../auth/command-scope';
import type { CommandTable, LookupContext } from '../commands/command-table';
import type { AlsoRecorded } from '../core/handle-command';
import { type MemberAdmitted, unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { type MemberCommand, memberDecider, type MemberLookups, type MemberState } from './member';
import { memberStream } from './membership.events';
import { sealedJoin } from './sealed-join';

/**
 * Every membership command goes to the member's stream. Unions are read through the decision's reads, as they
 * stood on the command's date: the member's append is conditional on each, so a union dissolved (or moved) at
 * the same time makes the decision be taken again, and the federation recorded is the union's on that date.
 */
const unionOn = ({ reads, date }: LookupContext, id: string) => reads.stateOn(unionStream(id), unionDecider, date);
const stream = (command: MemberCommand) => memberStream(command.memberId);

/** The member's union now, known only once its history is folded. */
const currentUnion = async (member: MemberState, look: LookupContext) =>
  member.unionId ? await unionOn(look, member.unionId) : undefined;

const memberInPath: CommandScope = (input, organisation) => member(organisation, pathId(input, 'id'), dateOf(input));

export const membershipCommands: CommandTable<MemberCommand> = {
  JoinMember: {
    scope: async (input, organisation) => union(organisation, bodyId(input, 'unionId'), dateOf(input)),
    stream,
    decider: memberDecider,
    prepare: (command, { keys }) => sealedJoin(command, keys),
    lookups: async (command, _member, look): Promise<MemberLookups> => ({
      targetUnion: await unionOn(look, command.unionId),
    }),
    alsoRecord: admittedToUnion,
  },
  TransferMember: {
    /** Both the member's present union and the union it moves to. */
    scope: async (input, organisation) => [
      ...(await member(organisation, pathId(input, 'id'), dateOf(input))),
      ...(await union(organisation, bodyId(input, 'toUnionId'), dateOf(input))),
    ],
    stream,
    decider: memberDecider,
    lookups: async (command, state: MemberState, look): Promise<MemberLookups> => ({
      currentUnion: await currentUnion(state, look),
      targetUnion: await unionOn(look, command.toUnionId),
    }),
    alsoRecord: admittedToUnion,
  },
  RecordMemberLeft: {
    scope: memberInPath,
    stream,
    decider: memberDecider,
    lookups: async (_command, state: MemberState, look): Promise<MemberLookups> => ({
      currentUnion: await currentUnion(state, look),
    }),
  },
  ForgetMember: {
    scope: memberInPath,
    stream,
    decider: memberDecider,
    // Destroyed after the event is recorded; a replayed request destroys nothing more.
    afterRecorded: (command, { keys }) => keys.destroyKey(command.memberId),
  },
};

/** A member who joins or is transferred in is entered on the union's roster, in the same append. */
function admittedToUnion(events: { type: string; data: object }[]): AlsoRecorded[] {
  return events.flatMap((event): AlsoRecorded[] => {
    if (event.type === 'MemberJoined' || event.type === 'MemberTransferred') {
      const data = event.data as { occurredOn: string; memberId: string; unionId?: string; toUnionId?: string };
      const unionId = event.type === 'MemberJoined' ? data.unionId! : data.toUnionId!;
      const admitted: MemberAdmitted = {
        type: 'MemberAdmitted',
        data: {
          occurredOn: data.occurredOn,
          unionId,
          memberId: data.memberId,
          via: event.type === 'MemberJoined' ? 'join' : 'transfer',
        },
      };
      return [{ streamId: unionStream(unionId), events: [admitted] }];
    }
    return [];
  });
}
