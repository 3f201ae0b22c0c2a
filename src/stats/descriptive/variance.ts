import { mean } from './mean.ts';
import { StatInputError } from '../errors.ts';

/**
 * Sample variance with the n − 1 denominator, as R's `var(x)`; two-pass
 * (corrected) algorithm, Chan, Golub & LeVeque (1983), The American Statistician
 * 37(3), 242–247, https://doi.org/10.1080/00031305.1983.10483115. O(n).
 * Throws StatInputError for fewer than two values or a non-finite value.
 * @example variance([1, 2, 3, 4]) // 1.6666666666666667 (R: var(1:4))
 */
export function variance(x: ArrayLike<number>): number {
  if (x.length < 2) throw new StatInputError(`variance needs at least 2 values, got ${x.length}`);
  const m = mean(x);
  const n = x.length;
  let ss = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
    s += d;
  }
  return (ss - (s * s) / n) / (n - 1);
}
