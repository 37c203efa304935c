import { type ClusterCommand } from '../clusters/cluster';
import { clustersCommands } from '../clusters/clusters.commands';
import type { WorkplaceDemocracyCommand } from '../democracy/workplace-democracy';
import { democracyCommands } from '../democracy/democracy.commands';
import type { FundBookCommand } from '../funds/fund-book';
import { fundsCommands } from '../funds/funds.commands';
import type { MemberCommand } from '../membership/member';
import { membershipCommands } from '../membership/membership.commands';
import { type OrganisationCommand, organisationCommands } from '../organisation/organisation.commands';
import type { AwardCommand } from '../recognition/award';
import type { InitiativeCommand } from '../recognition/initiative';
import { recognitionCommands } from '../recognition/recognition.commands';
import type { CommandEntry, CommandTable } from './command-table';

/** Every command the service records, from every context. */
export type AnyCommand =
  | OrganisationCommand
  | MemberCommand
  | FundBookCommand
  | AwardCommand
  | InitiativeCommand
  | WorkplaceDemocracyCommand
  | ClusterCommand;

/** The context tables, by context: a command type appears in exactly one (checked by a test). */
export const CONTEXT_TABLES = {
  organisation: organisationCommands,
  membership: membershipCommands,
  funds: fundsCommands,
  recognition: recognitionCommands,
  democracy: democracyCommands,
  clusters: clustersCommands,
} as const;

export const ALL_COMMANDS: CommandTable<AnyCommand> = Object.assign({}, ...Object.values(CONTEXT_TABLES));

export function entryFor<Command extends AnyCommand>(command: Command): CommandEntry<Command> {
  return ALL_COMMANDS[command.type as AnyCommand['type']] as CommandEntry<Command>;
}
