/** Figures are shown the Vietnamese way whatever the language of the labels: 1.000.000 đ, 31/12/2023. */
const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** Whole đồng; the API may send big amounts as strings. */
export function money(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${num(Number(value))} đ`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${decimal.format(value)}%`;
}

/** `YYYY-MM-DD` (or the date part of an instant) as dd/mm/yyyy, read as written: no time-zone shift. */
export function date(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** An instant as dd/mm/yyyy hh:mm in Vietnam's time. */
export function instant(value: string | null | undefined): string {
  if (!value) return '—';
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(parsed);
}

/** Today's date in Vietnam, `YYYY-MM-DD`. */
export function todayInVietnam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
}
