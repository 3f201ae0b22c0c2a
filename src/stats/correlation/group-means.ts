import type { GroupIndex } from './group-index.ts';

/**
 * Mean of `v` within each group of a `groupIndex`, one O(n) pass.
 * @example groupMeans(groupIndex([7, 3, 7]), [1, 5, 3]) // Float64Array [2, 5]
 */
export function groupMeans(g: GroupIndex, v: ArrayLike<number>): Float64Array {
  const m = new Float64Array(g.groups);
  for (let i = 0; i < v.length; i++) m[g.index[i]] += v[i];
  for (let k = 0; k < g.groups; k++) m[k] /= g.sizes[k];
  return m;
}
