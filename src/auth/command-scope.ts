import { BadRequestException } from '@nestjs/common';
import { MAX_CLUSTER_FEDERATIONS } from '../clusters/clusters.dto';
import { isBusinessDate } from '../core/business-date';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN } from '../http/recorded-fact.dto';
import type { OrganisationLookup } from './organisation-lookup';

/**
 * Which federations each command route is about: the one place a recorder's scope is checked against.
 * A recorder scoped to `ba-vi` may record a command only when every federation it touches is `ba-vi` or
 * below it. The guard runs before body validation, so these read the raw request; a field they need that
 * is missing or malformed answers 400 here, as validation would. An entity that cannot be found cannot be
 * shown to be in scope, so it is refused (403), never let through.
 */

/** The raw request a scope is read from. */
export interface ScopeInput {
  params: Record<string, string>;
  body: unknown;
}

/** One federation a command touches, or `null` when the entity leading to it is unknown. */
export interface Touched {
  federationId: string | null;
  /** How the federation was found, for the 403 message: `union 'tan-linh'`. */
  via: string;
}

export type CommandScope = (input: ScopeInput, organisation: OrganisationLookup) => Promise<Touched[]>;

// ---- Reading the raw request ----------------------------------------------------------------------

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

function idIn(value: unknown, name: string): string {
  if (typeof value !== 'string' || !ENTITY_ID_PATTERN.test(value)) {
    throw new BadRequestException([`${name} ${ENTITY_ID_MESSAGE}`]);
  }
  return value;
}

const bodyId = (input: ScopeInput, name: string) => idIn(field(input.body, name), name);
const pathId = (input: ScopeInput, name: string) => idIn(input.params[name], name);

function optionalBodyId(input: ScopeInput, name: string): string | undefined {
  const value = field(input.body, name);
  return value === undefined || value === null ? undefined : idIn(value, name);
}

/** The command's business date when it is well formed: unions are placed where they were on that day. */
function dateOf(input: ScopeInput): string | undefined {
  const occurredOn = field(input.body, 'occurredOn');
  return typeof occurredOn === 'string' && isBusinessDate(occurredOn) ? occurredOn : undefined;
}

// ---- What an entity leads to ----------------------------------------------------------------------

const federation = (id: string): Touched => ({ federationId: id, via: `federation '${id}'` });

/**
 * Scope over time: a union is in a recorder's scope only if it is there both today and on the command's date,
 * so a back-dated fact about a union that has since left (or had not yet come) is refused.
 */
async function union(organisation: OrganisationLookup, id: string, date: string | undefined): Promise<Touched[]> {
  const [then, now] = await Promise.all([organisation.unionFederation(id, date), organisation.unionFederation(id)]);
  return now === then
    ? [{ federationId: now, via: `union '${id}'` }]
    : [
        { federationId: then, via: `union '${id}' (on ${date})` },
        { federationId: now, via: `union '${id}' (today)` },
      ];
}

/** A member through their union, both today and on the command's date. */
async function member(organisation: OrganisationLookup, id: string, date: string | undefined): Promise<Touched[]> {
  const [then, now] = await Promise.all([organisation.memberFederation(id, date), organisation.memberFederation(id)]);
  return now === then
    ? [{ federationId: now, via: `member '${id}'` }]
    : [
        { federationId: then, via: `member '${id}' (on ${date})` },
        { federationId: now, via: `member '${id}' (today)` },
      ];
}

async function cluster(organisation: OrganisationLookup, id: string, named: (string | undefined)[]) {
  const federations = [...(await organisation.clusterFederations(id)), ...named.filter((f) => f !== undefined)];
  return federations.length > 0
    ? [...new Set(federations)].map(federation)
    : [{ federationId: null, via: `cluster '${id}'` }];
}

// ---- One scope per command route ------------------------------------------------------------------

export const SCOPES = {
  /** A new federation sits under its parent; a top-level one is in scope only if named in the scope itself. */
  registerFederation: async (input) => {
    const parentId = optionalBodyId(input, 'parentId');
    if (parentId !== undefined) return [federation(parentId)];
    const id = optionalBodyId(input, 'id');
    return [id !== undefined ? federation(id) : { federationId: null, via: 'a new top-level federation' }];
  },
  /** Rename, dissolve, development targets, workforce: the federation in the path. */
  federationInPath: async (input) => [federation(pathId(input, 'id'))],
  /**
   * A reorganisation touches every federation it names: each new federation's parent, each union's federation
   * and the one it moves to, both sides of each merge, each federation dissolved.
   */
  reorganise: async (input, organisation) => {
    const list = (name: string): unknown[] => {
      const value = field(input.body, name);
      if (value === undefined) return [];
      if (!Array.isArray(value)) throw new BadRequestException([`${name} must be an array`]);
      return value;
    };
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
  },
  /** Both the federation merged away and the one absorbing it. */
  mergeFederation: async (input) => [federation(pathId(input, 'id')), federation(bodyId(input, 'intoFederationId'))],
  foundUnion: async (input) => [federation(bodyId(input, 'federationId'))],
  /** Dissolving a union, its conferences and agreements: the union's federation on the date. */
  unionInPath: async (input, organisation) => await union(organisation, pathId(input, 'id'), dateOf(input)),
  /** Both the federation giving the union up and the one receiving it. */
  transferUnion: async (input, organisation) => [
    ...(await union(organisation, pathId(input, 'id'), dateOf(input))),
    federation(bodyId(input, 'toFederationId')),
  ],
  joinMember: async (input, organisation) => union(organisation, bodyId(input, 'unionId'), dateOf(input)),
  memberInPath: async (input, organisation) => member(organisation, pathId(input, 'id'), dateOf(input)),
  /** Both the member's present union and the union it moves to. */
  transferMember: async (input, organisation) => [
    ...(await member(organisation, pathId(input, 'id'), dateOf(input))),
    ...(await union(organisation, bodyId(input, 'toUnionId'), dateOf(input))),
  ],
  /** Every fund command names the federation owning the fund book in the path. */
  fundBook: async (input) => [federation(pathId(input, 'federationId'))],
  /** The federation the recipient belonged to on the date. */
  grantAward: async (input, organisation) => {
    const kind = field(input.body, 'recipientKind');
    const id = bodyId(input, 'recipientId');
    const date = dateOf(input);
    if (kind === 'member') return member(organisation, id, date);
    if (kind === 'union') return union(organisation, id, date);
    if (kind === 'federation') return [federation(id)];
    throw new BadRequestException(['recipientKind must be one of the following values: member, union, federation']);
  },
  revokeAward: async (input, organisation) => {
    const id = pathId(input, 'id');
    return [{ federationId: await organisation.awardFederation(id), via: `award '${id}'` }];
  },
  recogniseInitiative: async (input, organisation) => {
    const unionId = optionalBodyId(input, 'unionId');
    return [
      federation(bodyId(input, 'federationId')),
      ...(unionId === undefined ? [] : await union(organisation, unionId, dateOf(input))),
    ];
  },
  /** Forming a cluster year: every federation named, and every one already in the cluster. */
  formCluster: async (input, organisation) => {
    const named = field(input.body, 'federationIds');
    if (!Array.isArray(named) || named.length === 0 || named.length > MAX_CLUSTER_FEDERATIONS) {
      throw new BadRequestException([
        `federationIds must be an array of 1 to ${MAX_CLUSTER_FEDERATIONS} federation ids`,
      ]);
    }
    return cluster(
      organisation,
      pathId(input, 'id'),
      named.map((id, index) => idIn(id, `federationIds[${index}]`)),
    );
  },
  /** Leaders, scoring rules, evaluations: a cluster spans districts, so every federation in it. */
  clusterInPath: async (input, organisation) =>
    cluster(organisation, pathId(input, 'id'), [
      optionalBodyId(input, 'leaderFederationId'),
      optionalBodyId(input, 'deputyFederationId'),
      optionalBodyId(input, 'federationId'),
    ]),
} satisfies Record<string, CommandScope>;
