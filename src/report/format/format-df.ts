import { formatNumber } from './format-number.ts';

/**
 * Degrees of freedom: integers as they are, fractional df (Welch, Satterthwaite,
 * Kenward–Roger) to two decimals, as APA asks for approximate df.
 * @example formatDf(148) // "148"
 * @example formatDf(97.534) // "97.53"
 */
export function formatDf(df: number): string {
  if (!(df > 0)) throw new RangeError(`formatDf: df must be positive, got ${df}`);
  return formatNumber(df, Number.isInteger(df) ? 0 : 2);
}
