import {
  bodyId,
  type CommandScope,
  dateOf,
  federation,
  field,
  idIn,
  listIn,
  optionalBodyId,
  pathId,
  type ScopeInput,
  type Touched,
  union,
} from '../auth/command-scope';
import type { CommandTable, LookupContext } from '../commands/command-table';
import { fundBookDecider } from '../funds/fund-book';
import { fundBookStream } from '../funds/funds.events';
import { type FederationCommand, federationDecider, type FederationLookups } from './federation';
import { fundBooksReadBy, handoversOf } from './fund-handover';
import { federationStream, reorganisationStream, unionStream } from './organisation.events';
import {
  changesOf,
  namedIn,
  type Reorganise,
  reorganisationDecider,
  type ReorganisationLookups,
} from './reorganisation';
import { type UnionCommand, unionDecider, type UnionLookups } from './union';

export type OrganisationCommand = FederationCommand | UnionCommand | Reorganise;

const federationOf = (command: { federationId: string }) => federationStream(command.federationId);
const unionOf = (command: { unionId: string }) => unionStream(command.unionId);
const federationState = ({ reads }: LookupContext, id: string) => reads.state(federationStream(id), federationDecider);

/** Rename, dissolve, development targets, workforce: the federation in the path. */
const federationInPath: CommandScope = async (input) => [federation(pathId(input, 'id'))];
/** Dissolving a union: the union's federation on the date. */
export const unionInPath: CommandScope = async (input, organisation) =>
  union(organisation, pathId(input, 'id'), dateOf(input));

/** A federation command that looks nothing up in other streams. */
const onItsOwn = { scope: federationInPath, stream: federationOf, decider: federationDecider };

export const organisationCommands: CommandTable<OrganisationCommand> = {
  RegisterFederation: {
    /** A new federation sits under its parent; a top-level one is in scope only if named in the scope itself. */
    scope: async (input) => {
      const parentId = optionalBodyId(input, 'parentId');
      if (parentId !== undefined) return [federation(parentId)];
      const id = optionalBodyId(input, 'id');
      return [id !== undefined ? federation(id) : { federationId: null, via: 'a new top-level federation' }];
    },
    stream: federationOf,
    decider: federationDecider,
    lookups: async (command, _state, look): Promise<FederationLookups> => ({
      other: command.parentId === null ? undefined : await federationState(look, command.parentId),
    }),
  },
  /**
   * A merge without its unions (history replays). `POST /federations/:id/merge` records a one-merge
   * reorganisation instead, under this scope: both the federation merged away and the one absorbing it.
   */
  MergeFederation: {
    scope: async (input) => [federation(pathId(input, 'id')), federation(bodyId(input, 'intoFederationId'))],
    stream: federationOf,
    decider: federationDecider,
    lookups: async (command, _state, look): Promise<FederationLookups> => ({
      other: await federationState(look, command.intoFederationId),
    }),
  },
  RenameFederation: onItsOwn,
  DissolveFederation: onItsOwn,
  SetDevelopmentTarget: onItsOwn,
  ReportWorkforce: onItsOwn,
  FoundUnion: {
    scope: async (input) => [federation(bodyId(input, 'federationId'))],
    stream: unionOf,
    decider: unionDecider,
    lookups: async (command, _state, look): Promise<UnionLookups> => ({
      federation: await federationState(look, command.federationId),
    }),
  },
  TransferUnion: {
    /** Both the federation giving the union up and the one receiving it. */
    scope: async (input, organisation) => [
      ...(await union(organisation, pathId(input, 'id'), dateOf(input))),
      federation(bodyId(input, 'toFederationId')),
    ],
    stream: unionOf,
    decider: unionDecider,
    lookups: async (command, _state, look): Promise<UnionLookups> => ({
      federation: await federationState(look, command.toFederationId),
    }),
  },
  DissolveUnion: { scope: unionInPath, stream: unionOf, decider: unionDecider },
  Reorganise: {
    scope: reorganisationScope,
    stream: (command) => reorganisationStream(command.reorganisationId),
    decider: reorganisationDecider,
    lookups: reorganisationLookups,
    alsoRecord: ([recorded], lookups: ReorganisationLookups) => [
      ...changesOf(recorded),
      ...handoversOf(recorded, lookups.fundBooks),
    ],
  },
};

/** Everything the reorganisation names, read through the decision's reads, and the unions under each ending federation. */
async function reorganisationLookups(command: Reorganise, _state: unknown, look: LookupContext) {
  const { reads, directory, date } = look;
  const named = namedIn(command);
  const underEach = await Promise.all(named.ending.map((id) => directory.unionsOf(id, date)));
  const unionIds = [...new Set([...named.unions, ...underEach.flat()])];
  const bookIds = fundBooksReadBy(command.merges);
  const [federations, unions, books] = await Promise.all([
    Promise.all(named.federations.map((id) => federationState(look, id))),
    Promise.all(unionIds.map((id) => reads.state(unionStream(id), unionDecider))),
    Promise.all(bookIds.map((id) => reads.state(fundBookStream(id), fundBookDecider))),
  ]);
  const lookups: ReorganisationLookups = {
    federations: Object.fromEntries(named.federations.map((id, i) => [id, federations[i]])),
    unions: Object.fromEntries(unionIds.map((id, i) => [id, unions[i]])),
    unionsUnder: Object.fromEntries(named.ending.map((id, i) => [id, underEach[i]])),
    fundBooks: Object.fromEntries(bookIds.map((id, i) => [id, books[i]])),
  };
  return lookups;
}

/**
 * A reorganisation touches every federation it names: each new federation's parent, each union's federation
 * and the one it moves to, both sides of each merge, each federation dissolved.
 */
async function reorganisationScope(input: ScopeInput, organisation: Parameters<CommandScope>[1]): Promise<Touched[]> {
  const list = (name: string) => listIn(input.body, name);
  const touched: Touched[] = [];
  for (const [index, entry] of list('register').entries()) {
    const parentId = optionalBodyId({ ...input, body: entry }, 'parentId');
    touched.push(
      parentId !== undefined ? federation(parentId) : federation(idIn(field(entry, 'id'), `register[${index}].id`)),
    );
  }
  const registered = new Set(list('register').map((entry) => field(entry, 'id')));
  for (const [index, entry] of list('moves').entries()) {
    touched.push(
      ...(await union(organisation, idIn(field(entry, 'unionId'), `moves[${index}].unionId`), dateOf(input))),
    );
    const to = idIn(field(entry, 'toFederationId'), `moves[${index}].toFederationId`);
    // A federation registered in the same request is in scope through its parent.
    if (!registered.has(to)) touched.push(federation(to));
  }
  for (const [index, entry] of list('merges').entries()) {
    touched.push(federation(idIn(field(entry, 'federationId'), `merges[${index}].federationId`)));
    const into = idIn(field(entry, 'intoFederationId'), `merges[${index}].intoFederationId`);
    if (!registered.has(into)) touched.push(federation(into));
  }
  for (const [index, id] of list('dissolutions').entries())
    touched.push(federation(idIn(id, `dissolutions[${index}]`)));
  return touched.length > 0 ? touched : [{ federationId: null, via: 'an empty reorganisation' }];
}
