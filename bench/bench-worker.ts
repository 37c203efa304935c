import { maxRssBytes } from './measure';
import { type FullReadTask, runFullRead } from './rebuild';

/**
 * A child process of the benchmark: runs one full read of the log and reports it, with its own peak memory.
 *   node --cpu-prof dist/bench/bench-worker.js '{"kind":"rebuild","path":"log.sqlite","synchronous":"FULL"}'
 */
async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as FullReadTask;
  const result = { ...(await runFullRead(task)), processPeakRssBytes: maxRssBytes() };
  // Run by hand (to profile one rebuild with --cpu-prof), it has no parent to report to: it prints.
  if (!process.send) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  await new Promise<void>((resolve, reject) =>
    process.send!(result, (error: Error | null) => (error ? reject(error) : resolve())),
  );
  process.disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
