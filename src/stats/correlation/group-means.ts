import type { GroupIndex } from './group-index.ts';

/**
 * Mean of `v` within each group of a `groupIndex` in two O(n) passes: the sums, then the mean
 * deviation added back (R's `mean`), so that a group of equal values has exactly that mean.
 * @example groupMeans(groupIndex([7, 3, 7]), [1, 5, 3]) // Float64Array [2, 5]
 */
export function groupMeans(g: GroupIndex, v: ArrayLike<number>): Float64Array {
  const m = new Float64Array(g.groups);
  for (let i = 0; i < v.length; i++) m[g.index[i]] += v[i];
  for (let k = 0; k < g.groups; k++) m[k] /= g.sizes[k];
  // the mean deviation of each group added back, as R's mean() does: a group of equal values then
  // has that value as its mean exactly (and deviations of exactly 0)
  const c = new Float64Array(g.groups);
  for (let i = 0; i < v.length; i++) c[g.index[i]] += v[i] - m[g.index[i]];
  for (let k = 0; k < g.groups; k++) if (Number.isFinite(m[k])) m[k] += c[k] / g.sizes[k];
  return m;
}
