import { RuleBroken } from './domain-error';

/**
 * Money is whole đồng (VND has no minor unit), held as a JS integer.
 * The cap keeps every sum of a realistic ledger inside Number.MAX_SAFE_INTEGER (≈ 9·10^15).
 */
export const MAX_AMOUNT_DONG = 1_000_000_000_000; // 1,000 billion đồng for one entry
export const MAX_BALANCE_DONG = Number.MAX_SAFE_INTEGER;

export function isAmountDong(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_AMOUNT_DONG;
}

export function assertAmountDong(value: number, what = 'amount'): void {
  if (!isAmountDong(value)) {
    throw new RuleBroken(
      'money.whole-dong',
      `${what} must be a whole number of đồng between 1 and ${MAX_AMOUNT_DONG.toLocaleString('en')}, got ${String(value)}`,
    );
  }
}

/** Adds and refuses to leave the safe-integer range rather than lose a đồng. */
export function addDong(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum) || Math.abs(sum) > MAX_BALANCE_DONG) {
    throw new RuleBroken('money.overflow', `the total would exceed ${MAX_BALANCE_DONG} đồng`);
  }
  return sum;
}
