import { StatInputError } from '../errors.ts';

/**
 * Sample quantile of already-sorted data, Hyndman & Fan (1996) type 7 — R's default
 * `quantile(x, p, type = 7)`: h = (n − 1)·p, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 * Hyndman, R. J. & Fan, Y. (1996), The American Statistician 50(4), 361–365,
 * https://doi.org/10.1080/00031305.1996.10473566. O(1). `sorted` must be ascending and finite.
 * @example quantileSorted([1, 2, 3, 4], 0.25) // 1.75 (R: quantile(1:4, 0.25))
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new StatInputError('quantile of an empty array');
  if (!(p >= 0 && p <= 1)) throw new StatInputError(`probability must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const f = h - lo;
  // R computes x[lo] + f·(x[lo+1] − x[lo]) only when f > 0 (avoids 0·∞ and keeps exact ties)
  return f === 0 ? sorted[lo] : sorted[lo] + f * (sorted[lo + 1] - sorted[lo]);
}
