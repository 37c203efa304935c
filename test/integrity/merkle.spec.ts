import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { EMPTY_ROOT, MerkleAccumulator, MerkleTree, merkleRoot, verifyInclusion } from '../../src/integrity/merkle';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const hashes = (n: number, salt = '') =>
  Array.from({ length: n }, (_, i) => createHash('sha256').update(`event ${i}${salt}`).digest('hex'));

/** RFC 6962's definition, written out directly (recursive, slow): what the fast versions must agree with. */
function referenceRoot(leaves: string[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), Buffer.from(leaves[0], 'hex'));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('Merkle trees over event hashes', () => {
  it('gives the root RFC 6962 defines, for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const leaves = hashes(n);
      const expected = referenceRoot(leaves).toString('hex');
      expect(merkleRoot(leaves)).toBe(expected);
      expect(new MerkleTree(leaves).root()).toBe(expected);
    }
    expect(merkleRoot([])).toBe(EMPTY_ROOT);
  });

  it('builds the root leaf by leaf', () => {
    const accumulator = new MerkleAccumulator();
    const leaves = hashes(13);
    for (const leaf of leaves) accumulator.add(leaf);
    expect(accumulator.count).toBe(13);
    expect(accumulator.root()).toBe(merkleRoot(leaves));
  });

  it('changes its root when one leaf changes, leaves are swapped, or one is left out or added', () => {
    const leaves = hashes(9);
    const root = merkleRoot(leaves);
    const changed = [...leaves];
    changed[4] = hashes(1, 'forged')[0];
    const swapped = [...leaves];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    expect(merkleRoot(changed)).not.toBe(root);
    expect(merkleRoot(swapped)).not.toBe(root);
    expect(merkleRoot(leaves.slice(0, 8))).not.toBe(root);
    expect(merkleRoot([...leaves, hashes(1, 'extra')[0]])).not.toBe(root);
  });

  it('proves every leaf of every tree up to 40 leaves', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = hashes(n);
      const tree = new MerkleTree(leaves);
      const root = tree.root();
      for (let i = 0; i < n; i++) {
        expect(verifyInclusion(leaves[i], i, n, tree.inclusionPath(i), root)).toBe(true);
      }
    }
  });

  it('refuses a proof for another leaf, another place, another size or another root', () => {
    const leaves = hashes(11);
    const tree = new MerkleTree(leaves);
    const root = tree.root();
    const path = tree.inclusionPath(6);
    expect(verifyInclusion(leaves[6], 6, 11, path, root)).toBe(true);
    expect(verifyInclusion(leaves[5], 6, 11, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 5, 11, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 17, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 11, path, merkleRoot(leaves.slice(1)))).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 11, path.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaves[6], 11, 11, path, root)).toBe(false);
    expect(() => tree.inclusionPath(11)).toThrow(RangeError);
  });

  it('proves any leaf of any tree, and nothing else (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (n, a, b) => {
        const leaves = hashes(n);
        const tree = new MerkleTree(leaves);
        const i = a % n;
        const j = b % n;
        const path = tree.inclusionPath(i);
        expect(verifyInclusion(leaves[i], i, n, path, tree.root())).toBe(true);
        if (j !== i) expect(verifyInclusion(leaves[j], i, n, path, tree.root())).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
