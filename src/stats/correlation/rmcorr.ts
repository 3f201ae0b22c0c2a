import { StatInputError } from '../errors.ts';
import { assertPairedSample } from './assert-paired-sample.ts';
import { groupIndex } from './group-index.ts';
import { groupMeans } from './group-means.ts';
import { rmcorrFromSums } from './rmcorr-from-sums.ts';
import { slopeUnscaled, unitScaledWithFactors } from './unit-scaled.ts';
import type { CorrelationInference } from './types.ts';

export interface RmcorrOptions {
  level?: number;
}

export interface RmcorrResult extends CorrelationInference {
  method: 'rmcorr';
  /** Observations N. */
  n: number;
  /** Subjects k. */
  subjects: number;
  /** Common within-subject slope of y on x (lm coefficient of x). df is N − k − 1; se is
   * 1/√(df − 1), Fisher z with effective sample size df + 2. */
  slope: number;
  level: number;
}

/**
 * Repeated-measures correlation (Bakdash & Marusich 2017, Front Psychol 8:456,
 * doi:10.3389/fpsyg.2017.00456; Bland & Altman 1995, BMJ 310:446): the common within-subject
 * association from the ANCOVA lm(y ~ subject + x). r_rm = sign(b)·√(SS_x/(SS_x + SS_resid)),
 * which equals the correlation of subject-mean-centred x and y; df = N − k − 1; p is the F (= t²)
 * test of x. The interval is the one of rmcorr ≥ 0.5.4: Fisher z with effective sample size
 * df + 2, i.e. se = 1/√(N − k − 2), `psych::r.con(r, df + 2)` (earlier versions used df, which is
 * slightly wider). Subjects with a single observation count in k, as in the lm. Assumes a common
 * slope across subjects and independent, normal residuals. The per-patient alliance–outcome
 * association across sessions (state-like component).
 * @example rmcorr([1, 1, 1, 2, 2, 2], [1, 2, 3, 4, 5, 6], [1, 3, 2, 5, 7, 6]).r // 0.5 (R: lm(y ~ factor(s) + x), drop1)
 */
export function rmcorr(
  subject: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: RmcorrOptions = {},
): RmcorrResult {
  const level = options.level ?? 0.95;
  assertPairedSample(x, y, 4, 'rmcorr');
  if (subject.length !== x.length) throw new StatInputError(`rmcorr: subject has ${subject.length} entries, x has ${x.length}`);
  // summed at unit scale when the values' spread is far from it, the slope brought back (as withinBetweenRuns does)
  const sx = unitScaledWithFactors(x);
  const sy = unitScaledWithFactors(y);
  if (sx.factors || sy.factors) {
    const res = rmcorr(subject, sx.values, sy.values, options);
    return { ...res, slope: slopeUnscaled(res.slope, sx.factors, sy.factors) };
  }
  const g = groupIndex(subject);
  const { index, groups } = g;
  const n = x.length;
  const mx = groupMeans(g, x);
  const my = groupMeans(g, y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx[index[i]];
    const dy = y[i] - my[index[i]];
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return rmcorrFromSums({ n, subjects: groups, sxx, syy, sxy }, level);
}
