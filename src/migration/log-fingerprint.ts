import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json';
import type { EventStore, StoredEvent } from '../core/event-store.port';

/** What a log holds, whatever store it is in: its length and a digest of every event in order. */
export interface LogFingerprint {
  events: number;
  /** Hex SHA-256 over each event's id, stream, revision, type, data and metadata, in the log's order. */
  digest: string;
}

export interface LogComparison {
  same: boolean;
  source: LogFingerprint;
  target: LogFingerprint;
  /** The first place the logs differ (0-based index in the log), when they do. */
  firstDifference: { index: number; source: string | null; target: string | null } | null;
}

/**
 * Reads both logs side by side and compares them event by event. Global positions are left out of the digest:
 * each store numbers its log its own way (SQLite 1, 2, 3…; KurrentDB by commit position).
 */
export async function compareLogs(source: EventStore, target: EventStore, batchSize = 1000): Promise<LogComparison> {
  const left = source.readAll({ batchSize })[Symbol.asyncIterator]();
  const right = target.readAll({ batchSize })[Symbol.asyncIterator]();
  const sourceHash = createHash('sha256');
  const targetHash = createHash('sha256');
  let sourceCount = 0;
  let targetCount = 0;
  let firstDifference: LogComparison['firstDifference'] = null;
  for (let index = 0; ; index++) {
    const [a, b] = await Promise.all([left.next(), right.next()]);
    if (a.done && b.done) break;
    const sourceLine = a.done ? null : add(sourceHash, a.value);
    const targetLine = b.done ? null : add(targetHash, b.value);
    if (!a.done) sourceCount += 1;
    if (!b.done) targetCount += 1;
    if (firstDifference === null && sourceLine !== targetLine) {
      firstDifference = { index, source: a.done ? null : describe(a.value), target: b.done ? null : describe(b.value) };
    }
  }
  return {
    same: firstDifference === null,
    source: { events: sourceCount, digest: sourceHash.digest('hex') },
    target: { events: targetCount, digest: targetHash.digest('hex') },
    firstDifference,
  };
}

/** Adds the event to the digest; returns its canonical line (to compare with the other log's). */
function add(hash: Hash, event: StoredEvent): string {
  const { id, streamId, revision, type, data, metadata } = event;
  const line = canonicalJson({ id, streamId, revision, type, data, metadata });
  hash.update(line).update('\n');
  return line;
}

function describe(event: StoredEvent): string {
  return `${event.type} ${event.id} in '${event.streamId}' at revision ${event.revision}`;
}
