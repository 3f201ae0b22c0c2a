import { patientRuns, type PatientRuns, type SessionSeries } from '../sudden/patient-runs.ts';

/** What every rupture rule on one series shares: the patients' runs and the SDs thresholds are built from. */
export interface RuptureSeriesStats {
  readonly runs: PatientRuns;
  /** Each patient's SD of their scores (n − 1; `NaN` with fewer than two). */
  readonly ownSd: Float64Array;
  /** Each patient's number of present scores. */
  readonly present: Int32Array;
  /**
   * Sample SDs (n − 1; `NaN` with fewer than two values): all scores pooled, all session-to-session
   * differences, every patient's first observed score. The SD of differences is 0 when it is no
   * larger than the rounding error of the differences themselves (see ROUNDING_SDS).
   */
  readonly sd: { readonly scores: number; readonly differences: number; readonly first: number };
}

/**
 * The series-level inputs of `rupturesColumns` thresholds, in one O(n) pass, so that several
 * rules (Stiles et al. 2004, doi:10.1037/0022-0167.51.1.81; Strauss et al. 2006,
 * doi:10.1037/0022-006X.74.2.337; Gumz et al. 2012, doi:10.1186/1471-2288-12-10; reliable change,
 * Jacobson & Truax 1991, doi:10.1037/0022-006X.59.1.12) on one series check and summarise it once:
 * the patient runs (`patientRuns`, which validates the series), each patient's own SD and the
 * sample SDs of scores, of consecutive differences (rows with both scores present) and of first
 * scores. SDs are Welford's (1962, doi:10.1080/00401706.1962.10490022) running sums with R's
 * n − 1 denominator (`sd()`); missing scores are skipped.
 * @example ruptureSeriesStats({ ids: Int32Array.of(1, 1, 2, 2), time: Float64Array.of(1, 2, 1, 2), score: Float64Array.of(4, 6, 5, 9) }).ownSd
 * // Float64Array [1.4142135623730951, 2.8284271247461903]
 */
export function ruptureSeriesStats(series: SessionSeries): RuptureSeriesStats {
  const runs = patientRuns(series);
  const y = series.score;
  const nP = runs.ids.length;
  const ownSd = new Float64Array(nP);
  const present = new Int32Array(nP);
  const all = new Moments();
  const diffs = new Moments();
  const firsts = new Moments();
  for (let p = 0; p < nP; p++) {
    // The patient's own Welford sums, inline (as Moments.add).
    let n = 0;
    let mean = 0;
    let m2 = 0;
    const s = runs.start[p]!;
    const e = runs.end[p]!;
    for (let i = s; i < e; i++) {
      const v = y[i]!;
      if (Number.isNaN(v)) continue;
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
      all.add(v);
      if (n === 1) firsts.add(v);
      if (i > s && !Number.isNaN(y[i - 1]!)) diffs.add(v - y[i - 1]!);
    }
    ownSd[p] = n >= 2 ? Math.sqrt(m2 / (n - 1)) : NaN;
    present[p] = n;
  }
  // A difference of two scores carries an absolute rounding error of up to eps·|score|, whatever
  // its own size: equal differences (a straight-line series) then have an SD of about 1e-19 after
  // a constant is added to every score, not 0, and a threshold k·SD would call every tiny drop a
  // rupture. An SD within ROUNDING_SDS of that error is no spread at all.
  const dSd = diffs.sd();
  const noise = ROUNDING_SDS * Number.EPSILON * all.maxAbs;
  return { runs, ownSd, present, sd: { scores: all.sd(), differences: dSd <= noise ? 0 : dSd, first: firsts.sd() } };
}

/** Rounding errors (in units of eps·max|score|) below which the SD of differences counts as 0. */
const ROUNDING_SDS = 64;

/** Welford accumulator for an SD with the n − 1 denominator. */
class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  maxAbs = 0;
  add(x: number): void {
    this.n++;
    if (Math.abs(x) > this.maxAbs) this.maxAbs = Math.abs(x);
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  sd(): number {
    return this.n >= 2 ? Math.sqrt(this.m2 / (this.n - 1)) : NaN;
  }
}
