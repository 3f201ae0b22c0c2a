import { pt, qt } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { rma, type RmaResult } from './rma.ts';
import { weightedFit } from './weighted-fit.ts';

/** Result of {@link regtest}, as metafor's `regtest` object. */
export interface RegtestResult {
  model: 'rma' | 'lm';
  predictor: 'sei';
  /** Test statistic of the sei coefficient (z under test 'z', t otherwise and for 'lm'). */
  zval: number;
  pval: number;
  /** Degrees of freedom of a t statistic, null for z. */
  ddf: number | null;
  /** Limit estimate (intercept: effect as sei → 0) with its CI, for intercept-only input models. */
  est: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** Coefficient of sei (the asymmetry slope) and its SE. */
  slope: number;
  slopeSe: number;
}

/**
 * Egger-type regression test for funnel-plot asymmetry: adds the standard error √vᵢ as a
 * moderator and tests its coefficient (Egger et al. 1997, BMJ 315:629, doi:10.1136/bmj.315.7109.629;
 * Sterne & Egger 2005). model 'rma' (metafor's default) refits the input's meta-regression with
 * the same estimator and test; model 'lm' is Egger's weighted linear regression of yᵢ on
 * (X, seᵢ) with weights 1/vᵢ and a residual variance, tested with t on k − p − 1 df.
 * Reproduces metafor's `regtest(fit, model, predictor = "sei")`.
 * @example regtest(rma({ yi, vi, method: 'DL' }), 'lm').zval // 1.345 for dat.molloy2014 (t, 14 df)
 */
export function regtest(fit: RmaResult, model: 'rma' | 'lm' = 'rma'): RegtestResult {
  const { k, p } = fit;
  // an equal-effects Egger model with k = p under test t is fitted with NA inference, as metafor does (see rma)
  const fitsWithoutDf = model === 'rma' && fit.test === 't' && (fit.method === 'FE' || fit.method === 'EE');
  if (k - p - 1 < 1 && (model === 'lm' || (fit.test !== 'z' && !fitsWithoutDf))) throw new StatInputError(`regtest needs k > p + 1 studies for a t test (k = ${k})`);
  if (k < p + 1) throw new StatInputError(`regtest needs more studies than coefficients (k = ${k}, p = ${p + 1})`);
  const q = p + 1;
  const X = new Float64Array(k * q);
  const mods: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < p; j++) X[i * q + j] = fit.X[i * p + j];
    X[i * q + p] = Math.sqrt(fit.vi[i]);
    mods.push(X.subarray(i * q, i * q + q));
  }
  const limit = fit.interceptOnly;
  if (model === 'rma') {
    const r = rma({ yi: fit.yi, vi: fit.vi, mods, method: fit.method, test: fit.test, level: fit.level });
    return {
      model, predictor: 'sei', zval: r.zval[p], pval: r.pval[p], ddf: r.ddf,
      est: limit ? r.beta[0] : null, ciLower: limit ? r.ciLower[0] : null, ciUpper: limit ? r.ciUpper[0] : null,
      slope: r.beta[p], slopeSe: r.se[p],
    };
  }
  const w = fit.vi.map((v) => 1 / v);
  const f = weightedFit(X, k, q, fit.yi, w);
  const df = k - q;
  const s2 = f.rss / df;
  const se = (j: number) => Math.sqrt(s2 * f.cov[j * q + j]);
  const t = f.beta[p] / se(p);
  const crit = -qt((100 - fit.level) / 200, df);
  return {
    model, predictor: 'sei', zval: t, pval: 2 * pt(Math.abs(t), df, false), ddf: df,
    est: limit ? f.beta[0] : null,
    ciLower: limit ? f.beta[0] - crit * se(0) : null,
    ciUpper: limit ? f.beta[0] + crit * se(0) : null,
    slope: f.beta[p], slopeSe: se(p),
  };
}
