/**
 * Deterministic "randomness" for the demo data set: the same seed gives the same history on every run,
 * which the idempotency keys need (a key re-sent with a different command is refused).
 */

/** A small, well-known 32-bit generator (mulberry32): returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a label: each part of the history gets its own seed, so changing one part leaves the others alone. */
export function seedOf(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator with a few helpers on top. */
export class Prng {
  private readonly next: () => number;

  constructor(label: string) {
    this.next = mulberry32(seedOf(label));
  }

  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[['a', 3], ['b', 1]]` gives 'a' three times as often. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of choices) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return choices[choices.length - 1][0];
  }

  /** A business date in [from, to], both included. */
  date(from: string, to: string): string {
    return dateOfDay(this.int(dayOf(from), dayOf(to)));
  }

  /** A new array in shuffled order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /**
   * Splits a whole total into `parts` positive whole shares of `unit` each, in random proportions, adding up
   * exactly (no floating point reaches the result: shares are counted in units).
   */
  split(total: number, parts: number, unit = 1): number[] {
    const units = total / unit;
    if (!Number.isSafeInteger(units) || units < parts) throw new Error(`cannot split ${total} into ${parts}×${unit}`);
    const weights = Array.from({ length: parts }, () => 0.2 + this.next());
    const sum = weights.reduce((a, b) => a + b, 0);
    // One unit each first, so no share is zero; the rest in proportion, then what rounding left one by one.
    const shares = weights.map((w) => 1 + Math.floor(((units - parts) * w) / sum));
    let left = units - shares.reduce((a, b) => a + b, 0);
    for (let i = 0; left > 0; i = (i + 1) % parts, left--) shares[i] += 1;
    return shares.map((share) => share * unit);
  }
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The later of two business dates. */
export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

/** The same calendar day `years` earlier (29 February falls back to 28). */
export function yearsBefore(date: string, years: number): string {
  const shifted = `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
  return shifted.endsWith('-02-29') ? `${shifted.slice(0, 8)}28` : shifted;
}
