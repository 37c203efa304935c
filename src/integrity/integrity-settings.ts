import type { SealSchedule } from './log-sealer';

/**
 * When the service seals the log on its own, from the environment:
 *
 *   INTEGRITY_SEAL_EVERY_SECONDS  seal what was recorded since the last seal this often (default 600; 0: never)
 *   INTEGRITY_SEAL_EVERY_EVENTS   seal as soon as this many events wait (default 0: off; 10000 suits a busy service)
 *
 * Time is the service's clock, so a service run on a fixed clock (the tests) never seals on its own.
 */
export const DEFAULT_SEAL_SCHEDULE: SealSchedule = { everyEvents: 0, everySeconds: 600 };

export function sealScheduleFrom(environment: Record<string, string | undefined>): SealSchedule {
  return {
    everyEvents: wholeNumber(environment, 'INTEGRITY_SEAL_EVERY_EVENTS', DEFAULT_SEAL_SCHEDULE.everyEvents),
    everySeconds: wholeNumber(environment, 'INTEGRITY_SEAL_EVERY_SECONDS', DEFAULT_SEAL_SCHEDULE.everySeconds),
  };
}

function wholeNumber(environment: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`invalid configuration:\n  ${name}=${raw}: must be a whole number, 0 or more`);
  }
  return value;
}
