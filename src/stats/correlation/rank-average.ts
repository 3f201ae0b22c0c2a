/**
 * Ranks 1…n with tied values given the mean of the ranks they span, as R's
 * `rank(x, ties.method = "average")`; the ranks Spearman's rho correlates (Spearman 1904,
 * Am J Psychol 15, 72–101, doi:10.2307/1412159). O(n log n). Values must be finite.
 * @example rankAverage([10, 30, 20, 20]) // Float64Array [1, 4, 2.5, 2.5] (R: rank(c(10, 30, 20, 20)))
 */
export function rankAverage(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && x[order[j]] === x[order[i]]) j++;
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    i = j;
  }
  return ranks;
}
