import fQuantile from '@stdlib/stats-base-dists-f-quantile';

/**
 * F quantile function, as R's `qf(p, df1, df2)`.
 * @example qf(0.9, 2, 10) // 2.924465962305567 (R: qf(0.9, 2, 10))
 */
export function qf(p: number, df1: number, df2: number): number {
  return fQuantile(p, df1, df2);
}
