import { assertFinite } from '../descriptive/assert-finite.ts';
import { StatInputError } from '../errors.ts';

/**
 * Percent change from baseline, 100·(post − pre)/pre, per case; raw sign (not oriented —
 * see `orientChange`). Meaningful only on ratio-like scales with a true zero. O(n).
 * Throws StatInputError on unequal lengths, a non-finite value or a zero baseline.
 * @example percentChange([20, 10], [10, 15]) // Float64Array [-50, 50]
 */
export function percentChange(pre: ArrayLike<number>, post: ArrayLike<number>): Float64Array {
  assertFinite(pre, 'pre', 1);
  assertFinite(post, 'post', 1);
  if (pre.length !== post.length) throw new StatInputError(`pre and post differ in length (${pre.length} vs ${post.length})`);
  const out = new Float64Array(pre.length);
  for (let i = 0; i < pre.length; i++) {
    if (pre[i] === 0) throw new StatInputError(`pre[${i}] is 0: percent change is undefined`);
    out[i] = (100 * (post[i] - pre[i])) / pre[i];
  }
  return out;
}
