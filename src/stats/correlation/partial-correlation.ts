import { StatInputError } from '../errors.ts';
import { ptTwoSided } from '../distributions/index.ts';
import { cholesky, cholSolve } from '../linalg/index.ts';
import { assertPairedSample } from './assert-paired-sample.ts';
import { correlationCi } from './correlation-ci.ts';
import { rankAverage } from './rank-average.ts';
import { unitScaled } from './unit-scaled.ts';
import { rangeMean } from '../descriptive/index.ts';
import type { CorrelationTest } from './types.ts';

export interface PartialCorrelationOptions {
  /** 'pearson' (default) or 'spearman' (every variable, covariates included, replaced by its ranks). */
  method?: 'pearson' | 'spearman';
  level?: number;
}

export interface PartialCorrelationResult extends CorrelationTest {
  /** Number of covariates q partialled out. */
  covariates: number;
}

/**
 * Partial correlation of x and y controlling for q covariates Z: the correlation of the residuals
 * of x and y after linear regression on Z (Fisher 1924, Metron 3, 329–332; Yule 1907), computed
 * from the correlation matrix as r_xy·Z = (R_xy − R_xZ R_ZZ⁻¹ R_Zy)/√((1 − R_xZ R_ZZ⁻¹ R_Zx)
 * (1 − R_yZ R_ZZ⁻¹ R_Zy)). Inference follows `ppcor::pcor.test` (Kim 2015,
 * doi:10.5351/CSAM.2015.22.6.665) and `psych::corr.p(psych::partial.r(...), n = n - q)`:
 * t = r·√(n − 2 − q)/√(1 − r²) on n − 2 − q df, and a Fisher-z interval with
 * se = 1/√(n − 3 − q). With `method: 'spearman'` all variables are ranked first, as
 * `psych::partial.r(method = "spearman")` and ppcor do. Used for the reverse-causation control:
 * alliance–outcome r controlling for baseline severity or prior symptom change. Assumes
 * multivariate normality (Pearson) and linear covariate effects. Needs n ≥ q + 4.
 * @example partialCorrelation([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], [[2, 1, 2, 4, 3, 3]]).r // 0.7370277311900887 (R: psych::partial.r(d, c("x", "y"), "z") gives 0.73702773119008891)
 */
export function partialCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  covariates: ArrayLike<number>[],
  options: PartialCorrelationOptions = {},
): PartialCorrelationResult {
  const method = options.method ?? 'pearson';
  const level = options.level ?? 0.95;
  if (method !== 'pearson' && method !== 'spearman') throw new StatInputError(`unknown partial correlation method '${String(method)}'`);
  const q = covariates.length;
  assertPairedSample(x, y, q + 4, 'partial correlation');
  for (const z of covariates) assertPairedSample(x, z, q + 4, 'partial correlation (a covariate)');
  const n = x.length;
  const cols = [x, y, ...covariates].map((v) => standardize(method === 'spearman' ? rankAverage(v) : v));
  const p = q + 2;
  const R = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const ca = cols[a];
      const cb = cols[b];
      for (let i = 0; i < n; i++) s += ca[i] * cb[i];
      R[a * p + b] = s;
      R[b * p + a] = s;
    }
  }
  let cxx = 1;
  let cyy = 1;
  let cxy = R[1];
  if (q > 0) {
    const rzz = new Float64Array(q * q);
    const rzxy = new Float64Array(q * 2);
    for (let a = 0; a < q; a++) {
      for (let b = 0; b < q; b++) rzz[a * q + b] = R[(a + 2) * p + b + 2];
      rzxy[a * 2] = R[(a + 2) * p];
      rzxy[a * 2 + 1] = R[(a + 2) * p + 1];
    }
    let l: Float64Array;
    try {
      l = cholesky(rzz, q, 1e-10);
    } catch {
      throw new StatInputError('partial correlation: the covariates are collinear (one is a linear combination of the others); drop one of them');
    }
    const sol = cholSolve(l, q, rzxy, 2);
    for (let a = 0; a < q; a++) {
      cxx -= rzxy[a * 2] * sol[a * 2];
      cyy -= rzxy[a * 2 + 1] * sol[a * 2 + 1];
      cxy -= rzxy[a * 2] * sol[a * 2 + 1];
    }
  }
  if (!(cxx > 1e-12) || !(cyy > 1e-12)) throw new StatInputError('partial correlation: x or y is (almost) a linear function of the covariates, so nothing is left to correlate once they are partialled out');
  let r = cxy / Math.sqrt(cxx * cyy);
  r = r > 1 ? 1 : r < -1 ? -1 : r;
  const df = n - 2 - q;
  const t = (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  return { method, n, r, t, df, p: ptTwoSided(t, df), ...correlationCi(r, n, level, q), level, covariates: q };
}

/** Centred and scaled to unit sum of squares; throws on zero variance. */
function standardize(vIn: ArrayLike<number>): Float64Array {
  // far from unit spread the squares leave the double range (see unitScaled); scale does not matter here
  const v = unitScaled(vIn);
  const n = v.length;
  // R's mean (extended-precision sum plus the mean deviation, as its cov centres): a constant column
  // of decimals then has deviations of exactly 0 (the plain mean of seven 0.7s is 1 ulp off, which
  // gave a zero-variance x a partial "correlation" of 4e−17)
  const m = rangeMean(v, 0, n);
  const out = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    out[i] = v[i] - m;
    ss += out[i] * out[i];
  }
  if (!(ss > 0)) throw new StatInputError('partial correlation: a variable does not vary (zero variance)');
  const s = 1 / Math.sqrt(ss);
  for (let i = 0; i < n; i++) out[i] *= s;
  return out;
}
