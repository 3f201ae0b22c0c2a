import { assertLevel } from '../correlation/index.ts';
import { finiteSorted } from './finite-sorted.ts';
import { normalInterpolatedQuantile, usesExtremeOrder } from './normal-interpolated-quantile.ts';

/**
 * Percentile bootstrap interval (Efron 1981; Efron & Tibshirani 1993, An Introduction to the
 * Bootstrap, ch. 13): the (1 − level)/2 and (1 + level)/2 quantiles of the finite replicates,
 * taken as R's `boot::boot.ci(type = "perc")` does (see normalInterpolatedQuantile); `extreme`
 * when either end is an extreme order statistic (usesExtremeOrder, where boot.ci warns).
 * @example percentileInterval(Float64Array.from({ length: 999 }, (_, i) => i + 1), 0.95) // { lower: 25, upper: 975, extreme: false } (R: boot:::norm.inter(1:999, c(0.025, 0.975)))
 */
export function percentileInterval(replicates: ArrayLike<number>, level = 0.95): { lower: number; upper: number; extreme: boolean } {
  assertLevel(level);
  const t = finiteSorted(replicates);
  const lo = (1 - level) / 2;
  const hi = (1 + level) / 2;
  return { lower: normalInterpolatedQuantile(t, lo), upper: normalInterpolatedQuantile(t, hi), extreme: usesExtremeOrder(t.length, lo) || usesExtremeOrder(t.length, hi) };
}
