import { rangeMean } from './range-mean.ts';

/**
 * The mean of each group's values as R's `mean(x, na.rm = TRUE)` gives it per group (what
 * `tapply(x, g, mean, na.rm = TRUE)` returns), for rows grouped by an integer code: `code` holds
 * each row's group, in runs of ascending codes 0…levels−1 (gaps allowed), and each run's mean is
 * `rangeMean` over its rows in their order, so the result equals R's to the last bit. NaN values
 * are skipped; a code without rows or without values gets NaN. O(n).
 * @example runMeans(Int32Array.of(0, 0, 2), Float64Array.of(1, 2, NaN), 3) // Float64Array [1.5, NaN, NaN]
 */
export function runMeans(code: Int32Array, x: Float64Array, levels: number): Float64Array {
  const out = new Float64Array(levels).fill(NaN);
  const n = code.length;
  for (let a = 0; a < n; ) {
    const c = code[a]!;
    let b = a + 1;
    while (b < n && code[b] === c) b++;
    out[c] = rangeMean(x, a, b);
    a = b;
  }
  return out;
}
