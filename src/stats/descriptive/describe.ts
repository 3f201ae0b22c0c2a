import { assertFinite } from './assert-finite.ts';
import { mean } from './mean.ts';
import { quantileSorted } from './quantile-sorted.ts';
import { sd } from './sd.ts';

/** Five-number summary with mean and SD, as R's `summary(x)` plus `sd(x)`. */
export interface Description {
  n: number;
  mean: number;
  /** n − 1 denominator. */
  sd: number;
  min: number;
  /** Type-7 quartiles, as `summary()` reports. */
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/**
 * Describes a numeric sample the way R's `summary(x)` and `sd(x)` do (quartiles by
 * Hyndman & Fan 1996 type 7). Requires at least two finite values. O(n log n).
 * @example describe([1, 2, 3, 4]) // { n: 4, mean: 2.5, sd: 1.2909944487358056, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 }
 */
export function describe(x: ArrayLike<number>): Description {
  assertFinite(x, 'x', 2);
  const s = Float64Array.from(x).sort();
  return {
    n: s.length,
    mean: mean(x),
    sd: sd(x),
    min: s[0],
    q1: quantileSorted(s, 0.25),
    median: quantileSorted(s, 0.5),
    q3: quantileSorted(s, 0.75),
    max: s[s.length - 1],
  };
}
