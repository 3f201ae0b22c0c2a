import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { pnorm } from './pnorm.ts';

/**
 * Student t distribution function, as R's `pt(q, df, lower.tail)`. `df = Infinity` gives the normal.
 * @example pt(-2.5, 7) // 0.02049610929287644 (R: pt(-2.5, 7))
 */
export function pt(q: number, df: number, lowerTail = true): number {
  if (df === Infinity) return pnorm(q, lowerTail);
  return tCdf(lowerTail ? q : -q, df);
}

/** Two-sided p-value of a t statistic: 2·P(T ≥ |t|). */
export function ptTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * pt(-Math.abs(t), df));
}
