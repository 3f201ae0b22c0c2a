import { qnorm } from '../distributions/index.ts';

/**
 * The α-quantile of R bootstrap replicates as Davison & Hinkley (1997, Bootstrap Methods and
 * their Application, ch. 5) and R's `boot` (internal `norm.inter`) take it: the order
 * statistic t₍ₖ₎ at k = (R + 1)α when that is an integer, else interpolation between t₍ₖ₎ and
 * t₍ₖ₊₁₎ on the normal-quantile scale; the extremes t₍₁₎ / t₍R₎ when k falls outside 1…R − 1.
 * `sorted` must be finite and in ascending order. At α = 1 exactly (a BCa level adjusted past the
 * last double below 1) this returns t₍R₎, where R's code indexes past the end and gives NA.
 * @example normalInterpolatedQuantile(Float64Array.of(1, 2, 3, 4), 0.5) // 2.5
 */
export function normalInterpolatedQuantile(sorted: ArrayLike<number>, alpha: number): number {
  const R = sorted.length;
  const rk = (R + 1) * alpha;
  const k = Math.trunc(rk);
  if (k <= 0) return sorted[0];
  if (k >= R) return sorted[R - 1];
  const tk = sorted[k - 1];
  if (k === rk) return tk;
  const lo = qnorm(k / (R + 1));
  const hi = qnorm((k + 1) / (R + 1));
  return tk + ((qnorm(alpha) - lo) / (hi - lo)) * (sorted[k] - tk);
}

/**
 * Whether the α-quantile of R replicates is an extreme order statistic, t₍₁₎ or t₍R₎ itself or
 * beyond them — (R + 1)α ∉ (1, R), the condition on which R's `boot` warns "extreme order
 * statistics used as endpoints": the bound then says little more than that the interval reaches
 * the furthest replicate, and more replicates are needed.
 * @example usesExtremeOrder(19, 0.025) // true ((19 + 1)·0.025 = 0.5)
 */
export function usesExtremeOrder(R: number, alpha: number): boolean {
  const rk = (R + 1) * alpha;
  return !(rk > 1 && rk < R);
}
