/**
 * Adds `value` at position i (1-based) of a Fenwick tree of tree.length − 1 positions, in place,
 * and returns the tree (see fenwickPrefix). O(log m).
 * @example fenwickAdd(new Float64Array(5), 2, 3) // Float64Array [0, 0, 3, 0, 3]
 */
export function fenwickAdd(tree: Float64Array, i: number, value: number): Float64Array {
  for (let p = i; p < tree.length; p += p & -p) tree[p] += value;
  return tree;
}
