import { StatInputError } from '../errors.ts';
import { ptTwoSided } from '../distributions/index.ts';
import { correlationCi } from './correlation-ci.ts';
import type { RmcorrResult } from './rmcorr.ts';

/** The within-subject sums an rmcorr result is built from. */
export interface RmcorrSums {
  /** Observations N. */
  n: number;
  /** Subjects k. */
  subjects: number;
  /** Σ(x − x̄_subject)², Σ(y − ȳ_subject)² and Σ(x − x̄_subject)(y − ȳ_subject) over all N rows. */
  sxx: number;
  syy: number;
  sxy: number;
}

/**
 * The repeated-measures correlation (Bakdash & Marusich 2017, Front Psychol 8:456,
 * doi:10.3389/fpsyg.2017.00456) from its within-subject sums of squares and cross-products:
 * r_rm = Sxy/√(Sxx·Syy), slope Sxy/Sxx, t on N − k − 1 df and the Fisher-z interval with
 * effective sample size df + 2, as `rmcorr` documents; `rmcorr` and `withinBetweenRuns` share it.
 * Throws StatInputError when N − k − 2 < 1 or x or y does not vary within subjects.
 * @example rmcorrFromSums({ n: 6, subjects: 2, sxx: 4, syy: 4, sxy: 2 }).r // 0.5 (the sums of rmcorr's own example)
 */
export function rmcorrFromSums(sums: RmcorrSums, level = 0.95): RmcorrResult {
  const { n, subjects, sxx, syy, sxy } = sums;
  const df = n - subjects - 1;
  if (df < 2) throw new StatInputError(`rmcorr: needs N − k − 2 ≥ 1, got N = ${n} observations of k = ${subjects} subjects`);
  if (!(sxx > 0) || !(syy > 0)) throw new StatInputError('rmcorr: x or y does not vary within subjects');
  let r = sxy / Math.sqrt(sxx * syy);
  r = r > 1 ? 1 : r < -1 ? -1 : r;
  const t = (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  return {
    method: 'rmcorr',
    n,
    subjects,
    r,
    slope: sxy / sxx,
    t,
    df,
    p: ptTwoSided(t, df),
    ...correlationCi(r, df + 2, level),
    level,
  };
}
