import { assertFinite } from './assert-finite.ts';
import { rangeVariance } from './range-variance.ts';
import { StatInputError } from '../errors.ts';

/**
 * Sample variance with the n − 1 denominator, equal to R's `var(x)` on x86-64 to the last bit:
 * R's two-pass algorithm (src/library/stats/src/cov.c; Chan, Golub & LeVeque 1983, The American
 * Statistician 37(3), 242–247, https://doi.org/10.1080/00031305.1983.10483115) with its 80-bit
 * extended accumulation emulated exactly (see `rangeVariance`). O(n).
 * Throws StatInputError for fewer than two values or a non-finite value.
 * @example variance([1, 2, 3, 4]) // 1.6666666666666667 (R: var(1:4))
 */
export function variance(x: ArrayLike<number>): number {
  if (x.length < 2) throw new StatInputError(`variance needs at least 2 values, got ${x.length}`);
  assertFinite(x, 'x', 2);
  return rangeVariance(x, 0, x.length);
}
