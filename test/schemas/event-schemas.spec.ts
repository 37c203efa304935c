import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { eventShapes, type Shape } from './event-shapes';

/**
 * Every event type's `data` shape, per schema version, as committed: logs hold events of every version ever
 * written, so a recorded version is never edited, only new versions added. Changing an event's shape means a new
 * version with its upcaster (`src/event-schemas.ts`), then `UPDATE_EVENT_SCHEMAS=1 npx jest test/schemas` to
 * record the new version's shape here (see CONTRIBUTING.md, "Changing an event").
 */
const SNAPSHOT = join(__dirname, '..', 'fixtures', 'event-schemas.json');
type Snapshot = Record<string, Record<string, Shape>>;

let recorded: Snapshot = existsSync(SNAPSHOT) ? (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot) : {};
const current = eventShapes();

if (process.env.UPDATE_EVENT_SCHEMAS) {
  // Adds the shapes of versions not yet recorded; a version already recorded is left as it is, so its change fails.
  const updated: Snapshot = { ...recorded };
  for (const [type, shape] of Object.entries(current)) {
    const version = String(EVENT_SCHEMAS.currentVersion(type));
    updated[type] = { ...updated[type], [version]: updated[type]?.[version] ?? shape };
  }
  const sorted = Object.fromEntries(Object.entries(updated).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(SNAPSHOT, `${JSON.stringify(sorted, null, 2)}\n`);
  recorded = sorted;
}

describe('event schemas', () => {
  it('finds the event types declared in the contexts', () => {
    expect(Object.keys(current)).toEqual(expect.arrayContaining(['AwardGranted', 'AwardRevoked', 'MemberJoined']));
    expect(current.AwardRevoked).toMatchObject({ awardId: 'string', year: 'number' });
  });

  it.each(Object.keys(current))("%s's shape is the one recorded for its current version", (type) => {
    const version = EVENT_SCHEMAS.currentVersion(type);
    const shape = recorded[type]?.[String(version)];
    if (!shape) {
      throw new Error(
        `${type} v${version} has no recorded shape: record it with UPDATE_EVENT_SCHEMAS=1 npx jest test/schemas`,
      );
    }
    if (JSON.stringify(shape) !== JSON.stringify(current[type])) {
      throw new Error(
        `${type}'s data changed shape without a new schema version: stored v${version} events keep the old shape. ` +
          `Give it version ${version + 1} with an upcaster from ${version} (in its context's *.schemas.ts, listed in src/event-schemas.ts), then ` +
          `record the new shape with UPDATE_EVENT_SCHEMAS=1 npx jest test/schemas.\n` +
          `recorded: ${JSON.stringify(shape)}\nnow:      ${JSON.stringify(current[type])}`,
      );
    }
  });

  it('keeps every event type ever recorded: logs still hold its events', () => {
    const gone = Object.keys(recorded).filter((type) => !(type in current));
    expect(gone).toEqual([]);
  });

  it('records every version from 1 to the current one, each reached by an upcaster', () => {
    for (const [type, versions] of Object.entries(recorded)) {
      const current = EVENT_SCHEMAS.currentVersion(type);
      const expected = Array.from({ length: current }, (_, i) => String(i + 1));
      expect({ type, versions: Object.keys(versions) }).toEqual({ type, versions: expected });
    }
  });
});
