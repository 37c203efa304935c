import type { EventStore, StoredEvent } from '../core/event-store.port';
import { isHash } from './event-hash';
import { LOG_SEALED, SEAL_STREAM } from './integrity.events';
import { leafHashOf } from './log-sealer';
import { MerkleAccumulator } from './merkle';

export const DIGEST_FORMAT = 'union-ledger-digest/1';

/**
 * What an inspector keeps (a few hundred bytes): the Merkle root over the hashes of every event up to a
 * position, and the last seal at that time. Later, however much was appended since, the log up to that
 * position must still give the same root; any rewrite before it (even one that re-hashed every chain and
 * re-made every seal) gives another. A one-federation export cannot recompute the root (it lacks the
 * other events), so it is checked through the seal instead: the seal chain the export carries must
 * contain that seal, unchanged.
 */
export interface LogDigest {
  format: typeof DIGEST_FORMAT;
  /** The last position covered. */
  position: number;
  /** Events up to it. */
  count: number;
  /** Merkle root (RFC 6962 style, see `merkle.ts`) over their hashes, oldest first. */
  merkleRoot: string;
  /** The last seal at or before `position`, if the log had been sealed. */
  seal: { position: number; hash: string; toPosition: number } | null;
  createdAt: string;
}

/** Reads the log up to its current head and digests it. */
export async function exportDigest(store: EventStore, now: () => Date): Promise<LogDigest> {
  const head = await store.headPosition();
  const digest = new DigestBuilder();
  for await (const event of store.readAll({ batchSize: 5000 })) {
    if (event.position > head) break;
    digest.add(event);
  }
  return digest.digest(now());
}

/** Digests events fed to it in log order. */
export class DigestBuilder {
  private readonly root = new MerkleAccumulator();
  private position = 0;
  private seal: LogDigest['seal'] = null;

  add(event: StoredEvent): void {
    const hash = leafHashOf(event);
    this.root.add(hash);
    this.position = event.position;
    if (event.streamId === SEAL_STREAM && event.type === LOG_SEALED) {
      this.seal = { position: event.position, hash, toPosition: Number(event.data.toPosition) };
    }
  }

  digest(createdAt: Date): LogDigest {
    return {
      format: DIGEST_FORMAT,
      position: this.position,
      count: this.root.count,
      merkleRoot: this.root.root(),
      seal: this.seal,
      createdAt: createdAt.toISOString(),
    };
  }
}

export class MalformedDigest extends Error {
  constructor(reason: string) {
    super(`not a union-ledger digest: ${reason}`);
    this.name = 'MalformedDigest';
  }
}

/** Checks a digest read from a file or a request; throws `MalformedDigest` naming what is wrong. */
export function parseDigest(value: unknown): LogDigest {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new MalformedDigest('it is not JSON');
    }
  }
  if (typeof value !== 'object' || value === null) throw new MalformedDigest('it is not a JSON object');
  const d = value as Record<string, unknown>;
  if (d.format !== DIGEST_FORMAT) throw new MalformedDigest(`format must be '${DIGEST_FORMAT}'`);
  if (!isCount(d.position)) throw new MalformedDigest('position must be a whole number, 0 or more');
  if (!isCount(d.count)) throw new MalformedDigest('count must be a whole number, 0 or more');
  if (!isHash(d.merkleRoot)) throw new MalformedDigest('merkleRoot must be 64 lowercase hex digits');
  if (typeof d.createdAt !== 'string') throw new MalformedDigest('createdAt must be an ISO-8601 instant');
  let seal: LogDigest['seal'] = null;
  if (d.seal !== null && d.seal !== undefined) {
    const s = d.seal as Record<string, unknown>;
    if (typeof s !== 'object' || !isCount(s.position) || !isCount(s.toPosition) || !isHash(s.hash)) {
      throw new MalformedDigest('seal must be null or { position, hash, toPosition }');
    }
    seal = { position: s.position, hash: s.hash, toPosition: s.toPosition };
  }
  return {
    format: DIGEST_FORMAT,
    position: d.position,
    count: d.count,
    merkleRoot: d.merkleRoot,
    seal,
    createdAt: d.createdAt,
  };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
