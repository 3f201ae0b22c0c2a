import { rangeMean, rangeVariance } from '../descriptive/index.ts';

/** Count, mean and SD of one variable per code (NaN where R gives NA or NaN). */
export interface CodeMoments {
  n: Float64Array;
  mean: Float64Array;
  sd: Float64Array;
}

/**
 * The count of non-missing values, R's `mean(x, na.rm = TRUE)` and `sd(x, na.rm = TRUE)` (=
 * `sqrt(var(...))`) of each variable per integer code, as `tapply(x, code, …)` gives them to the
 * last bit: R takes each code's values in their order in x (split() keeps it), and its mean and
 * variance depend on that order in the last bit, so each code's values are gathered in row order
 * by one stable counting sort (positions computed once, shared by every variable) and measured by
 * rangeMean and rangeVariance. `code` holds each row's code 0…levels−1, or a negative code (or NaN)
 * for a row left out. A code without rows or without values gets n = 0 and NaN; one value, NaN SD.
 * Unsorted rows need no comparison sort and no row-order check. O(rows · variables + levels).
 * @example momentsByCode(Int32Array.of(1, 0, 1, -1), 2, [Float64Array.of(4, 1, 6, 9)])[0].mean // Float64Array [1, 5]
 */
export function momentsByCode(code: ArrayLike<number>, levels: number, values: ArrayLike<number>[]): CodeMoments[] {
  const rows = code.length;
  const start = new Int32Array(levels + 1);
  for (let i = 0; i < rows; i++) {
    const c = code[i]!;
    if (c >= 0) start[c + 1]!++;
  }
  for (let j = 0; j < levels; j++) start[j + 1]! += start[j]!;
  const kept = start[levels]!;
  // each kept row's place, codes in ascending order and rows in read order within a code
  const next = start.slice(0, levels);
  const dest = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = code[i]!;
    dest[i] = c >= 0 ? next[c]!++ : -1;
  }
  return values.map((x) => {
    const sorted = new Float64Array(kept);
    for (let i = 0; i < rows; i++) {
      const d = dest[i]!;
      if (d >= 0) sorted[d] = x[i]!;
    }
    const out: CodeMoments = { n: new Float64Array(levels), mean: new Float64Array(levels).fill(NaN), sd: new Float64Array(levels).fill(NaN) };
    for (let c = 0; c < levels; c++) {
      const a = start[c]!;
      const b = start[c + 1]!;
      if (a === b) continue;
      let n = 0;
      for (let i = a; i < b; i++) if (!Number.isNaN(sorted[i]!)) n++;
      out.n[c] = n;
      out.mean[c] = rangeMean(sorted, a, b);
      out.sd[c] = Math.sqrt(rangeVariance(sorted, a, b, out.mean[c]));
    }
    return out;
  });
}
