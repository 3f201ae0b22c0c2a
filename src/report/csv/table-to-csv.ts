import type { CellValue, TableColumn } from '../types.ts';

const NUMBER_LIKE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A result table as RFC 4180 CSV (https://www.rfc-editor.org/rfc/rfc4180): a header of column
 * keys (names R and SPSS accept), CRLF line ends, fields quoted when they contain a comma, a
 * quote, CR or LF, quotes doubled. Values are written raw, not formatted: numbers with full
 * precision (`String(x)`), `null`/`NaN` as an empty field (read as missing by R and SPSS),
 * booleans as `TRUE`/`FALSE`. A text cell that a spreadsheet would run as a formula (starts
 * with `=`, `+`, `-`, `@`, tab or CR and is not a plain number) gets a leading `'` (OWASP,
 * "CSV Injection").
 * @example tableToCsv([{ key: 'name', label: 'Name' }, { key: 'r', label: 'r' }], [{ name: 'a,b', r: 0.5 }])
 * // 'name,r\r\n"a,b",0.5\r\n'
 */
export function tableToCsv(columns: readonly TableColumn[], rows: readonly Record<string, CellValue>[]): string {
  const lines = [columns.map((c) => csvField(c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c.key])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvField(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s) && !NUMBER_LIKE.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
