/**
 * Sum of positions 1…i of a Fenwick (binary indexed) tree stored 1-based in `tree` (Fenwick 1994,
 * doi:10.1002/spe.4380240306). O(log m).
 * @example fenwickPrefix(fenwickAdd(fenwickAdd(new Float64Array(5), 2, 3), 4, 1), 3) // 3
 */
export function fenwickPrefix(tree: Float64Array, i: number): number {
  let s = 0;
  for (let p = i; p > 0; p -= p & -p) s += tree[p];
  return s;
}
