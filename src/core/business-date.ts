import { RuleBroken } from './domain-error';

/** Business dates are calendar dates, `YYYY-MM-DD`, in the federation's own time zone. */
export const BUSINESS_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date of an instant in Vietnam (UTC+7, no daylight saving). */
export function businessDateOf(instant: Date, timeZone = BUSINESS_TIME_ZONE): string {
  return formatterFor(timeZone).format(instant);
}

// Building a DateTimeFormat costs tens of microseconds; every command asks for today's date.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a real calendar date such as `2023-11-22` (rejects `2023-02-30`). */
export function isBusinessDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function yearOf(businessDate: string): number {
  return Number(businessDate.slice(0, 4));
}

/** A business date may not lie after the recording day. */
export function assertNotInFuture(occurredOn: string, today: string): void {
  if (occurredOn > today) {
    throw new RuleBroken(
      'date.in-future',
      `occurredOn ${occurredOn} is after today (${today}); record facts once they happen`,
    );
  }
}

/** A fact about something cannot predate it: `what` names the thing, `since` when it began. */
export function assertNotBefore(occurredOn: string, since: string, what: string): void {
  if (occurredOn < since) {
    throw new RuleBroken('date.before-existence', `occurredOn ${occurredOn} is before ${what} existed (${since})`);
  }
}

/** The calendar day before a business date. */
export function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
