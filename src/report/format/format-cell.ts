import type { CellValue, ColumnFormat } from '../types.ts';
import { formatDf } from './format-df.ts';
import { formatNumber } from './format-number.ts';
import { formatP } from './format-p.ts';

/** What a missing or undefined cell shows in an APA table. */
export const MISSING_CELL = '—';

const DECIMALS: Partial<Record<ColumnFormat, number>> = { num1: 1, num2: 2, num3: 3, num4: 4 };

/**
 * One table cell as text, following the column's {@link ColumnFormat}:
 * `int` rounds to an integer with thousands separators; `r` prints two decimals without a
 * leading zero (a leading zero is kept when |x| > 1, which APA allows for unbounded values);
 * `p` prints `.023` or `< .001`; `df` prints integers as they are and approximate df to two decimals (a df ≤ 0 throws); `num1`–`num4` fix the decimals; `pct` reads the value as a
 * proportion (0.123 → "12.3%"); `text` (and no format) prints strings as they are and numbers
 * with up to two decimals. `null` and `NaN` print as an em dash; a p-value outside [0, 1]
 * throws (it is a bug upstream, not a value to hide); strings are never reformatted. The result is plain text: the caller escapes it for HTML.
 * @example formatCell(0.28341, 'r') // ".28"
 * @example formatCell(0.0004, 'p') // "< .001"
 * @example formatCell(0.1234, 'pct') // "12.3%"
 * @example formatCell(97.534, 'df') // "97.53"
 */
export function formatCell(value: CellValue | undefined, format: ColumnFormat = 'text'): string {
  if (value === null || value === undefined) return MISSING_CELL;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Number.isNaN(value)) return MISSING_CELL;
  switch (format) {
    case 'int':
      return formatNumber(Math.round(value), 0);
    case 'r': {
      const s = formatNumber(value, 2);
      return Math.abs(value) < 1 ? s.replace(/^(\u2212?)0\./, '$1.') : s;
    }
    case 'p':
      return formatP(value);
    case 'df':
      return formatDf(value);
    case 'pct':
      return `${formatNumber(value * 100, 1)}%`;
    case 'text':
      return formatNumber(value, Number.isInteger(value) ? 0 : 2);
    default:
      return formatNumber(value, DECIMALS[format] ?? 2);
  }
}
