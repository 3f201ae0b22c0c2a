import { variance } from './variance.ts';

/**
 * Sample standard deviation (n − 1 denominator), equal to R's `sd(x)` = `sqrt(var(x))` on x86-64
 * to the last bit (see `variance`). O(n).
 * Throws StatInputError for fewer than two values or a non-finite value.
 * @example sd([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138089935299395 (R: sd(c(2,4,4,4,5,5,7,9)))
 */
export function sd(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x));
}
