/**
 * CSV for people (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a comma, a
 * quote, CR or LF, with its quotes doubled. Money is written as whole đồng integers, never with
 * separators or decimals, so a spreadsheet reads it as a number.
 */

/**
 * Written first by default: without it, Excel on Windows reads UTF-8 as the local code page and garbles
 * Vietnamese (Hoàn Kiếm → HoÃ n Kiáº¿m). `?bom=false` leaves it out for programs that do not expect it.
 */
export const UTF8_BOM = '\uFEFF';

export type Cell = string | number | bigint | null | undefined;

/**
 * Text a spreadsheet would run as a formula (CSV injection): one that starts with a tab, CR or LF, or whose
 * first visible character is =, +, -, @ or their full-width forms ＝ ＋ － ＠ (spreadsheets skip leading spaces,
 * and some read the full-width signs as the ASCII ones). Texts stored before free texts were checked can
 * still hold any of these, so the export never relies on the input checks.
 */
const FORMULA_START = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u;

/**
 * One text field. Text that a spreadsheet would take for a formula is prefixed with an apostrophe, which
 * Excel and LibreOffice show as plain text; numbers are never touched, so negative amounts stay numbers.
 */
export function textCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole number (đồng, a count); empty when absent. */
export function numberCell(value: number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`${value} is not a whole number: CSV exports write whole đồng and counts only`);
  }
  return value.toString();
}

/** One record, with its CRLF. */
export const csvRow = (cells: readonly string[]): string => `${cells.join(',')}\r\n`;

/** The header row: plain ASCII column names. */
export const csvHeader = (columns: readonly string[]): string => csvRow(columns.map(textCell));
