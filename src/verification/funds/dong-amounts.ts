/**
 * Amounts in the verifier are `bigint` whole đồng. One entry is at most 10^12 đ, but a national ledger sums
 * up to 10^8 entries: totals of a source or purpose account can pass 2^53 (≈ 9·10^15), where JS numbers start
 * losing đồng. Sums in bigint cannot overflow; they become numbers only when written out, and only if exact.
 */

/** A whole-đồng figure as JSON carries it: a number when exact, else its decimal digits as a string. */
export type DongJson = number | string;

export function dongJson(amount: bigint): DongJson {
  const asNumber = Number(amount);
  return Number.isSafeInteger(asNumber) ? asNumber : amount.toString();
}

/** Deep copy with every bigint written as `dongJson` does: what HTTP and the command line print. */
export function withDongJson<T>(value: T): unknown {
  if (typeof value === 'bigint') return dongJson(value);
  if (Array.isArray(value)) return value.map(withDongJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withDongJson(inner)]));
  }
  return value;
}

/** The amount of a stored event as bigint, or null when it is not a safe whole number. */
export function wholeDong(value: unknown): bigint | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null;
}

export function sumOf(amounts: Iterable<bigint>): bigint {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}

/** Adds to one key of a set of totals, dropping a key back at zero (nothing moved under it). */
export function addTo(totals: Record<string, bigint>, key: string, amount: bigint): void {
  if (amount === 0n) return;
  const total = (totals[key] ?? 0n) + amount;
  if (total === 0n) delete totals[key];
  else totals[key] = total;
}
