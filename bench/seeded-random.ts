/**
 * Deterministic randomness for the history generator: the same seed gives the same history, byte for byte,
 * on every machine. mulberry32 is tiny, fast and good enough for sampling (not for cryptography).
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashOf(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[['a', 3], ['b', 1]]` gives 'a' three times as often. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let roll = this.next() * total;
    for (const [item, weight] of choices) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return choices[choices.length - 1][0];
  }

  /** A whole count whose expectation is `expected`: the fraction is rounded up with its own probability. */
  count(expected: number): number {
    if (expected <= 0) return 0;
    const whole = Math.floor(expected);
    return whole + (this.next() < expected - whole ? 1 : 0);
  }

  /** A whole number of đồng around `median`, spread log-normally-ish by `spread` (× or ÷ up to it), in steps of `step`. */
  amount(median: number, spread: number, step = 1000): number {
    const factor = Math.exp((this.next() * 2 - 1) * Math.log(spread));
    return Math.max(step, Math.round((median * factor) / step) * step);
  }
}

/** FNV-1a of a label, so a seed can be a word ("bench") as well as a number. */
export function hashOf(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
