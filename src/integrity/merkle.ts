import { createHash } from 'node:crypto';

/**
 * Merkle trees over event hashes, built as Certificate Transparency builds them (RFC 6962 / RFC 9162):
 * a leaf is SHA-256(0x00 ‖ event hash), an inner node SHA-256(0x01 ‖ left ‖ right), and a tree of n leaves
 * splits at the largest power of two below n. The prefixes keep a leaf from passing for an inner node; the
 * split makes a root computable in one pass with a handful of hashes in memory, and gives short proofs that
 * one event is among the leaves (what a one-federation export carries instead of every other event).
 * Hashes go in and come out as lowercase hex.
 */

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

function leafNode(eventHash: string): Buffer {
  return createHash('sha256').update(LEAF).update(Buffer.from(eventHash, 'hex')).digest();
}

function innerNode(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The root of an empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest('hex');

/** Builds a root leaf by leaf in O(log n) memory: the roots of the complete subtrees seen so far. */
export class MerkleAccumulator {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  private leaves = 0;

  add(eventHash: string): void {
    let node = { size: 1, hash: leafNode(eventHash) };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: innerNode(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.leaves += 1;
  }

  get count(): number {
    return this.leaves;
  }

  root(): string {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let hash = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = innerNode(this.stack[i].hash, hash);
    return hash.toString('hex');
  }
}

export function merkleRoot(eventHashes: readonly string[]): string {
  const accumulator = new MerkleAccumulator();
  for (const hash of eventHashes) accumulator.add(hash);
  return accumulator.root();
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitOf(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** All the leaves of one tree, to prove any of them; each subtree is hashed once. */
export class MerkleTree {
  private readonly memo = new Map<string, Buffer>();

  constructor(private readonly eventHashes: readonly string[]) {}

  get size(): number {
    return this.eventHashes.length;
  }

  root(): string {
    return this.eventHashes.length === 0 ? EMPTY_ROOT : this.subtree(0, this.eventHashes.length).toString('hex');
  }

  /** The audit path of leaf `index`: the sibling subtree roots from the leaf up (RFC 9162, 2.1.3.1). */
  inclusionPath(index: number): string[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.eventHashes.length) {
      throw new RangeError(`leaf ${index} is not in a tree of ${this.eventHashes.length}`);
    }
    const path: Buffer[] = [];
    let start = 0;
    let end = this.eventHashes.length;
    let m = index;
    // Walks down from the root, collecting siblings; the path lists them from the leaf up.
    while (end - start > 1) {
      const k = splitOf(end - start);
      if (m < k) {
        path.push(this.subtree(start + k, end));
        end = start + k;
      } else {
        path.push(this.subtree(start, start + k));
        start += k;
        m -= k;
      }
    }
    return path.reverse().map((node) => node.toString('hex'));
  }

  private subtree(start: number, end: number): Buffer {
    if (end - start === 1) return leafNode(this.eventHashes[start]);
    const key = `${start}:${end}`;
    let hash = this.memo.get(key);
    if (!hash) {
      const k = splitOf(end - start);
      hash = innerNode(this.subtree(start, start + k), this.subtree(start + k, end));
      this.memo.set(key, hash);
    }
    return hash;
  }
}

/**
 * True when `path` proves that `eventHash` is leaf `index` of a tree of `size` leaves whose root is `root`
 * (RFC 9162, 2.1.3.2).
 */
export function verifyInclusion(
  eventHash: string,
  index: number,
  size: number,
  path: readonly string[],
  root: string,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafNode(eventHash);
  for (const sibling of path) {
    if (sn === 0) return false;
    const p = Buffer.from(sibling, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      r = innerNode(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = innerNode(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.toString('hex') === root;
}
