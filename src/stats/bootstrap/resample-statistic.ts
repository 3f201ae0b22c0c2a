import { StatInputError } from '../errors.ts';
import { fenwickAdd } from './fenwick-add.ts';
import { fenwickPrefix } from './fenwick-prefix.ts';
import { rankAverage } from '../correlation/rank-average.ts';
import type { BootstrapMethod } from './correlation-statistic.ts';
import { lowerBound } from './lower-bound.ts';

/**
 * Prepares x and y once and returns a function that gives the correlation of the bootstrap
 * resample in which pair j appears counts[j] times (any total; a jackknife subsample is a count of
 * zero for the left-out pair), without copying or re-sorting
 * the resample: Pearson from count-weighted centred sums, O(n); Spearman from the resample's
 * average ranks, obtained by walking the presorted order with cumulative counts, O(n); Kendall's
 * tau-b by counting count-weighted concordant minus discordant pairs with a Fenwick tree over
 * the y ranks (Knight 1966 with weights), O(n log n). Equals `correlationStatistic(method)` on
 * the materialised resample up to rounding; NaN when a variable is constant in the resample.
 * @example resampleStatistic('pearson', [1, 2, 3, 4], [1, 3, 2, 4])(Int32Array.of(1, 1, 1, 1)) // 0.8
 */
export function resampleStatistic(
  method: BootstrapMethod,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): (counts: Int32Array) => number {
  if (method === 'pearson') return pearsonFromCounts(x, y);
  if (method === 'spearman') return spearmanFromCounts(x, y);
  if (method === 'kendall') return kendallFromCounts(x, y);
  throw new StatInputError(`unknown bootstrap correlation method '${String(method)}'`);
}

function total(c: Int32Array): number {
  let s = 0;
  for (let j = 0; j < c.length; j++) s += c[j];
  return s;
}

function weightedR(a: ArrayLike<number>, b: ArrayLike<number>, c: Int32Array, n: number): number {
  let ma = 0;
  let mb = 0;
  for (let j = 0; j < c.length; j++) {
    ma += c[j] * a[j];
    mb += c[j] * b[j];
  }
  ma /= n;
  mb /= n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let j = 0; j < c.length; j++) {
    if (c[j] === 0) continue;
    const da = a[j] - ma;
    const db = b[j] - mb;
    saa += c[j] * da * da;
    sbb += c[j] * db * db;
    sab += c[j] * da * db;
  }
  const r = sab / Math.sqrt(saa * sbb);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

function pearsonFromCounts(x: ArrayLike<number>, y: ArrayLike<number>): (c: Int32Array) => number {
  const n = x.length;
  return (c) => {
    let first = 0;
    while (c[first] === 0) first++;
    let xConst = true;
    let yConst = true;
    for (let j = first + 1; j < n && (xConst || yConst); j++) {
      if (c[j] === 0) continue;
      if (x[j] !== x[first]) xConst = false;
      if (y[j] !== y[first]) yConst = false;
    }
    return xConst || yConst ? Number.NaN : weightedR(x, y, c, total(c));
  };
}

/** Original indices in ascending order of v, and where each run of tied values ends. */
function sortedRuns(v: ArrayLike<number>): { order: Uint32Array; runEnd: Uint32Array } {
  const n = v.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => v[a] - v[b]);
  const runEnd = new Uint32Array(n);
  for (let i = n - 1; i >= 0; i--) runEnd[i] = i + 1 < n && v[order[i + 1]] === v[order[i]] ? runEnd[i + 1] : i + 1;
  return { order, runEnd };
}

/** Average ranks within a resample of size N, per original index; false when all drawn values tie. */
function resampleRanks(s: { order: Uint32Array; runEnd: Uint32Array }, c: Int32Array, N: number, out: Float64Array): boolean {
  const n = s.order.length;
  let pos = 0;
  for (let i = 0; i < n; ) {
    const end = s.runEnd[i];
    let drawn = 0;
    for (let k = i; k < end; k++) drawn += c[s.order[k]];
    if (drawn === N) return false;
    const rank = pos + (drawn + 1) / 2;
    for (let k = i; k < end; k++) out[s.order[k]] = rank;
    pos += drawn;
    i = end;
  }
  return true;
}

function spearmanFromCounts(x: ArrayLike<number>, y: ArrayLike<number>): (c: Int32Array) => number {
  const n = x.length;
  const sx = sortedRuns(x);
  const sy = sortedRuns(y);
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  return (c) => {
    const N = total(c);
    return resampleRanks(sx, c, N, rx) && resampleRanks(sy, c, N, ry) ? weightedR(rx, ry, c, N) : Number.NaN;
  };
}

function kendallFromCounts(x: ArrayLike<number>, y: ArrayLike<number>): (c: Int32Array) => number {
  const n = x.length;
  // Order by x then y; y replaced by dense ranks 1…m for the Fenwick tree.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const yr = rankAverage(y);
  const yDistinct = Float64Array.from(new Set(yr)).sort();
  const yRank = new Int32Array(n);
  for (let j = 0; j < n; j++) yRank[j] = lowerBound(yDistinct, yr[j]) + 1;
  const m = yDistinct.length;
  const tree = new Float64Array(m + 1);
  const yTotals = new Float64Array(m + 1);
  const pairs = (k: number) => (k * (k - 1)) / 2;
  return (c) => {
    tree.fill(0);
    yTotals.fill(0);
    let S = 0;
    let tiesX = 0;
    let inserted = 0;
    for (let i = 0; i < n; ) {
      let end = i + 1;
      while (end < n && x[order[end]] === x[order[i]]) end++;
      let groupTotal = 0;
      for (let k = i; k < end; k++) {
        const j = order[k];
        if (c[j] === 0) continue;
        const below = fenwickPrefix(tree, yRank[j] - 1);
        const above = inserted - fenwickPrefix(tree, yRank[j]);
        S += c[j] * (below - above);
        groupTotal += c[j];
      }
      for (let k = i; k < end; k++) {
        const j = order[k];
        if (c[j] === 0) continue;
        fenwickAdd(tree, yRank[j], c[j]);
        yTotals[yRank[j]] += c[j];
      }
      inserted += groupTotal;
      tiesX += pairs(groupTotal);
      i = end;
    }
    let tiesY = 0;
    for (let r = 1; r <= m; r++) tiesY += pairs(yTotals[r]);
    const n0 = pairs(inserted);
    if (!(n0 > tiesX) || !(n0 > tiesY)) return Number.NaN;
    const tau = S / Math.sqrt((n0 - tiesX) * (n0 - tiesY));
    return tau > 1 ? 1 : tau < -1 ? -1 : tau;
  };
}

