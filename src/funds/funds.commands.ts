import { federation, pathId } from '../auth/command-scope';
import type { CommandEntry, CommandTable } from '../commands/command-table';
import { memberDecider } from '../membership/member';
import { memberStream } from '../membership/membership.events';
import { federationDecider } from '../organisation/federation';
import { federationStream, unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { type FundBookCommand, fundBookDecider, type FundBookLookups, namedParty } from './fund-book';
import { fundBookStream } from './funds.events';

/**
 * Every funds command goes to its federation's one fund book stream, so a transfer between two funds is one
 * atomic append, and two clerks spending the same money at once meet the optimistic concurrency check.
 */
const inTheFundBook: CommandEntry<FundBookCommand> = {
  /** Every fund command names the federation owning the fund book in the path. */
  scope: async (input) => [federation(pathId(input, 'federationId'))],
  stream: (command) => fundBookStream(command.federationId),
  decider: fundBookDecider,
  lookups: async (command, _book, { reads, date }): Promise<FundBookLookups> => {
    const party = namedParty(command);
    return {
      federation: await reads.state(federationStream(command.federationId), federationDecider),
      union: party?.kind === 'union' ? await reads.stateOn(unionStream(party.id), unionDecider, date) : undefined,
      member: party?.kind === 'member' ? await reads.stateOn(memberStream(party.id), memberDecider, date) : undefined,
    };
  },
};

export const fundsCommands: CommandTable<FundBookCommand> = {
  OpenFund: inTheFundBook,
  ReceiveContribution: inTheFundBook,
  PaySupport: inTheFundBook,
  TransferBetweenFunds: inTheFundBook,
  CorrectEntry: inTheFundBook,
  ClosePeriod: inTheFundBook,
  ReopenPeriod: inTheFundBook,
};
