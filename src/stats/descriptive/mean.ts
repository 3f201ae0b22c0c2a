import { assertFinite } from './assert-finite.ts';

/**
 * Arithmetic mean, computed as R's `mean()` does: a first pass for the sum and a second
 * pass that adds the mean residual, which removes most rounding error. O(n).
 * Throws StatInputError on an empty input or a non-finite value.
 * @example mean([1, 2, 3, 4]) // 2.5 (R: mean(1:4))
 */
export function mean(x: ArrayLike<number>): number {
  assertFinite(x, 'x', 1);
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += x[i] - m;
  return m + r / n;
}
