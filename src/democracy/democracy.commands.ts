import type { CommandEntry, CommandTable } from '../commands/command-table';
import { loadStateOn } from '../core/handle-command';
import { unionInPath } from '../organisation/organisation.commands';
import { unionStream } from '../organisation/organisation.events';
import { unionDecider } from '../organisation/union';
import { democracyStream } from './democracy.events';
import {
  type WorkplaceDemocracyCommand,
  workplaceDemocracyDecider,
  type WorkplaceDemocracyLookups,
} from './workplace-democracy';

/** Every command goes to the union's democracy stream, with the union as it stood on the business date. */
const inTheUnionsDemocracy: CommandEntry<WorkplaceDemocracyCommand> = {
  /** Conferences and agreements: the union's federation on the date. */
  scope: unionInPath,
  stream: (command) => democracyStream(command.unionId),
  decider: workplaceDemocracyDecider,
  // Read from the store, not the decision's reads: the democracy append has never been conditional on the union.
  lookups: async (command, _state, { store, date }): Promise<WorkplaceDemocracyLookups> => ({
    union: await loadStateOn(store, unionStream(command.unionId), unionDecider, date),
  }),
};

export const democracyCommands: CommandTable<WorkplaceDemocracyCommand> = {
  HoldConference: inTheUnionsDemocracy,
  SignAgreement: inTheUnionsDemocracy,
};
