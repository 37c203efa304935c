/**
 * Calendar arithmetic of the verifier's own: the verifier shares no code with the write side or the funds
 * read model, so a mistake in theirs cannot hide behind the same mistake here.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The business date that stands for "every date": after every real one. */
export const ALL_DATES = '9999-12-31';

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** The calendar day before a date. */
export function previousDay(date: string): string {
  let [year, month, day] = date.split('-').map(Number);
  day -= 1;
  if (day === 0) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    day = daysInMonth(year, month);
  }
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number) => String(n).padStart(2, '0');
