import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

/**
 * Chi-square quantile function, as R's `qchisq(p, df)`.
 * @example qchisq(0.95, 4) // 9.487729036781154 (R: qchisq(0.95, 4))
 */
export function qchisq(p: number, df: number): number {
  return chisqQuantile(p, df);
}
