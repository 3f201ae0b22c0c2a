import { formatNumber } from './format-number.ts';

/**
 * A p-value as it stands in an APA table cell: three decimals, no leading zero, `< .001` below
 * .001 and `> .999` above .999 (APA Publication Manual, 7th ed., §6.36). Throws outside [0, 1]
 * (beyond a tolerance of 1e-9 for rounding error).
 * Use {@link apaP} for the "p = .023" form used in sentences.
 * @example formatP(0.0234) // ".023"
 * @example formatP(0.00002) // "< .001"
 */
export function formatP(p: number): string {
  // Rounding error can push a p-value a hair outside [0, 1]; anything more is a caller bug.
  if (!(p >= -1e-12 && p <= 1 + 1e-9)) throw new RangeError(`formatP: p must lie in [0, 1], got ${p}`);
  if (p < 0.001) return '< .001';
  if (p > 0.999) return '> .999';
  return formatNumber(p, 3).replace(/^0\./, '.');
}
