import { StatInputError } from '../errors.ts';

/**
 * The finite replicates in ascending order (R's `boot.ci` drops non-finite replicates, e.g.
 * resamples in which a variable was constant). Throws StatInputError when fewer than 2 remain.
 * @example finiteSorted([3, Number.NaN, 1]) // Float64Array [1, 3]
 */
export function finiteSorted(replicates: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < replicates.length; i++) if (Number.isFinite(replicates[i])) m++;
  if (m < 2) throw new StatInputError(`bootstrap interval needs at least 2 finite replicates, got ${m}`);
  const out = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < replicates.length; i++) if (Number.isFinite(replicates[i])) out[j++] = replicates[i];
  return out.sort();
}
