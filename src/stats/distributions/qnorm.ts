import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Standard normal quantile function, as R's `qnorm(p)`.
 * @example qnorm(0.999) // 3.090232306167813 (R: qnorm(0.999))
 */
export function qnorm(p: number): number {
  return normalQuantile(p, 0, 1);
}
