import type { DomainEvent } from '../core/decider';

/**
 * Seals of the global log, in their own stream (hash-chained like every other). Not `$`-prefixed: KurrentDB
 * keeps `$` streams for itself and subscriptions to `$all` leave them out.
 */
export const SEAL_STREAM = 'integrity-seals';

/**
 * The events at global positions `fromPosition` (excluded) to `toPosition` (included), in order, were these:
 * `count` of them, whose hashes have the Merkle root `merkleRoot`. `leafFingerprints` keeps the first 8 hex
 * digits of each one's hash, in order, so a later verification can name the very event that no longer
 * matches rather than only the range. Each seal starts where the previous one ended and names its hash,
 * so the seals are a chain of their own. `occurredOn` is the day it was sealed.
 */
export type LogSealed = DomainEvent<
  'LogSealed',
  {
    fromPosition: number;
    toPosition: number;
    count: number;
    merkleRoot: string;
    leafFingerprints: string;
    previousSealHash: string;
  }
>;

export const LOG_SEALED = 'LogSealed';
