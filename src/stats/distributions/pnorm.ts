import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/**
 * Standard normal distribution function, as R's `pnorm(x, lower.tail)`.
 * The upper tail is computed as Φ(−x), so small tail probabilities keep full precision.
 * @example pnorm(-3.1) // 0.000967603213218356 (R: pnorm(-3.1))
 */
export function pnorm(x: number, lowerTail = true): number {
  return normalCdf(lowerTail ? x : -x, 0, 1);
}
