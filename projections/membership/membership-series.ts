import { MAX_DEPTH } from './federation-tree';
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
  const trees = await subtreesOn(reader, federationId, dates, knownAt);
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

/**
 * The federation and every federation below it on each date (empty where it did not exist), read level by
 * level: the root's versions, then the versions of its children on every date (by `parentId`, one read per
 * parent), and so on down. A federation under another on one date and elsewhere on another is followed on
 * the dates it is there.
 */
async function subtreesOn(
  reader: ProjectionReader,
  rootId: string,
  dates: readonly string[],
  knownAt: number | undefined,
): Promise<Set<string>[]> {
  const [root] = await reader.versionsOn<FederationDoc>(FEDERATIONS, dates, { id: rootId, knownAt });
  const trees = dates.map((_, index) => new Set<string>(root?.docs[index] ? [rootId] : []));
  let parents = root ? [rootId] : [];
  for (let depth = 0; depth < MAX_DEPTH && parents.length > 0; depth++) {
    const listings = await Promise.all(
      parents.map((parentId) => reader.versionsOn<FederationDoc>(FEDERATIONS, dates, { where: { parentId }, knownAt })),
    );
    const next = new Set<string>();
    listings.forEach((children, k) => {
      for (const { id, docs } of children) {
        docs.forEach((doc, index) => {
          if (doc && trees[index].has(parents[k])) {
            trees[index].add(id);
            next.add(id);
          }
        });
      }
    });
    parents = [...next];
  }
  return trees;
}
