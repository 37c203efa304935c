import type { StoredEvent } from '../core/event-store.port';
import { chainOf, eventHash, FINGERPRINT_LENGTH, fingerprintOf, GENESIS_HASH, isHash } from './event-hash';
import { LOG_SEALED, type LogSealed, SEAL_STREAM } from './integrity.events';
import type { LogDigest } from './log-digest';
import { MerkleAccumulator, merkleRoot, verifyInclusion } from './merkle';

/**
 * Verification of the log: a walk over the global log, oldest first, that recomputes every event's hash,
 * follows every stream's chain, recomputes every seal and, given a digest an inspector kept, the Merkle
 * root of everything up to it. Pure: it reads an async iterable, so the same code checks the live store,
 * an export file, or a slice of one.
 */

export type ProblemKind =
  /** A global position is missing: an event was deleted (stores with dense positions only). */
  | 'missing'
  /** Positions do not increase: the log was reordered. */
  | 'out-of-order'
  /** The event carries no hash: recorded before tamper evidence, or its hash was removed. */
  | 'unhashed'
  /** Its content no longer matches its hash: changed after it was recorded. */
  | 'altered'
  /** Its stream skips revisions: an event of the stream was deleted or moved later. */
  | 'revision-gap'
  /** Its stream repeats or goes back in revision: events were reordered or duplicated. */
  | 'revision-repeat'
  /** Its `previousHash` is not the hash of the stream's previous event. */
  | 'broken-link'
  /** It is not the event a seal recorded at this place (changed and re-hashed, inserted, moved, or deleted). */
  | 'not-as-sealed'
  /** A seal's Merkle root no longer matches the events it sealed. */
  | 'seal-mismatch'
  /** A seal does not continue the previous one (range or chain), or is malformed. */
  | 'seal-chain'
  /** The log no longer produces the digest an inspector kept: history up to it was rewritten. */
  | 'digest-mismatch';

export interface Problem {
  position: number;
  /** Null where an event is missing rather than wrong. */
  streamId: string | null;
  revision: number | null;
  kind: ProblemKind;
  detail: string;
}

/** Where a slice's event sits among the leaves of a seal, with the hashes that lead from it to the root. */
export interface InclusionProof {
  sealPosition: number;
  index: number;
  path: string[];
}

/** An event as verification reads it; events of a one-federation slice carry inclusion proofs. */
export type VerifiableEvent = StoredEvent & { inclusion?: InclusionProof };

export interface VerifyOptions {
  /** Positions are 1, 2, 3… (the SQLite and in-memory stores): a gap is a deleted event. */
  densePositions?: boolean;
  /** Check the log against a digest kept earlier. */
  digest?: LogDigest;
  /**
   * The events are some whole streams, not the whole log (one federation's export): positions have gaps,
   * and seals are checked through each event's inclusion proof instead of recomputing their roots.
   */
  slice?: boolean;
  /** Problems listed, first by position (20 by default); `firstProblem` is the first of them. */
  maxProblems?: number;
}

export interface DigestCheck {
  position: number;
  /** `merkle-root`: recomputed over every event up to it; `seal`: through the seal the digest names (a slice). */
  checkedBy: 'merkle-root' | 'seal' | 'not-checkable';
  matches: boolean;
}

export interface VerificationReport {
  ok: boolean;
  /** Events walked. */
  checked: number;
  /** The last position walked. */
  head: number;
  streams: number;
  /** Seals checked. */
  seals: number;
  /** The last position covered by a seal. */
  sealedThrough: number;
  /** Events walked after it: checked by their hashes and chains only, until the next seal. */
  unsealed: number;
  digest?: DigestCheck;
  firstProblem?: Problem;
  problems: Problem[];
}

interface Leaf {
  position: number;
  hash: string;
  streamId: string;
  revision: number;
  inclusion?: InclusionProof;
}

interface SealRecord {
  position: number;
  hash: string;
  toPosition: number;
}

type SealData = LogSealed['data'];

export async function verifyLog(
  events: AsyncIterable<VerifiableEvent>,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  const { digest, slice = false } = options;
  const dense = options.densePositions === true && !slice;
  const problems = new ProblemList(options.maxProblems ?? 20);
  const streams = new Map<string, { revision: number; hash: string }>();
  const pending = new LeafQueue();
  const digestRoot = new MerkleAccumulator();
  let digestCheck: DigestCheck | undefined;
  let digestSeal: 'unseen' | 'matches' | 'differs' = 'unseen';
  let lastSeal = null as SealRecord | null;
  let seals = 0;
  let checked = 0;
  let head = 0;

  const finishDigest = (lastPosition: number) => {
    if (!digest || digestCheck) return;
    if (digest.seal && digestSeal === 'unseen') {
      problems.add({
        position: digest.seal.position,
        streamId: SEAL_STREAM,
        revision: null,
        kind: 'digest-mismatch',
        detail: `the seal the digest names (position ${digest.seal.position}) is no longer in the log`,
      });
    }
    if (slice) {
      digestCheck = {
        position: digest.position,
        checkedBy: digest.seal ? 'seal' : 'not-checkable',
        matches: digestSeal === 'matches',
      };
      return;
    }
    const root = digestRoot.root();
    const matches = digestRoot.count === digest.count && root === digest.merkleRoot && digestSeal !== 'differs';
    digestCheck = { position: digest.position, checkedBy: 'merkle-root', matches };
    if (digestRoot.count === digest.count && root === digest.merkleRoot) return;
    problems.add(
      lastPosition < digest.position
        ? {
            position: lastPosition + 1,
            streamId: null,
            revision: null,
            kind: 'digest-mismatch',
            detail: `the log ends at position ${lastPosition}, but the digest covers ${digest.count} events up to position ${digest.position}: events were deleted`,
          }
        : {
            position: digest.position,
            streamId: null,
            revision: null,
            kind: 'digest-mismatch',
            detail:
              `the ${digestRoot.count} events up to position ${digest.position} no longer have the Merkle root the digest ` +
              `recorded (${digest.count} events, root ${digest.merkleRoot.slice(0, 12)}…): history up to that position was rewritten`,
          },
    );
  };

  const sealed = (seal: StoredEvent, sealHash: string) => {
    const at = { position: seal.position, streamId: seal.streamId, revision: seal.revision };
    const data = sealDataOf(seal);
    const previousTo = lastSeal?.toPosition ?? 0;
    if (!data) {
      problems.add({
        ...at,
        kind: 'seal-chain',
        detail: 'the seal is malformed: its range, count, root or fingerprints are unreadable',
      });
      lastSeal = { position: seal.position, hash: sealHash, toPosition: previousTo };
      return;
    }
    if (data.previousSealHash !== (lastSeal?.hash ?? GENESIS_HASH)) {
      problems.add({
        ...at,
        kind: 'seal-chain',
        detail: lastSeal
          ? `the seal names ${data.previousSealHash.slice(0, 12)}… as the seal before it, but the seal before it (position ${lastSeal.position}) has hash ${lastSeal.hash.slice(0, 12)}…`
          : 'the first seal names a seal before it',
      });
    } else if (data.fromPosition !== previousTo || data.toPosition >= seal.position) {
      problems.add({
        ...at,
        kind: 'seal-chain',
        detail: `the seal covers positions ${data.fromPosition + 1}–${data.toPosition}, but the previous seal ended at ${previousTo}`,
      });
    }
    const covered = pending.takeThrough(data.toPosition).filter((leaf) => leaf.position > data.fromPosition);
    const problem = slice ? checkProofs(covered, seal, data) : checkLeaves(covered, seal, data, dense);
    if (problem) problems.add(problem);
    lastSeal = { position: seal.position, hash: sealHash, toPosition: data.toPosition };
    seals += 1;
  };

  for await (const event of events) {
    checked += 1;
    const { position, streamId, revision } = event;
    if (digest && position > digest.position) finishDigest(head);
    const at = { position, streamId, revision };
    let flagged = false;
    const flag = (kind: ProblemKind, detail: string) => {
      if (flagged) return;
      flagged = true;
      problems.add({ ...at, kind, detail });
    };

    if (position <= head) {
      flag('out-of-order', `position ${position} comes after position ${head}`);
    } else if (dense && position !== head + 1) {
      problems.add({
        position: head + 1,
        streamId: null,
        revision: null,
        kind: 'missing',
        detail:
          position === head + 2
            ? `no event at position ${head + 1}: it was deleted`
            : `no events at positions ${head + 1}–${position - 1}: they were deleted`,
      });
    }
    head = Math.max(head, position);

    const chain = chainOf(event);
    const recomputed = eventHash(event);
    const leaf = chain?.hash ?? recomputed;
    if (!chain) flag('unhashed', 'the event carries no hash: recorded before tamper evidence, or its hash was removed');
    else if (chain.hash !== recomputed) {
      flag(
        'altered',
        `its content no longer matches its hash (${chain.hash.slice(0, 12)}…): it was changed after it was recorded`,
      );
    }

    const before = streams.get(streamId);
    const expectedRevision = before ? before.revision + 1 : 0;
    if (revision > expectedRevision) {
      flag(
        'revision-gap',
        before
          ? `revision ${revision} follows revision ${before.revision} of ${streamId}: an event of the stream was deleted or moved`
          : `${streamId} starts at revision ${revision}, not 0: its first events were deleted or moved`,
      );
    } else if (revision < expectedRevision) {
      flag(
        'revision-repeat',
        `revision ${revision} of ${streamId} comes after revision ${before!.revision}: events were reordered or duplicated`,
      );
    } else if (chain && chain.previousHash !== (before?.hash ?? GENESIS_HASH)) {
      flag(
        'broken-link',
        before
          ? `its previous hash is not the hash of revision ${before.revision} of ${streamId}: an event before it was changed or replaced`
          : 'the first event of its stream does not start from the genesis hash',
      );
    }
    streams.set(streamId, { revision, hash: leaf });

    pending.push({ position, hash: leaf, streamId, revision, inclusion: event.inclusion });
    if (digest && position <= digest.position) digestRoot.add(leaf);
    if (digest?.seal && position === digest.seal.position) {
      digestSeal = leaf === digest.seal.hash ? 'matches' : 'differs';
      if (digestSeal === 'differs') {
        problems.add({
          ...at,
          kind: 'digest-mismatch',
          detail:
            `the seal at position ${position} is not the one the digest recorded (${digest.seal.hash.slice(0, 12)}…): ` +
            `the log up to position ${digest.seal.toPosition} was re-sealed`,
        });
      }
    }
    if (streamId === SEAL_STREAM && event.type === LOG_SEALED) sealed(event, leaf);
  }
  finishDigest(head);

  const listed = problems.list();
  return {
    ok: listed.length === 0,
    checked,
    head,
    streams: streams.size,
    seals,
    sealedThrough: lastSeal?.toPosition ?? 0,
    unsealed: pending.size,
    ...(digestCheck ? { digest: digestCheck } : {}),
    ...(listed.length > 0 ? { firstProblem: listed[0] } : {}),
    problems: listed,
  };
}

/** The whole log: every event the seal recorded is there, in its place, and together they give its root. */
function checkLeaves(covered: Leaf[], seal: StoredEvent, data: SealData, dense: boolean): Problem | null {
  const fingerprints = data.leafFingerprints;
  const name = `the seal at position ${seal.position}`;
  for (let i = 0; i < Math.max(covered.length, data.count); i++) {
    const leaf = covered[i];
    if (!leaf) {
      const after = covered[i - 1]?.position ?? data.fromPosition;
      return {
        position: after + 1,
        streamId: null,
        revision: null,
        kind: 'not-as-sealed',
        detail:
          `${name} counted ${data.count} events at positions ${data.fromPosition + 1}–${data.toPosition}; ` +
          `${covered.length} remain: ${data.count - covered.length} after position ${after} ${dense ? 'were deleted' : 'were deleted or moved'}`,
      };
    }
    const at = { position: leaf.position, streamId: leaf.streamId, revision: leaf.revision };
    if (i >= data.count) {
      return {
        ...at,
        kind: 'not-as-sealed',
        detail: `${name} counted only ${data.count} events up to position ${data.toPosition}: this one was inserted`,
      };
    }
    const expected = fingerprints.slice(i * FINGERPRINT_LENGTH, (i + 1) * FINGERPRINT_LENGTH);
    const actual = fingerprintOf(leaf.hash);
    if (actual !== expected) {
      const sealedLater = fingerprintIndex(fingerprints, actual, i + 1) >= 0;
      return {
        ...at,
        kind: 'not-as-sealed',
        detail: sealedLater
          ? `${name} recorded another event here (fingerprint ${expected}); this one was sealed later in the range: events were deleted or reordered`
          : `${name} recorded another event here (fingerprint ${expected}, this one has ${actual}): it was changed and re-hashed, or inserted`,
      };
    }
  }
  const root = merkleRoot(covered.map((leaf) => leaf.hash));
  if (root === data.merkleRoot) return null;
  return {
    position: covered[0]?.position ?? data.fromPosition + 1,
    streamId: covered[0]?.streamId ?? null,
    revision: covered[0]?.revision ?? null,
    kind: 'seal-mismatch',
    detail: `the events at positions ${data.fromPosition + 1}–${data.toPosition} no longer have the Merkle root ${name} recorded`,
  };
}

/** A slice: each of its events in the sealed range proves it is the leaf the seal recorded at its place. */
function checkProofs(covered: Leaf[], seal: StoredEvent, data: SealData): Problem | null {
  const name = `the seal at position ${seal.position}`;
  let lastIndex = -1;
  for (const leaf of covered) {
    const at = { position: leaf.position, streamId: leaf.streamId, revision: leaf.revision };
    const proof = leaf.inclusion;
    if (!proof || proof.sealPosition !== seal.position) {
      return { ...at, kind: 'not-as-sealed', detail: `it carries no proof that ${name} recorded it` };
    }
    const fingerprint = data.leafFingerprints.slice(
      proof.index * FINGERPRINT_LENGTH,
      (proof.index + 1) * FINGERPRINT_LENGTH,
    );
    if (
      proof.index <= lastIndex ||
      fingerprint !== fingerprintOf(leaf.hash) ||
      !verifyInclusion(leaf.hash, proof.index, data.count, proof.path, data.merkleRoot)
    ) {
      return {
        ...at,
        kind: 'not-as-sealed',
        detail: `its proof does not lead to the Merkle root ${name} recorded: it is not the event sealed there`,
      };
    }
    lastIndex = proof.index;
  }
  return null;
}

function fingerprintIndex(fingerprints: string, fingerprint: string, fromIndex: number): number {
  for (let i = fromIndex; (i + 1) * FINGERPRINT_LENGTH <= fingerprints.length; i++) {
    if (fingerprints.startsWith(fingerprint, i * FINGERPRINT_LENGTH)) return i;
  }
  return -1;
}

function sealDataOf(seal: StoredEvent): SealData | null {
  const d = seal.data as Partial<SealData>;
  const count = d.count;
  const valid =
    isCount(d.fromPosition) &&
    isCount(d.toPosition) &&
    isCount(count) &&
    isHash(d.merkleRoot) &&
    isHash(d.previousSealHash) &&
    typeof d.leafFingerprints === 'string' &&
    d.leafFingerprints.length === count * FINGERPRINT_LENGTH &&
    /^[0-9a-f]*$/.test(d.leafFingerprints);
  return valid ? (d as SealData) : null;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Events not yet covered by a seal, oldest first. */
class LeafQueue {
  private leaves: Leaf[] = [];
  private start = 0;

  push(leaf: Leaf): void {
    this.leaves.push(leaf);
  }

  get size(): number {
    return this.leaves.length - this.start;
  }

  /** Removes and returns the leaves up to a position. */
  takeThrough(position: number): Leaf[] {
    let end = this.start;
    while (end < this.leaves.length && this.leaves[end].position <= position) end++;
    const taken = this.leaves.slice(this.start, end);
    this.start = end;
    if (this.start > 4096 && this.start * 2 > this.leaves.length) {
      this.leaves = this.leaves.slice(this.start);
      this.start = 0;
    }
    return taken;
  }
}

/** The first problems by position; a problem found later in the walk may lie earlier in the log. */
class ProblemList {
  private readonly problems: Problem[] = [];

  constructor(private readonly max: number) {}

  add(problem: Problem): void {
    let i = this.problems.length;
    while (i > 0 && this.problems[i - 1].position > problem.position) i--;
    if (i >= this.max) return;
    this.problems.splice(i, 0, problem);
    if (this.problems.length > this.max) this.problems.pop();
  }

  list(): Problem[] {
    return [...this.problems];
  }
}
