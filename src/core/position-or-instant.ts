import { isBusinessDate } from './business-date';
import type { EventStore } from './event-store.port';

/**
 * "A position or an instant": how a client names a point in the log (`knownAt`, a rebuild's `until`, the
 * command line's `--until`). A log position is a whole number, 0 or more (digits, or a JSON number); an
 * instant is ISO-8601 with a time zone and stands for the last event recorded at or before it.
 */
export type LogPoint = { position: number } | { instant: string };

const POSITION = /^\d{1,15}$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export const isLogPosition = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The one wording of the errors, whatever the parameter is called. */
export const logPositionMessage = (name: string) => `${name} must be a log position (a whole number, 0 or more)`;
export const positionOrInstantMessage = (name: string) =>
  `${logPositionMessage(name)} or an ISO-8601 instant with a time zone`;

/** The point named, or null when the value is neither. */
export function parsePositionOrInstant(value: unknown): LogPoint | null {
  if (typeof value === 'number') return isLogPosition(value) ? { position: value } : null;
  if (typeof value !== 'string') return null;
  if (POSITION.test(value)) return { position: Number(value) };
  // The shape alone lets `2024-02-30T00:00Z` through, which Date reads as 1 March: the day and the time must be real.
  const match = INSTANT.exec(value);
  if (!match) return null;
  const [, day, hours, minutes, seconds = '0'] = match;
  const real = isBusinessDate(day) && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60;
  return real && Number.isFinite(Date.parse(value)) ? { instant: new Date(value).toISOString() } : null;
}

export const isPositionOrInstant = (value: unknown): boolean => parsePositionOrInstant(value) !== null;

/** The log position a value names; `RangeError` (400 over HTTP) when it names none. */
export async function positionOf(
  name: string,
  value: unknown,
  events: Pick<EventStore, 'positionAt'>,
): Promise<number> {
  const point = parsePositionOrInstant(value);
  if (point === null) throw new RangeError(`${positionOrInstantMessage(name)}, not '${String(value)}'`);
  return 'position' in point ? point.position : events.positionAt(point.instant);
}
