import { createHash } from 'node:crypto';
import type { IndexDescription } from 'mongodb';
import type { Projection } from '../../core/projection';
import { CURRENT_VERSIONS_INDEX, KNOWN_VERSIONS_INDEX } from './mongo-version-rows';

/**
 * The indexes of a namespace's collection of version rows. Each read is one walk down one of them:
 * - "as of D" now: the current rows of the document, from D back — the first is the answer;
 * - "as known at P": every row of the document from D back, newest knowledge first;
 * - `where` filters: the declared fields, the id last so a page comes out in id order.
 */
export function versionIndexes(): IndexDescription[] {
  return [
    {
      name: CURRENT_VERSIONS_INDEX,
      key: { collection: 1, id: 1, validFrom: -1 },
      // At most one current version per document and date, as the SQLite store's unique index.
      unique: true,
      partialFilterExpression: { current: true },
    },
    { name: KNOWN_VERSIONS_INDEX, key: { collection: 1, id: 1, validFrom: -1, knownFrom: -1 } },
  ];
}

/**
 * One index per distinct field list the projection declares (collections declaring the same fields share
 * it). `current` comes second: today's reads take the current rows only; "as known at" reads take both
 * halves and merge them in id order.
 */
export function fieldIndexes(projection: Pick<Projection, 'collections'>): IndexDescription[] {
  const byName = new Map<string, IndexDescription>();
  for (const { indexes = [] } of Object.values(projection.collections)) {
    for (const fields of indexes) {
      const key: Record<string, 1> = { collection: 1, current: 1 };
      for (const field of fields) key[`doc.${field}`] = 1;
      key.id = 1;
      const name = fieldIndexName(fields);
      byName.set(name, { name, key });
    }
  }
  return [...byName.values()];
}

/** Named by their fields, so preparing the same projection again asks for the very same indexes. */
export function fieldIndexName(fields: readonly string[]): string {
  return `ix_${createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16)}`;
}
