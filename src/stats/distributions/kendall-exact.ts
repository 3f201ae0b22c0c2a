/**
 * Exact null distribution of Kendall's statistic for n untied pairs. Under independence every
 * ranking of y against x is equally likely, and the number of discordant pairs of a random
 * permutation of n is distributed as its number of inversions, whose counts are the Mahonian
 * numbers M(n, k) (Kendall 1938, Biometrika 30, 81–93, doi:10.1093/biomet/30.1-2.81; Kendall 1970,
 * Rank Correlation Methods, 4th ed., ch. 5). They satisfy M(m, k) = Σ_{i=0}^{m−1} M(m − 1, k − i):
 * the m-th element inserted into a permutation of m − 1 adds 0 to m − 1 inversions. By symmetry
 * M(n, k) = M(n, N − k) with N = n(n − 1)/2, so concordant and discordant counts share the law.
 *
 * The probabilities M(m, k)/m! of one n are built row by row with a running window sum (the
 * window divided by m), O(n·N) = O(n³) time and O(N) memory; rows of n ≤ 60 are cached. As
 * probabilities they never overflow: R's `pkendall` (the exact test of `cor.test(method =
 * "kendall")`) sums the counts themselves, which pass the double range at n = 171 (171! > 1.8e308)
 * and give NaN there. An upper tail is summed as the mirrored lower tail, never as 1 − P, so tiny
 * p values stay accurate where R's `1 − pkendall(q − 1, n)` cancels to 0.
 */
const rows = new Map<number, Float64Array>();

function mahonianRow(n: number): Float64Array {
  const cached = rows.get(n);
  if (cached) return cached;
  let row = new Float64Array([1]);
  for (let m = 2; m <= n; m++) {
    const size = (m * (m - 1)) / 2 + 1;
    const next = new Float64Array(size);
    // next[k] = Σ row[k − i] / m, i = 0..m − 1: add the newest term, drop the one leaving the window
    let window = 0;
    for (let k = 0; k < size; k++) {
      if (k < row.length) window += row[k];
      if (k - m >= 0 && k - m < row.length) window -= row[k - m];
      next[k] = window / m;
    }
    row = next;
  }
  if (n <= 60) rows.set(n, row);
  return row;
}

/**
 * P(T ≤ t) and P(T ≥ t) for T the number of concordant (equivalently discordant) pairs among n
 * untied pairs under independence. t is rounded to the nearest integer.
 */
export function kendallExactTails(t: number, n: number): { lower: number; upper: number } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`kendallExactTails: n must be a whole number of at least 1, got ${n}`);
  const row = mahonianRow(n);
  const N = row.length - 1;
  const q = Math.round(t);
  const lowerSum = (to: number): number => {
    if (to < 0) return 0;
    let s = 0;
    for (let k = 0; k <= Math.min(to, N); k++) s += row[k];
    return s;
  };
  // P(T ≥ q) = P(T ≤ N − q) by symmetry
  return { lower: lowerSum(q), upper: lowerSum(N - q) };
}

/**
 * Two-sided exact p value of `cor.test(x, y, method = "kendall")` for n untied pairs with t
 * concordant pairs: twice the tail on t's side of the mean N/2, at most 1.
 */
export function kendallExactTwoSided(t: number, n: number): number {
  const { lower, upper } = kendallExactTails(t, n);
  const p = Math.round(t) > (n * (n - 1)) / 4 ? upper : lower;
  return Math.min(1, 2 * p);
}
