import { assertFinite } from './assert-finite.ts';
import { rangeMean } from './range-mean.ts';

/**
 * Arithmetic mean, equal to R's `mean(x)` on x86-64 to the last bit: the sum and a second pass
 * that adds the mean residual, both accumulated in the 80-bit extended format as R's
 * src/main/summary.c does, that format's arithmetic emulated exactly (see `rangeMean`). O(n).
 * Throws StatInputError on an empty input or a non-finite value.
 * @example mean([0.1, 0.2, 0.3]) // 0.2 (R: mean(c(0.1, 0.2, 0.3)) == 0.2 is TRUE; (0.1 + 0.2 + 0.3) / 3 gives 0.20000000000000004)
 */
export function mean(x: ArrayLike<number>): number {
  assertFinite(x, 'x', 1);
  return rangeMean(x, 0, x.length);
}
