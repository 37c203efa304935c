import type { ProjectionReader } from '../../src/core/projection-reader';
import type { RollUpDoc } from '../../src/core/roll-ups';
import { type MembershipTotals, noTotals, sumCounts, totalsFrom } from './membership.queries';
import { FEDERATION_TOTALS, FEDERATIONS, type FederationDoc } from './membership.projection';

/** A federation's rolled-up figures on one date of a series; `registered` false before it existed. */
export interface MembershipPoint extends MembershipTotals {
  date: string;
  registered: boolean;
}

export interface MembershipSeries {
  federationId: string;
  points: MembershipPoint[];
}

/**
 * A federation's figures on each date, rolled up through the hierarchy of each date — the same answer as
 * `federationMembership` date by date, read in one pass over the document versions: the federations on
 * every date in one read, then the totals of every federation that was ever in the tree in one read each.
 * Null when the federation existed on none of the dates.
 */
export async function federationMembershipSeries(
  reader: ProjectionReader,
  federationId: string,
  dates: readonly string[],
  knownAt?: number,
): Promise<MembershipSeries | null> {
  const federations = await reader.versionsOn<FederationDoc>(FEDERATIONS, dates, { knownAt });
  const trees = dates.map((_, index) => subtreeIds(federations, federationId, index));
  if (trees.every((ids) => ids.size === 0)) return null;

  const everInTree = [...new Set(trees.flatMap((ids) => [...ids]))];
  const listings = await Promise.all(
    everInTree.map((id) => reader.versionsOn<RollUpDoc>(FEDERATION_TOTALS, dates, { id, knownAt })),
  );
  const totals = new Map(listings.flat().map(({ id, docs }) => [id, docs]));

  const points = dates.map((date, index): MembershipPoint => {
    const ids = trees[index];
    if (ids.size === 0) return { date, registered: false, ...noTotals() };
    const counts = [...ids].map((id) => totals.get(id)?.[index]?.counts ?? {});
    return { date, registered: true, ...totalsFrom(sumCounts(counts)) };
  });
  return { federationId, points };
}

/** The federation and every federation below it on the date at `index` (empty when it did not exist then). */
function subtreeIds(
  federations: readonly { id: string; docs: (FederationDoc | null)[] }[],
  rootId: string,
  index: number,
): Set<string> {
  const children = new Map<string, string[]>();
  let rootExists = false;
  for (const { id, docs } of federations) {
    const doc = docs[index];
    if (!doc) continue;
    if (id === rootId) rootExists = true;
    if (doc.parentId !== null) children.set(doc.parentId, [...(children.get(doc.parentId) ?? []), id]);
  }
  const ids = new Set<string>();
  if (!rootExists) return ids;
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (ids.has(id)) continue;
    ids.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return ids;
}
