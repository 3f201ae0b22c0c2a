import { StatInputError } from '../errors.ts';
import { assertPairedSample } from './assert-paired-sample.ts';
import type { RmcorrResult } from './rmcorr.ts';
import { rmcorrFromSums } from './rmcorr-from-sums.ts';
import { statsByFromR } from './stats-by-from-r.ts';
import { slopeUnscaled, unitScaledWithFactors } from './unit-scaled.ts';
import type { StatsByResult } from './stats-by-within-between.ts';

export interface WithinBetweenRunsOptions {
  level?: number;
}

export interface WithinBetweenRunsResult {
  /** As `rmcorr(subject, x, y)` gives it. */
  rmcorr: RmcorrResult;
  /** As `statsByWithinBetween(subject, x, y)` (Pearson) gives it. */
  statsBy: StatsByResult;
  /** Mean x and mean y of each subject (run), in run order: x[i] − meanX[k] is row i's within-subject deviation. */
  meanX: Float64Array;
  meanY: Float64Array;
}

/**
 * The repeated-measures correlation (Bakdash & Marusich 2017, Front Psychol 8:456,
 * doi:10.3389/fpsyg.2017.00456) and the Pearson within/between split of `psych::statsBy`
 * (Revelle, psych 2.2; Pedhazur 1997, ch. 16) of rows already grouped by subject: subject k is
 * rows start[k]…start[k+1]−1 (start[0] = 0, start[K] = N, every run non-empty). Equal bit for
 * bit to `rmcorr` and `statsByWithinBetween` on the same rows with one code per run, and checked
 * in the same order with the same errors, but in three O(N) passes without a group index or any
 * N-long array: the subject means (and the check that every value is finite); the deviations'
 * sums of squares and cross-products (rmcorr) and their sums; the deviations centred on their
 * mean (rwg, as `cor` does it in two passes). rbg is the correlation of the means replicated on
 * each row, summed row by row in the order of the replicated column, alongside.
 * @example withinBetweenRuns([0, 2, 4, 6, 8], [1, 2, 3, 5, 4, 7, 8, 9], [2, 3, 2, 5, 6, 6, 9, 8]).statsBy.within.r // 0.46709936649691375 (R: psych::statsBy(d, "g")$rwg: 0.4670994)
 */
export function withinBetweenRuns(
  start: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: WithinBetweenRunsOptions = {},
): WithinBetweenRunsResult {
  // Values whose spread is far from 1 (beyond 2^±230) are summed at unit scale (unitScaled: x at
  // 1e-170 gave squares below the double range, at 1e170 beyond it), and the results that depend
  // on scale are brought back: the slope (as y/x) and the subject means.
  const sx = unitScaledWithFactors(x);
  const sy = unitScaledWithFactors(y);
  if (!sx.factors && !sy.factors) return atScale(start, x, y, options);
  const out = atScale(start, sx.values, sy.values, options);
  out.rmcorr.slope = slopeUnscaled(out.rmcorr.slope, sx.factors, sy.factors);
  out.meanX = out.meanX.map(sx.unscale);
  out.meanY = out.meanY.map(sy.unscale);
  return out;
}

/** withinBetweenRuns on values as they are. */
function atScale(start: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, options: WithinBetweenRunsOptions): WithinBetweenRunsResult {
  const level = options.level ?? 0.95;
  const n = x.length;
  // the checks and messages of assertPairedSample; the values are checked below as they are summed
  if (y.length !== n || n < 4) assertPairedSample(x, y, 4, 'rmcorr');
  const k = start.length - 1;
  if (!(k >= 1) || start[0] !== 0 || start[k] !== n) throw new StatInputError(`withinBetweenRuns: start must run from 0 to ${n} (the number of rows)`);
  for (let j = 0; j < k; j++) {
    if (!(start[j + 1] > start[j])) throw new StatInputError(`withinBetweenRuns: run ${j} is empty or start is not increasing (${start[j]}, ${start[j + 1]})`);
  }
  const meanX = new Float64Array(k);
  const meanY = new Float64Array(k);
  // NaN once a subject's sum is not finite, which a non-finite value makes it
  let finite = 0;
  // the sum of the subject means repeated once per row (the replicated column of rbg)
  let bx = 0;
  let by = 0;
  for (let j = 0; j < k; j++) {
    const a = start[j];
    const b = start[j + 1];
    let sx = 0;
    let sy = 0;
    for (let i = a; i < b; i++) {
      sx += x[i];
      sy += y[i];
    }
    finite += sx - sx + (sy - sy);
    let mx = sx / (b - a);
    let my = sy / (b - a);
    // the mean deviation added back, as groupMeans does (a subject whose x never changes: mean exact, deviations 0)
    if (Number.isFinite(mx) && Number.isFinite(my)) {
      let cx = 0;
      let cy = 0;
      for (let i = a; i < b; i++) {
        cx += x[i] - mx;
        cy += y[i] - my;
      }
      mx += cx / (b - a);
      my += cy / (b - a);
    }
    meanX[j] = mx;
    meanY[j] = my;
    for (let i = a; i < b; i++) {
      bx += mx;
      by += my;
    }
  }
  // throws at the first non-finite value (a finite sum that overflowed passes)
  if (finite !== 0) assertPairedSample(x, y, 4, 'rmcorr');
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let sdx = 0;
  let sdy = 0;
  for (let j = 0; j < k; j++) {
    const mx = meanX[j];
    const my = meanY[j];
    for (let i = start[j], b = start[j + 1]; i < b; i++) {
      const dx = x[i] - mx;
      const dy = y[i] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
      sdx += dx;
      sdy += dy;
    }
  }
  const rm = rmcorrFromSums({ n, subjects: k, sxx, syy, sxy }, level);
  if (n < 5) assertPairedSample(x, y, 5, 'within-between correlation');
  if (k < 4 || n - k - 2 < 1) throw new StatInputError(`within-between correlation: needs at least 4 groups and N − J ≥ 3, got N = ${n}, J = ${k}`);
  // rwg: cor() of the deviations, centred once more on their (near-zero) mean; rbg: cor() of the
  // subject means, each repeated once per row of its subject. Both means corrected by the mean
  // deviation from them, as pearsonR's centredCrossProducts does.
  let cx = sdx / n;
  let cy = sdy / n;
  bx /= n;
  by /= n;
  if (Number.isFinite(cx) && Number.isFinite(cy) && Number.isFinite(bx) && Number.isFinite(by)) {
    let ex = 0;
    let ey = 0;
    let fx = 0;
    let fy = 0;
    for (let j = 0; j < k; j++) {
      const mx = meanX[j];
      const my = meanY[j];
      for (let i = start[j], b = start[j + 1]; i < b; i++) {
        ex += x[i] - mx - cx;
        ey += y[i] - my - cy;
        fx += mx - bx;
        fy += my - by;
      }
    }
    cx += ex / n;
    cy += ey / n;
    bx += fx / n;
    by += fy / n;
  }
  let wxx = 0;
  let wyy = 0;
  let wxy = 0;
  let bxx = 0;
  let byy = 0;
  let bxy = 0;
  for (let j = 0; j < k; j++) {
    const mx = meanX[j];
    const my = meanY[j];
    const ex = mx - bx;
    const ey = my - by;
    for (let i = start[j], b = start[j + 1]; i < b; i++) {
      const dx = x[i] - mx - cx;
      const dy = y[i] - my - cy;
      wxx += dx * dx;
      wyy += dy * dy;
      wxy += dx * dy;
      bxx += ex * ex;
      byy += ey * ey;
      bxy += ex * ey;
    }
  }
  const rwg = clampedR(wxx, wyy, wxy, 'within');
  const rbg = clampedR(bxx, byy, bxy, 'between');
  return { rmcorr: rm, statsBy: statsByFromR('pearson', n, k, rwg, rbg, level), meanX, meanY };
}

/** Sxy/√(Sxx·Syy) clamped to [−1, 1], as `pearsonR`, with statsByWithinBetween's error when a sum of squares is 0. */
function clampedR(sxx: number, syy: number, sxy: number, what: string): number {
  if (!(sxx > 0) || !(syy > 0) || sxx === Infinity || syy === Infinity) throw new StatInputError(`within-between correlation: x or y has no ${what}-group variance`);
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}
