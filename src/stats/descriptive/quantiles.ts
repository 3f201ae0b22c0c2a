import { assertFinite } from './assert-finite.ts';
import { quantileSorted } from './quantile-sorted.ts';

/**
 * Sample quantiles by R's default rule (Hyndman & Fan 1996, type 7), as
 * `quantile(x, probs, type = 7, names = FALSE)`. Sorts a copy once: O(n log n).
 * Throws StatInputError on an empty input, a non-finite value or a probability outside [0, 1].
 * @example quantiles([1, 2, 3, 4, 10], [0.1, 0.5, 0.9]) // Float64Array [1.4, 3, 7.6000000000000005]
 */
export function quantiles(x: ArrayLike<number>, probs: ArrayLike<number>): Float64Array {
  assertFinite(x, 'x', 1);
  const sorted = Float64Array.from(x).sort();
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = quantileSorted(sorted, probs[i]);
  return out;
}
