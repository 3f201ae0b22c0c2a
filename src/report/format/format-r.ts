import { formatNumber } from './format-number.ts';

/**
 * A statistic bounded by ±1 (correlation, standardized coefficient, proportion) in APA style:
 * two decimals by default, no leading zero, a true minus sign (APA Publication Manual, 7th ed.,
 * §6.36). Values outside [−1, 1] are a caller error and throw.
 * @example formatR(0.2834) // ".28"
 * @example formatR(-0.05) // "−.05"
 */
export function formatR(r: number, digits = 2): string {
  if (!(r >= -1 && r <= 1)) throw new RangeError(`formatR: value must lie in [-1, 1], got ${r}`);
  return formatNumber(r, digits).replace(/^(\u2212?)0\./, '$1.');
}
