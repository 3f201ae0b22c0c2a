import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { qnorm } from './qnorm.ts';

/**
 * Student t quantile function, as R's `qt(p, df)`. `df = Infinity` gives the normal.
 * @example qt(0.975, 13) // 2.160368656462792 (R: qt(0.975, 13))
 */
export function qt(p: number, df: number): number {
  if (df === Infinity) return qnorm(p);
  return tQuantile(p, df);
}
