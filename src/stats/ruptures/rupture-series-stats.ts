import { rangeVariance } from '../descriptive/range-variance.ts';
import { patientRuns, type PatientRuns, type SessionSeries } from '../sudden/patient-runs.ts';

/** What every rupture rule on one series shares: the patients' runs and the SDs thresholds are built from. */
export interface RuptureSeriesStats {
  readonly runs: PatientRuns;
  /** Each patient's SD of their scores (n − 1; `NaN` with fewer than two). */
  readonly ownSd: Float64Array;
  /** Each patient's number of consecutive rows with both scores present (the pairs a rupture can be seen in). */
  readonly pairs: Int32Array;
  /**
   * Sample SDs (n − 1; `NaN` with fewer than two values): all scores pooled, all session-to-session
   * differences, every patient's first observed score. The SD of differences is 0 when it is no
   * larger than the rounding error of the differences themselves (see ROUNDING_SDS). Each is
   * computed on first read and kept.
   */
  readonly sd: { readonly scores: number; readonly differences: number; readonly first: number };
}

/**
 * The series-level inputs of `rupturesColumns` thresholds, in O(n), so that several
 * rules (Stiles et al. 2004, doi:10.1037/0022-0167.51.1.81; Strauss et al. 2006,
 * doi:10.1037/0022-006X.74.2.337; Gumz et al. 2012, doi:10.1186/1471-2288-12-10; reliable change,
 * Jacobson & Truax 1991, doi:10.1037/0022-006X.59.1.12) on one series check and summarise it once:
 * the patient runs (`patientRuns`, which validates the series), each patient's own SD and the
 * sample SDs of scores, of consecutive differences (rows with both scores present) and of first
 * scores. Missing scores are skipped. SDs are R's `sd()` to the last bit (`rangeVariance` of
 * src/stats/descriptive, R's two-pass algorithm with its extended-precision sums emulated), so a
 * tie such as `sd(c(42, 37, 40, 43, 39, 40, 39))` = 2 is exactly 2, as in R, and a drop of exactly
 * k·SD meets a k·SD threshold. A running (Welford) update would give 2.0000000000000009.
 * The sample SDs are computed when first read (past 4096 values each is R's step-by-step
 * extended sum, about 90 ms at 1.3 million scores on 2 shared cores), so a rule set pays only for
 * the ones its thresholds use: the demo's presets never read the SD of differences.
 * @example ruptureSeriesStats({ ids: Int32Array.of(1, 1, 2, 2), time: Float64Array.of(1, 2, 1, 2), score: Float64Array.of(4, 6, 5, 9) }).ownSd
 * // Float64Array [1.4142135623730951, 2.8284271247461903]
 */
export function ruptureSeriesStats(series: SessionSeries): RuptureSeriesStats {
  const runs = patientRuns(series);
  const y = series.score;
  const nP = runs.ids.length;
  const ownSd = new Float64Array(nP);
  const pairs = new Int32Array(nP);
  for (let p = 0; p < nP; p++) {
    let k = 0;
    const s = runs.start[p]!;
    const e = runs.end[p]!;
    for (let i = s + 1; i < e; i++) if (!Number.isNaN(y[i]!) && !Number.isNaN(y[i - 1]!)) k++;
    ownSd[p] = sdAsR(y, s, e);
    pairs[p] = k;
  }
  let scores: number | undefined;
  let differences: number | undefined;
  let first: number | undefined;
  const sd = {
    // the patient runs cover every row: the scores' SD is the whole series' (missing skipped)
    get scores(): number {
      return (scores ??= sdAsR(y, 0, y.length));
    },
    get differences(): number {
      return (differences ??= differencesSd(y, runs));
    },
    get first(): number {
      return (first ??= firstScoresSd(y, runs));
    },
  };
  return { runs, ownSd, pairs, sd };
}

/** SD of the consecutive differences within each patient's run (rows with both scores present), 0 when within rounding noise. */
function differencesSd(y: ArrayLike<number>, runs: PatientRuns): number {
  const diffs = new Float64Array(y.length);
  let nDiffs = 0;
  let maxAbs = 0;
  for (let p = 0; p < runs.ids.length; p++) {
    const s = runs.start[p]!;
    const e = runs.end[p]!;
    for (let i = s; i < e; i++) {
      const v = y[i]!;
      if (Number.isNaN(v)) continue;
      if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
      if (i > s && !Number.isNaN(y[i - 1]!)) diffs[nDiffs++] = v - y[i - 1]!;
    }
  }
  // A difference of two scores carries an absolute rounding error of up to eps·|score|, whatever
  // its own size: equal differences (a straight-line series) then have an SD of about 1e-19 after
  // a constant is added to every score, not 0, and a threshold k·SD would call every tiny drop a
  // rupture. An SD within ROUNDING_SDS of that error is no spread at all.
  const dSd = sdAsR(diffs, 0, nDiffs);
  return dSd <= ROUNDING_SDS * Number.EPSILON * maxAbs ? 0 : dSd;
}

/** SD of every patient's first present score. */
function firstScoresSd(y: ArrayLike<number>, runs: PatientRuns): number {
  const firsts = new Float64Array(runs.ids.length);
  let nFirsts = 0;
  for (let p = 0; p < runs.ids.length; p++) {
    for (let i = runs.start[p]!, e = runs.end[p]!; i < e; i++) {
      if (Number.isNaN(y[i]!)) continue;
      firsts[nFirsts++] = y[i]!;
      break;
    }
  }
  return sdAsR(firsts, 0, nFirsts);
}

/** Rounding errors (in units of eps·max|score|) below which the SD of differences counts as 0. */
const ROUNDING_SDS = 64;

/** SD (n − 1) of the non-missing x[a…b) as R's `sd(x, na.rm = TRUE)`; `NaN` with fewer than two values. */
function sdAsR(x: ArrayLike<number>, a: number, b: number): number {
  return Math.sqrt(rangeVariance(x, a, b));
}
