import { rankAverage } from '../correlation/index.ts';
import { fenwickAdd } from './fenwick-add.ts';
import { fenwickPrefix } from './fenwick-prefix.ts';

/**
 * Leave-one-out (jackknife) Spearman rho or Kendall tau-b for every point in O(n log n), for the
 * BCa acceleration at large n (evaluating each subsample afresh is O(n²) or O(n² log n): hours at
 * 100,000 patients).
 *
 * Removing point i lowers the average rank of every point above it by 1 and of every point tied
 * with it by ½, so each subsample's rank sums, sums of squares and cross-products follow from
 * per-point counts: how many points lie above / tied / below i in x and in y jointly (one sweep
 * over x with a Fenwick tree over y ranks, Knight 1966, doi:10.1080/01621459.1966.10480879) and
 * rank sums over the points above i in y. Spearman is then Pearson's r of the updated ranks
 * (as R's `cor(method = "spearman")` on the subsample); Kendall's tau-b is the full-sample S
 * minus point i's concordant-minus-discordant count over the subsample's tie-corrected pair
 * counts (as `cor(method = "kendall")`). NaN when a variable is constant in the subsample.
 * Exact in floating point while rank sums of squares stay below 2⁵³/4 (n up to about 190,000);
 * beyond that, rounding of the order of 1e-15 relative.
 * @example jackknifeRankCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], 'spearman')[0] // 0.8 (R: cor(c(2, 3, 4, 5), c(1, 4, 3, 5), method = "spearman") = 0.8)
 */
export function jackknifeRankCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, method: 'spearman' | 'kendall'): Float64Array {
  const n = x.length;
  const rx = rankAverage(x);
  const ry = rankAverage(y);
  // dense ranks of y (1..m) for the Fenwick tree
  const byY = sortedIndex(ry);
  const yDense = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || ry[byY[k]] !== ry[byY[k - 1]]) m++;
    yDense[byY[k]] = m;
  }
  // per point: ties in x (tx) and y (ty) including itself, points above in y (yAbove), the sum of
  // x ranks over points above in y (rxAboveY) and over its y tie group (rxTieY); symmetric for x
  const tx = new Float64Array(n);
  const ty = new Float64Array(n);
  const yAbove = new Float64Array(n);
  const xAbove = new Float64Array(n);
  const rxAboveY = new Float64Array(n);
  const rxTieY = new Float64Array(n);
  const ryAboveX = new Float64Array(n);
  const ryTieX = new Float64Array(n);
  const byX = sortedIndex(rx);
  groupSums(byY, ry, rx, ty, yAbove, rxAboveY, rxTieY);
  groupSums(byX, rx, ry, tx, xAbove, ryAboveX, ryTieX);
  // joint counts: gg = x above and y above; ge = x above, y tied; eg = x tied, y above; ee = both tied (incl. itself)
  const gg = new Float64Array(n);
  const ge = new Float64Array(n);
  const eg = new Float64Array(n);
  const ee = new Float64Array(n);
  const tree = new Float64Array(m + 1);
  let inserted = 0;
  for (let end = n; end > 0; ) {
    let start = end - 1;
    while (start > 0 && rx[byX[start - 1]] === rx[byX[end - 1]]) start--;
    for (let k = start; k < end; k++) {
      const i = byX[k];
      const atOrBelow = fenwickPrefix(tree, yDense[i]);
      gg[i] = inserted - atOrBelow;
      ge[i] = atOrBelow - fenwickPrefix(tree, yDense[i] - 1);
    }
    // within the x tie group, ordered by y: counts above in y and tied in y
    const group = Array.from(byX.subarray(start, end)).sort((a, b) => yDense[a] - yDense[b]);
    for (let k = 0; k < group.length; ) {
      let j = k + 1;
      while (j < group.length && yDense[group[j]] === yDense[group[k]]) j++;
      for (let q = k; q < j; q++) {
        eg[group[q]] = group.length - j;
        ee[group[q]] = j - k;
      }
      k = j;
    }
    for (let k = start; k < end; k++) fenwickAdd(tree, yDense[byX[k]], 1);
    inserted += end - start;
    end = start;
  }
  const out = new Float64Array(n);
  if (method === 'spearman') {
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      sxx += rx[i] * rx[i];
      syy += ry[i] * ry[i];
      sxy += rx[i] * ry[i];
    }
    const centre = (n - 1) * (n / 2) ** 2; // n − 1 ranks with mean n/2
    // Σ over j ≠ i of r(j)·shift(j): the points above hold the top ranks; the tie group shares r(i)
    const ownShift = (above: number, ties: number, r: number) => (above * (2 * n - above + 1)) / 2 + ((ties - 1) * r) / 2;
    for (let i = 0; i < n; i++) {
      const qxx = sxx - rx[i] * rx[i] - 2 * ownShift(xAbove[i], tx[i], rx[i]) + xAbove[i] + (tx[i] - 1) / 4;
      const qyy = syy - ry[i] * ry[i] - 2 * ownShift(yAbove[i], ty[i], ry[i]) + yAbove[i] + (ty[i] - 1) / 4;
      const qxy =
        sxy -
        rx[i] * ry[i] -
        (rxAboveY[i] + (rxTieY[i] - rx[i]) / 2) -
        (ryAboveX[i] + (ryTieX[i] - ry[i]) / 2) +
        gg[i] +
        (ge[i] + eg[i]) / 2 +
        (ee[i] - 1) / 4;
      const cxx = qxx - centre;
      const cyy = qyy - centre;
      const r = cxx > 0 && cyy > 0 ? (qxy - centre) / Math.sqrt(cxx * cyy) : Number.NaN;
      out[i] = r > 1 ? 1 : r < -1 ? -1 : r;
    }
    return out;
  }
  // Kendall: point i's concordant-minus-discordant count against every other point
  const si = new Float64Array(n);
  let S2 = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < n; i++) {
    const gl = xAbove[i] - gg[i] - ge[i];
    const lg = yAbove[i] - gg[i] - eg[i];
    const le = ty[i] - ge[i] - ee[i];
    const ll = n - xAbove[i] - tx[i] - lg - le;
    si[i] = gg[i] + ll - gl - lg;
    S2 += si[i];
    tiesX += (tx[i] - 1) / 2; // each tied pair counted from both ends
    tiesY += (ty[i] - 1) / 2;
  }
  const S = S2 / 2;
  const pairs = ((n - 1) * (n - 2)) / 2;
  for (let i = 0; i < n; i++) {
    const dx = pairs - (tiesX - (tx[i] - 1));
    const dy = pairs - (tiesY - (ty[i] - 1));
    const tau = dx > 0 && dy > 0 ? (S - si[i]) / Math.sqrt(dx * dy) : Number.NaN;
    out[i] = tau > 1 ? 1 : tau < -1 ? -1 : tau;
  }
  return out;
}

/** Indices in ascending order of v. */
function sortedIndex(v: Float64Array): Uint32Array {
  const order = new Uint32Array(v.length);
  for (let i = 0; i < v.length; i++) order[i] = i;
  return order.sort((a, b) => v[a] - v[b]);
}

/**
 * Walking `order` (ascending in `key`): per point, its tie-group size, how many points lie above
 * it in `key`, the sum of `other` over those points, and the sum of `other` over its tie group.
 */
function groupSums(order: Uint32Array, key: Float64Array, other: Float64Array, ties: Float64Array, above: Float64Array, otherAbove: Float64Array, otherTie: Float64Array): void {
  const n = order.length;
  let tail = 0; // Σ other over points after the current group
  let end = n;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && key[order[start - 1]] === key[order[end - 1]]) start--;
    let groupSum = 0;
    for (let k = start; k < end; k++) groupSum += other[order[k]];
    for (let k = start; k < end; k++) {
      const i = order[k];
      ties[i] = end - start;
      above[i] = n - end;
      otherAbove[i] = tail;
      otherTie[i] = groupSum;
    }
    tail += groupSum;
    end = start;
  }
}

