import { BadRequestException } from '@nestjs/common';
import { isBusinessDate } from '../core/business-date';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN } from '../http/recorded-fact.dto';
import type { OrganisationLookup } from './organisation-lookup';

/**
 * Reading which federations a command route is about. Each command's scope is declared beside its entry in its
 * context's command table (`src/<context>/<context>.commands.ts`) and checked by the auth guard. A recorder scoped to `ba-vi` may record a command only when every federation it touches is `ba-vi` or
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

export function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

export function idIn(value: unknown, name: string): string {
  if (typeof value !== 'string' || !ENTITY_ID_PATTERN.test(value)) malformed(`${name} ${ENTITY_ID_MESSAGE}`);
  return value;
}

/** A malformed field a scope needs: 400, as validation would answer. */
export function malformed(message: string): never {
  throw new BadRequestException([message]);
}

/** A list in the body; absent reads as empty. */
export function listIn(body: unknown, name: string): unknown[] {
  const value = field(body, name);
  if (value === undefined) return [];
  if (!Array.isArray(value)) malformed(`${name} must be an array`);
  return value;
}

export const bodyId = (input: ScopeInput, name: string) => idIn(field(input.body, name), name);
export const pathId = (input: ScopeInput, name: string) => idIn(input.params[name], name);

export function optionalBodyId(input: ScopeInput, name: string): string | undefined {
  const value = field(input.body, name);
  return value === undefined || value === null ? undefined : idIn(value, name);
}

/** The command's business date when it is well formed: unions are placed where they were on that day. */
export function dateOf(input: ScopeInput): string | undefined {
  const occurredOn = field(input.body, 'occurredOn');
  return typeof occurredOn === 'string' && isBusinessDate(occurredOn) ? occurredOn : undefined;
}

// ---- What an entity leads to ----------------------------------------------------------------------

export const federation = (id: string): Touched => ({ federationId: id, via: `federation '${id}'` });

/**
 * Scope over time: a union is in a recorder's scope only if it is there both today and on the command's date,
 * so a back-dated fact about a union that has since left (or had not yet come) is refused.
 */
export async function union(
  organisation: OrganisationLookup,
  id: string,
  date: string | undefined,
): Promise<Touched[]> {
  const [then, now] = await Promise.all([organisation.unionFederation(id, date), organisation.unionFederation(id)]);
  return now === then
    ? [{ federationId: now, via: `union '${id}'` }]
    : [
        { federationId: then, via: `union '${id}' (on ${date})` },
        { federationId: now, via: `union '${id}' (today)` },
      ];
}

/** A member through their union, both today and on the command's date. */
export async function member(
  organisation: OrganisationLookup,
  id: string,
  date: string | undefined,
): Promise<Touched[]> {
  const [then, now] = await Promise.all([organisation.memberFederation(id, date), organisation.memberFederation(id)]);
  return now === then
    ? [{ federationId: now, via: `member '${id}'` }]
    : [
        { federationId: then, via: `member '${id}' (on ${date})` },
        { federationId: now, via: `member '${id}' (today)` },
      ];
}

export async function cluster(organisation: OrganisationLookup, id: string, named: (string | undefined)[]) {
  const federations = [...(await organisation.clusterFederations(id)), ...named.filter((f) => f !== undefined)];
  return federations.length > 0
    ? [...new Set(federations)].map(federation)
    : [{ federationId: null, via: `cluster '${id}'` }];
}
