import { MAX_DEPTH } from './federation-tree';
import type { ProjectionReader } from '../../src/core/projection-reader';
import { FEDERATIONS, type FederationDoc, UNIONS, type UnionDoc } from './membership.projection';
import { federationMembership } from './membership.queries';

/** A reorganisation's moves and new federations, as its resolved record lists them. */
export interface ReorganisationPlan {
  occurredOn: string;
  registered: { federationId: string; parentId: string | null }[];
  moved: { unionId: string; fromFederationId: string; toFederationId: string }[];
  merged: { federationId: string; intoFederationId: string }[];
  dissolved: string[];
}

export interface HeadCount {
  members: number;
  unions: { active: number; dissolved: number };
}

export interface FederationBeforeAfter {
  federationId: string;
  /** Null for a federation the reorganisation registers. */
  before: HeadCount | null;
  after: HeadCount;
}

/**
 * The figures of every federation a reorganisation touches, and of every federation above them, on its date:
 * as recorded now (`before`) and as they would be once it is recorded (`after`). Each moved union's members
 * leave every federation above its old place that is not also above its new one, and join the others.
 */
export async function reorganisationFigures(
  reader: ProjectionReader,
  plan: ReorganisationPlan,
): Promise<FederationBeforeAfter[]> {
  const at = { asOf: plan.occurredOn };
  const parents = new Map<string, string | null>(plan.registered.map((r) => [r.federationId, r.parentId]));
  const parentOf = async (id: string): Promise<string | null> => {
    if (!parents.has(id)) parents.set(id, (await reader.get<FederationDoc>(FEDERATIONS, id, at))?.parentId ?? null);
    return parents.get(id)!;
  };
  const chainOf = async (id: string): Promise<string[]> => {
    const chain = [id];
    for (let depth = 0, parent = await parentOf(id); parent !== null && depth < MAX_DEPTH; depth++) {
      chain.push(parent);
      parent = await parentOf(parent);
    }
    return chain;
  };

  const touched = new Set<string>([
    ...plan.registered.map((r) => r.federationId),
    ...plan.moved.flatMap((m) => [m.fromFederationId, m.toFederationId]),
    ...plan.merged.flatMap((m) => [m.federationId, m.intoFederationId]),
    ...plan.dissolved,
  ]);
  const affected = new Set<string>();
  for (const id of touched) for (const ancestor of await chainOf(id)) affected.add(ancestor);

  const after = new Map<string, HeadCount>();
  const before = new Map<string, HeadCount | null>();
  for (const id of affected) {
    const figures =
      parents.has(id) && plan.registered.some((r) => r.federationId === id)
        ? null
        : await federationMembership(reader, id, at);
    const count = figures ? { members: figures.members, unions: { ...figures.unions } } : null;
    before.set(id, count);
    after.set(
      id,
      count
        ? { members: count.members, unions: { ...count.unions } }
        : { members: 0, unions: { active: 0, dissolved: 0 } },
    );
  }

  for (const move of plan.moved) {
    const union = await reader.get<UnionDoc>(UNIONS, move.unionId, at);
    if (!union) continue;
    const from = new Set(await chainOf(move.fromFederationId));
    const to = new Set(await chainOf(move.toFederationId));
    const shift = (id: string, sign: 1 | -1) => {
      const figures = after.get(id)!;
      figures.members += sign * union.members;
      if (union.status === 'active') figures.unions.active += sign;
      else figures.unions.dissolved += sign;
    };
    for (const id of from) if (!to.has(id)) shift(id, -1);
    for (const id of to) if (!from.has(id)) shift(id, 1);
  }

  return [...affected]
    .sort()
    .map((federationId) => ({ federationId, before: before.get(federationId)!, after: after.get(federationId)! }));
}
