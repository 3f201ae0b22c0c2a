import { formatNumber } from './format-number.ts';

/**
 * A proportion in [0, 1] as a percentage, printed as it is (to `decimals` decimals of a percent,
 * 4 by default, without trailing zeros), so a declared 0.255 reads "25.5%", not a rounded "26%".
 * @example formatPercentage(0.25) // "25%"
 * @example formatPercentage(1 / 3) // "33.3333%"
 */
export function formatPercentage(fraction: number, decimals = 4): string {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`formatPercentage: expected a proportion in [0, 1], got ${fraction}`);
  const scale = 10 ** decimals;
  const pct = Math.round(fraction * 100 * scale) / scale;
  return `${formatNumber(pct, Number.isInteger(pct) ? 0 : String(pct).split('.')[1]!.length)}%`;
}
