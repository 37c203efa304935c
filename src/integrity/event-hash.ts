import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json';
import type { EventMetadata, StoredEvent } from '../core/event-store.port';

/**
 * Every stored event carries, in its metadata, its own hash and the hash of the event before it in its
 * stream; each stream is a hash chain. They live in the metadata so that every store adapter (SQLite,
 * KurrentDB, MongoDB) carries them unchanged, with no column or feature of its own.
 *
 *   hash = SHA-256( canonicalJson({ id, streamId, revision, type, data, metadata without `hash` }) )
 *
 * The metadata hashed includes `previousHash`, so an event's hash commits to everything before it in the
 * stream: changing one event means re-hashing the rest of its stream, which the seals then catch. The global
 * position is not hashed: KurrentDB fixes it only after the append, and a migration may change it.
 */
export interface ChainedMetadata extends EventMetadata {
  /** Hash of the previous event of the stream; `GENESIS_HASH` for revision 0. */
  previousHash: string;
  hash: string;
}

/** The `previousHash` of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isHash(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What an event's hash is computed over: everything that makes it this event, except its position. */
export interface HashedContent {
  id: string;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata | Record<string, unknown>;
}

/** The hash an event should carry, recomputed from its content (its stored `hash` is left out). */
export function eventHash(event: HashedContent): string {
  const { hash: _stored, ...metadata } = event.metadata as Record<string, unknown>;
  return sha256Hex(
    canonicalJson({
      id: event.id,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata,
    }),
  );
}

/** The hashes a stored event carries, or null when it carries none (or malformed ones). */
export function chainOf(event: StoredEvent): { hash: string; previousHash: string } | null {
  const metadata = event.metadata as Partial<ChainedMetadata>;
  return isHash(metadata.hash) && isHash(metadata.previousHash)
    ? { hash: metadata.hash, previousHash: metadata.previousHash }
    : null;
}

/** The first 8 hex digits of a hash: what a seal keeps of each event to point at the one that changed. */
export function fingerprintOf(hash: string): string {
  return hash.slice(0, FINGERPRINT_LENGTH);
}

export const FINGERPRINT_LENGTH = 8;
