import type { ProjectionReader } from '../../src/core/projection-reader';
import type { ReadAt } from '../../src/core/read-store.port';
import { FEDERATIONS, type FederationDoc } from './membership.projection';

/**
 * The hierarchy as it stood on a date: a city federation (LĐLĐ thành phố), its district federations and,
 * from the 2025 reorganisation on, its commune/ward unions. A federation's documents exist from its
 * registration date, so listing children "as of" a date gives the structure of that date.
 */
export interface FederationNode {
  federation: FederationDoc;
  children: FederationNode[];
}

/** Deepest hierarchy walked: national → city → district → commune is four. */
export const MAX_DEPTH = 8;

/** The federation and every federation below it on the date (one listing per level), or null when unknown. */
export async function federationTree(
  reader: ProjectionReader,
  federationId: string,
  at?: ReadAt,
): Promise<FederationNode | null> {
  const root = await reader.get<FederationDoc>(FEDERATIONS, federationId, at);
  if (!root) return null;
  const node: FederationNode = { federation: root, children: [] };
  let level = [node];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: FederationNode[] = [];
    const listings = await Promise.all(
      level.map((parent) =>
        reader.listAll<FederationDoc>(FEDERATIONS, { where: { parentId: parent.federation.federationId }, at }),
      ),
    );
    listings.forEach((rows, index) => {
      for (const { doc } of rows) {
        const child: FederationNode = { federation: doc, children: [] };
        level[index].children.push(child);
        next.push(child);
      }
    });
    level = next;
  }
  return node;
}

/** Every federation id in the tree, the root first. */
export function idsIn(node: FederationNode): string[] {
  return [node.federation.federationId, ...node.children.flatMap(idsIn)];
}
