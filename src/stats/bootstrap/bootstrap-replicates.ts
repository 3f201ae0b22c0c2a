import { StatInputError } from '../errors.ts';
import { assertPairedSample, centredCrossProducts } from '../correlation/index.ts';
import { createRng } from '../random/index.ts';
import type { BootstrapMethod } from './correlation-statistic.ts';
import { lowerBound } from './lower-bound.ts';
import { resampleStatistic } from './resample-statistic.ts';

/**
 * The `reps` bootstrap replicates of a correlation (Efron 1979, Ann Stat 7, 1–26,
 * doi:10.1214/aos/1176344552; Efron & Tibshirani 1993, ch. 6): resample b takes the next n draws
 * of `createRng(seed).int(n)` as the pair indices, counted per pair (in bulk by `rng.tally`, the
 * same stream). Spearman and Kendall are evaluated from the counts by `resampleStatistic`.
 * Pearson is evaluated in one pass over the counts, from count-weighted sums of x and y centred at
 * their full-sample means (a shifted one-pass formula, Chan, Golub & LeVeque 1983, Am Stat 37,
 * 242–247, doi:10.1080/00031305.1983.10483115): accurate because a resample's mean lies close
 * to the full-sample mean. When the shift cancels half or more of a sum of squares (a constant
 * or near-constant resample, extreme outliers) that resample is evaluated by `resampleStatistic`
 * instead, which also makes a constant resample NaN exactly as before. When at most n/2 of the
 * (x, y) pairs are distinct (questionnaire scores: 26,409 of 99,719 in the 100k demo), draws are
 * counted per distinct pair rather than per patient, so the pass is over the distinct pairs. The replicates therefore equal
 * `resampleStatistic(method, x, y)` on the same counts up to rounding (bit for bit for Spearman
 * and Kendall). Time O(reps·n) for Pearson and Spearman, O(reps·n log n) for Kendall; memory
 * O(n). Throws StatInputError for unpaired or non-finite input, n < 2, or reps not a positive
 * integer; an unknown method throws as in `resampleStatistic`.
 * @example bootstrapReplicates('pearson', [1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7], 10, 1)[0] // 0.8366600265340756 (pairs 3, 3, 3, 4, 5, 5, 5, 8 drawn; R: cor(c(3, 3, 3, 4, 5, 5, 5, 8), c(4, 4, 4, 3, 6, 6, 6, 7)) = 0.83666002653407545)
 */
export function bootstrapReplicates(
  method: BootstrapMethod,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  reps: number,
  seed: number,
): Float64Array {
  assertPairedSample(x, y, 2, 'bootstrapReplicates');
  if (!Number.isInteger(reps) || reps < 1) throw new StatInputError(`bootstrapReplicates needs an integer reps ≥ 1, got ${reps}`);
  const n = x.length;
  const rng = createRng(seed);
  const t = new Float64Array(reps);
  if (method !== 'pearson') {
    const stat = resampleStatistic(method, x, y);
    const counts = new Int32Array(n);
    for (let b = 0; b < reps; b++) t[b] = stat(rng.tally(n, n, counts.fill(0)));
    return t;
  }
  const { meanX, meanY } = centredCrossProducts(x, y);
  const pairs = distinctPairs(x, y);
  const stat = shiftedPearson(pairs ? pairs.x : x, pairs ? pairs.y : y, n, meanX, meanY);
  const counts = new Int32Array(pairs ? pairs.x.length : n);
  for (let b = 0; b < reps; b++) t[b] = stat(rng.tally(n, n, counts.fill(0), pairs?.of));
  return t;
}

/**
 * Pearson's r of a resample of size n from the counts of its units (pairs or distinct pairs),
 * with one pass over the units centred at (mx, my).
 */
function shiftedPearson(ux: ArrayLike<number>, uy: ArrayLike<number>, n: number, mx: number, my: number): (c: Int32Array) => number {
  const exact = resampleStatistic('pearson', ux, uy);
  const dx = Float64Array.from(ux, (v) => v - mx);
  const dy = Float64Array.from(uy, (v) => v - my);
  const units = dx.length;
  return (c) => {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let j = 0; j < units; j++) {
      const w = c[j];
      const a = dx[j];
      const d = dy[j];
      const wa = w * a;
      const wd = w * d;
      sx += wa;
      sy += wd;
      sxx += wa * a;
      syy += wd * d;
      sxy += wa * d;
    }
    const cxx = sxx - (sx * sx) / n;
    const cyy = syy - (sy * sy) / n;
    // false also for NaN or infinite sums; a constant variable leaves cxx (or cyy) ≈ 0
    if (!(cxx > 0.5 * sxx && cyy > 0.5 * syy)) return exact(c);
    const r = (sxy - (sx * sy) / n) / Math.sqrt(cxx * cyy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
  };
}

/**
 * The distinct (x, y) pairs and, per pair index, which one it is; null when there are more than
 * n/2 of them (counting per distinct pair then saves too little) or more than 65,536.
 */
function distinctPairs(x: ArrayLike<number>, y: ArrayLike<number>): { x: Float64Array; y: Float64Array; of: Uint16Array } | null {
  const n = x.length;
  const most = Math.min(65536, Math.floor(n / 2));
  const lx = distinctSorted(x);
  const ly = distinctSorted(y);
  const cellOf = new Map<number, number>();
  const of = new Uint16Array(n);
  const px: number[] = [];
  const py: number[] = [];
  for (let j = 0; j < n; j++) {
    const key = lowerBound(lx, x[j]) * ly.length + lowerBound(ly, y[j]);
    let cell = cellOf.get(key);
    if (cell === undefined) {
      if (px.length === most) return null;
      cell = px.length;
      cellOf.set(key, cell);
      px.push(x[j]);
      py.push(y[j]);
    }
    of[j] = cell;
  }
  return { x: Float64Array.from(px), y: Float64Array.from(py), of };
}

/** The distinct values of v in ascending order. */
function distinctSorted(v: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(v).sort();
  let m = 0;
  for (let i = 0; i < s.length; i++) if (m === 0 || s[i] !== s[m - 1]) s[m++] = s[i];
  return s.slice(0, m);
}
