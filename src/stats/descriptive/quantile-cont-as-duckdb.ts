/**
 * DuckDB's quantile_cont(x, q) of `values` (reordered in place): the order statistics at floor and
 * ceil of (n − 1)·q, interpolated as DuckDB does for DOUBLE, lo·(1 − d) + hi·d; NaN for none. The
 * order statistics by selection (Hoare's quickselect), not a sort of every value: O(n) on average.
 * R's type-7 quantile (quantileSorted) interpolates as lo + d·(hi − lo), which can differ in the last bit.
 * @example quantileContAsDuckDB(Float64Array.of(4, 1, 3, 2), 0.5) // 2.5 (DuckDB: quantile_cont(x, 0.5))
 */
export function quantileContAsDuckDB(values: Float64Array, q: number): number {
  if (!values.length) return NaN;
  const rn = (values.length - 1) * q;
  const f = Math.floor(rn);
  const lo = nthSmallest(values, f);
  if (f === Math.ceil(rn)) return lo;
  // after the selection every value past f is at least values[f]: the next order statistic is their minimum
  let hi = Infinity;
  for (let i = f + 1; i < values.length; i++) if (values[i] < hi) hi = values[i];
  const d = rn - f;
  return lo * (1 - d) + hi * d;
}

/** The k-th smallest value (0-based) of `values`, which it leaves partitioned around position k (values without NaN). */
function nthSmallest(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >>> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k];
}
