/**
 * Binary search (Knuth 1998, TAOCP vol. 3, §6.2.1): the first index i of the ascending array a
 * with a[i] ≥ v (a.length when there is none), as C++'s std::lower_bound. O(log n).
 * @example lowerBound(Float64Array.of(1, 3, 3, 7), 3) // 1
 */
export function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
