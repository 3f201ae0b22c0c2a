import { formatNumber } from './format-number.ts';

/**
 * A proportion in [0, 1] as a percentage, printed as it is (to 4 decimals of a percent, without
 * trailing zeros), so a declared 0.255 reads "25.5%", not a rounded "26%".
 * @example formatPercentage(0.25) // "25%"
 * @example formatPercentage(1 / 3) // "33.3333%"
 */
export function formatPercentage(fraction: number): string {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`formatPercentage: expected a proportion in [0, 1], got ${fraction}`);
  const pct = Math.round(fraction * 100 * 1e4) / 1e4;
  return `${formatNumber(pct, Number.isInteger(pct) ? 0 : String(pct).split('.')[1]!.length)}%`;
}
