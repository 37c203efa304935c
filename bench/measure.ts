import { readFileSync } from 'node:fs';
/** Timing and memory helpers of the benchmark: no timed assertions, only measurements. */

/** Milliseconds from a monotonic clock. */
export function clock(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The middle value; the mean of the two middle ones for an even count (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Collects garbage when node runs with --expose-gc (as `npm run bench` does), so memory figures start clean. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Samples the resident set size while something runs (timers fire between the batches of the work). */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peak = 0;
  /** Highest V8 heap in use sampled: what of the resident set is JavaScript objects. */
  peakHeap = 0;

  start(intervalMs = 20): this {
    this.peak = process.memoryUsage.rss();
    this.peakHeap = process.memoryUsage().heapUsed;
    this.timer = setInterval(() => {
      const { rss, heapUsed } = process.memoryUsage();
      if (rss > this.peak) this.peak = rss;
      if (heapUsed > this.peakHeap) this.peakHeap = heapUsed;
    }, intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return this.peak;
  }
}

/**
 * The process's own peak resident set size, in bytes. On Linux, `VmHWM` of /proc/self/status: the high-water
 * mark of this program's memory, which starts afresh when a child process execs. Not `getrusage`'s `maxRSS`:
 * Linux carries it over from the parent across fork and exec, so a child forked by the benchmark (which holds
 * the generated history, about 1 GB at 10⁶ events) would report the parent's size, not its own.
 */
export function maxRssBytes(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // Not Linux: getrusage below.
  }
  return process.resourceUsage().maxRSS * 1024;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
