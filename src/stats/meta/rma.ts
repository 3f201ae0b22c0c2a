import { pchisq, pf, pnorm, pt, qnorm, qt } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { spdInverse } from '../linalg/index.ts';
import { confintTau2, type Tau2ConfInt } from './confint-tau2.ts';
import { designMatrix } from './design-matrix.ts';
import { effectSizes } from './effect-sizes.ts';
import { estimateTau2, type Tau2Control, type Tau2Method } from './estimate-tau2.ts';
import { projectionTraces } from './projection-traces.ts';
import { weightedFit } from './weighted-fit.ts';

/** Model-fitting methods: equal-effects (FE / EE) or a τ² estimator. */
export type RmaMethod = 'FE' | 'EE' | Tau2Method;
/** Inference for the coefficients: normal, t with k − p df, or Knapp–Hartung. */
export type RmaTest = 'z' | 't' | 'knha';

/** Input of {@link rma}. */
export interface RmaOptions {
  yi: ArrayLike<number>;
  vi?: ArrayLike<number>;
  sei?: ArrayLike<number>;
  /** k rows of the full design (intercept column included); omit for intercept-only. */
  mods?: ArrayLike<ArrayLike<number>>;
  /** Default 'REML' (metafor's default). */
  method?: RmaMethod;
  /** Default 'z'. */
  test?: RmaTest;
  /** Confidence level in percent (95) or as a proportion (0.95). Default 95. */
  level?: number;
  control?: Tau2Control;
  /** Compute the Q-profile interval for τ² (default true; refits in leave1out/cumul/influence skip it). */
  tau2CI?: boolean;
}

/** Pooled estimate with confidence and prediction intervals (intercept-only models). */
export interface RmaPrediction {
  pred: number;
  se: number;
  ciLower: number;
  ciUpper: number;
  /** Prediction interval; null for equal-effects (FE/EE) models, as metafor. */
  piLower: number | null;
  piUpper: number | null;
}

/** Result of {@link rma}, named after metafor's `rma.uni` object. */
export interface RmaResult {
  k: number;
  p: number;
  method: RmaMethod;
  test: RmaTest;
  level: number;
  intercept: boolean;
  interceptOnly: boolean;
  beta: number[];
  se: number[];
  /** z statistics under test 'z', t statistics under 't' / 'knha'. */
  zval: number[];
  pval: number[];
  ciLower: number[];
  ciUpper: number[];
  /** Covariance matrix of β (p × p). */
  vb: number[][];
  /** Denominator df under t / knha (k − p), null under z. */
  ddf: number | null;
  /** Knapp–Hartung scale factor (1 unless test 'knha'). */
  s2w: number;
  tau2: number;
  /** Null for FE/EE and for k = 1. */
  seTau2: number | null;
  /** Q-profile interval for τ² (null for FE/EE or k ≤ p). */
  tau2CI: Tau2ConfInt | null;
  I2: number;
  H2: number;
  /** Typical within-study variance (k − p)/tr(P) used by I² and H². */
  vt: number;
  QE: number;
  QEdf: number;
  QEp: number;
  QM: number;
  /** [numerator df, denominator df] — the latter null under z. */
  QMdf: [number, number | null];
  QMp: number;
  /** Pseudo-R² (%) for meta-regression with an intercept, else null. */
  R2: number | null;
  logLik: { ML: number; REML: number };
  predict: RmaPrediction | null;
  /** Weights in percent, 100·wᵢ/Σw with wᵢ = 1/(vᵢ + τ²). */
  weights: Float64Array;
  fitted: Float64Array;
  residuals: Float64Array;
  converged: boolean;
  iterations: number;
  notes: string[];
  yi: Float64Array;
  vi: Float64Array;
  /** Model matrix, row-major k × p. */
  X: Float64Array;
}

const DBL_EPS = 2.220446049250313e-16;

/** Converts metafor's `level` convention (95 or 0.95) to α. */
function levelToAlpha(level: number): number {
  if (!(level > 0 && level < 100)) throw new StatInputError(`level must be in (0, 100) percent or (0, 1), got ${level}`);
  return level > 1 ? (100 - level) / 100 : 1 - level;
}

/**
 * Fixed-, equal- and random-effects meta-analysis and mixed-effects meta-regression, reproducing
 * metafor's `rma.uni` (Viechtbauer 2010, J Stat Softw 36(3), doi:10.18637/jss.v036.i03):
 * weighted least squares with wᵢ = 1/(vᵢ + τ̂²); z, t (k − p df) or Knapp–Hartung tests
 * (Knapp & Hartung 2003, doi:10.1002/sim.1482; the variance factor is not truncated at 1);
 * Cochran's Q_E on k − p df; I² = 100·τ̂²/(ṽ + τ̂²) and H² = τ̂²/ṽ + 1 with ṽ = (k − p)/tr(P)
 * (Higgins & Thompson 2002, doi:10.1002/sim.1186; for FE/EE models from Q_E); omnibus Q_M
 * (χ² or F); pseudo-R² = (τ̂²_RE − τ̂²)/τ̂²_RE (Raudenbush 2009); prediction interval
 * β̂ ± crit·√(SE² + τ̂²) with crit from the normal under z and t(k − p) under t/knha.
 * τ² estimators: see {@link estimateTau2}. Assumes known sampling variances vᵢ > 0 and
 * independent studies. With k = 1 the study's own estimate is returned with τ² = 0 and a note.
 * An equal-effects model with as many coefficients as studies (k = p) under test 't' is fitted as
 * metafor fits it: p-values, confidence limits and Q_M's p-value are NaN (t and F on 0 df).
 * @example rma({ yi: [0.1, 0.3, 0.5], vi: [0.01, 0.01, 0.01], method: 'DL' }).tau2 // 0.03
 */
export function rma(opts: RmaOptions): RmaResult {
  const { yi, vi } = effectSizes(opts);
  const k = yi.length;
  const method = opts.method ?? 'REML';
  let test = opts.test ?? 'z';
  const alpha = levelToAlpha(opts.level ?? 95);
  const { X, p, intercept, interceptOnly } = designMatrix(opts.mods, k);
  const isFE = method === 'FE' || method === 'EE';
  const notes: string[] = [];
  if (k === 1 && test !== 'z') {
    notes.push(`k = 1: test '${test}' has no degrees of freedom; normal (z) inference used, as metafor does`);
    test = 'z';
  }
  if (p > k) throw new StatInputError(`more coefficients (p = ${p}) than studies (k = ${k})`);
  if (!isFE && k > 1 && p + 1 > k) throw new StatInputError(`random-effects model needs k > p: ${k} studies for ${p} coefficients and tau^2`);
  // metafor fits an equal-effects model with k = p under test t and leaves its p-values, confidence
  // limits and omnibus p-value NA (t and F on 0 df); the Knapp–Hartung factor would be 0/0 there
  if (test === 'knha' && k - p < 1) throw new StatInputError(`test 'knha' needs k − p ≥ 1 degrees of freedom (k = ${k}, p = ${p}); use test 'z' or 't'`);
  if (test === 't' && k === p) notes.push(`k = p = ${p}: no residual degrees of freedom, so the t tests, the confidence intervals and the omnibus F test are undefined (NA in metafor); the coefficients and standard errors stand`);

  let tau2 = 0;
  let seTau2: number | null = null;
  let iterations = 0;
  if (k === 1) notes.push('k = 1: the estimate is the single study; tau^2 fixed at 0 and no heterogeneity statistics (Q = 0, I² = 0, H² = 1)');
  else if (!isFE) {
    const est = estimateTau2(yi, vi, X, k, p, method as Tau2Method, opts.control);
    tau2 = est.tau2;
    seTau2 = est.seTau2;
    iterations = est.iterations;
    notes.push(...est.notes);
    if (tau2 === 0) notes.push('tau^2 estimated at the boundary 0: the random-effects fit equals the equal-effects fit');
  }
  if (k === 2 && !isFE) notes.push('k = 2: tau^2 is estimated from two studies and is very imprecise');
  // metafor warns alike: the adjustment scales for residual heterogeneity, which an equal-effects model assumes away
  if (isFE && test === 'knha' && k > 1) notes.push('the Knapp–Hartung adjustment is meant for random-effects models; with an equal-effects model it rescales the standard errors by the residual heterogeneity the model assumes away');

  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) w[i] = 1 / (vi[i] + tau2);
  const fit = weightedFit(X, k, p, yi, w);
  let s2w = 1;
  if (test === 'knha') {
    if (fit.rss <= DBL_EPS) throw new StatInputError("Knapp–Hartung scale factor is 0 (the model fits every study exactly), so its standard errors are 0; use test 'z' or 't'");
    s2w = fit.rss / (k - p);
  }
  const vbFlat = fit.cov.map((v) => v * s2w);
  const beta = Array.from(fit.beta);
  const se = beta.map((_, j) => Math.sqrt(vbFlat[j * p + j]));
  const zval = beta.map((b, j) => b / se[j]);
  const ddf = test === 'z' ? null : k - p;
  const pval = zval.map((z) => (ddf == null ? 2 * pnorm(-Math.abs(z)) : 2 * pt(Math.abs(z), ddf, false)));
  const crit = ddf == null ? -qnorm(alpha / 2) : -qt(alpha / 2, ddf);
  const ciLower = beta.map((b, j) => b - crit * se[j]);
  const ciUpper = beta.map((b, j) => b + crit * se[j]);
  const vb: number[][] = [];
  for (let a = 0; a < p; a++) vb.push(Array.from(vbFlat.subarray(a * p, a * p + p)));

  // omnibus test of all coefficients except the intercept (metafor's default btt)
  const btt = p > 1 && intercept ? Array.from({ length: p - 1 }, (_, j) => j + 1) : Array.from({ length: p }, (_, j) => j);
  const m = btt.length;
  const sub = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = vbFlat[btt[a] * p + btt[b]];
  const subInv = spdInverse(sub, m);
  let QM = 0;
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) QM += beta[btt[a]] * subInv[a * m + b] * beta[btt[b]];
  let QMp: number;
  if (ddf == null) QMp = pchisq(QM, m, false);
  else {
    QM /= m;
    QMp = pf(QM, m, ddf, false);
  }

  // heterogeneity: Q_E with weights 1/vi, I², H²
  let QE = 0, QEp = 1, I2 = 0, H2 = 1, vt = 0;
  if (k > p) {
    const wFE = new Float64Array(k);
    for (let i = 0; i < k; i++) wFE[i] = 1 / vi[i];
    let mean = 0;
    for (let i = 0; i < k; i++) mean += yi[i];
    mean /= k;
    const yc = yi.map((v) => v - mean);
    const fe = weightedFit(X, k, p, yc, wFE);
    QE = Math.max(0, fe.rss);
    QEp = pchisq(QE, k - p, false);
    vt = (k - p) / projectionTraces(X, k, p, wFE, fe.cov, vi).trP;
    if (isFE) {
      I2 = Math.max(0, (100 * (QE - (k - p))) / QE);
      H2 = QE / (k - p);
    } else {
      I2 = (100 * tau2) / (vt + tau2);
      H2 = tau2 / vt + 1;
    }
  }

  let sumLog = 0;
  for (let i = 0; i < k; i++) sumLog += Math.log(vi[i] + tau2);
  const olsX = weightedFit(X, k, p, new Float64Array(k), new Float64Array(k).fill(1));
  const llML = -0.5 * k * Math.log(2 * Math.PI) - 0.5 * sumLog - 0.5 * fit.rss;
  const llREML = -0.5 * (k - p) * Math.log(2 * Math.PI) + 0.5 * olsX.logDet - 0.5 * sumLog - 0.5 * fit.logDet - 0.5 * fit.rss;

  let R2: number | null = null;
  if (!interceptOnly && intercept) R2 = pseudoR2(yi, vi, X, k, p, method, tau2, w, fit.rss, opts.control);

  let predict: RmaPrediction | null = null;
  if (interceptOnly) {
    const s = Math.sqrt(se[0] ** 2 + tau2);
    predict = { pred: beta[0], se: se[0], ciLower: ciLower[0], ciUpper: ciUpper[0], piLower: isFE ? null : beta[0] - crit * s, piUpper: isFE ? null : beta[0] + crit * s };
  }

  const tau2CI = !isFE && k > p && opts.tau2CI !== false ? confintTau2(yi, vi, X, k, p, tau2, alpha, vt) : null;

  let sw = 0;
  for (let i = 0; i < k; i++) sw += w[i];
  const weights = w.map((v) => (100 * v) / sw);
  const fitted = new Float64Array(k);
  for (let i = 0; i < k; i++) fitted[i] = yi[i] - fit.resid[i];

  return {
    k, p, method, test, level: 100 * (1 - alpha), intercept, interceptOnly,
    beta, se, zval, pval, ciLower, ciUpper, vb, ddf, s2w,
    tau2, seTau2, tau2CI, I2, H2, vt, QE, QEdf: k - p, QEp,
    QM, QMdf: [m, ddf], QMp, R2,
    logLik: { ML: llML, REML: llREML },
    predict, weights, fitted, residuals: fit.resid, converged: true, iterations, notes,
    yi, vi, X,
  };
}

/** metafor's default pseudo-R² (r2def "1"), or the weighted adjusted R² for FE/EE models. */
function pseudoR2(
  yi: Float64Array, vi: Float64Array, X: Float64Array, k: number, p: number,
  method: RmaMethod, tau2: number, w: Float64Array, rss: number, control?: Tau2Control,
): number | null {
  if (method === 'FE' || method === 'EE') {
    let sw = 0, my = 0;
    for (let i = 0; i < k; i++) { sw += w[i]; my += w[i] * yi[i]; }
    my /= sw;
    let tss = 0;
    for (let i = 0; i < k; i++) tss += w[i] * (yi[i] - my) ** 2;
    if (tss === 0) return 0;
    const r2 = 1 - rss / tss;
    const adj = 1 - ((1 - r2) * (k - 1)) / (k - p);
    return Math.max(0, 100 * adj);
  }
  let tau2RE: number;
  try {
    tau2RE = estimateTau2(yi, vi, new Float64Array(k).fill(1), k, 1, method, control).tau2;
  } catch {
    return null;
  }
  if (tau2RE === 0) return 0;
  return Math.max(0, (100 * (tau2RE - tau2)) / tau2RE);
}
