import { qchisq } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { weightedFit } from './weighted-fit.ts';
import { zeroin } from './zeroin.ts';

/** Q-profile confidence interval for τ² (and the I², H² it implies), as metafor's `confint`. */
export interface Tau2ConfInt {
  lower: number;
  upper: number;
  /** I² (%) at the bounds, using the model's typical within-study variance. */
  I2Lower: number;
  I2Upper: number;
  H2Lower: number;
  H2Upper: number;
  /** True when Q(0) already falls below the lower χ² quantile: the interval is the null set {0}. */
  ciNull: boolean;
  /**
   * metafor's `lb.sign`: '<' when the interval is the null set (both bounds lie below 0, the search's
   * lower limit), '>' when Q(τ²max) still exceeds the upper χ² quantile (both bounds lie beyond the
   * search limit τ²max = max(100, 10·τ̂²)); '' when `lower` is the bound itself.
   */
  lowerSign: '' | '<' | '>';
  /** metafor's `ub.sign`: '<' for the null set, '>' when the upper bound lies beyond τ²max (reported as τ²max); '' otherwise. */
  upperSign: '' | '<' | '>';
}

/**
 * Q-profile confidence interval for the between-study variance: the τ² values for which the
 * generalised Q statistic Σ(yᵢ − xᵢβ̂(τ²))²/(vᵢ + τ²) lies between the χ²ₖ₋ₚ quantiles
 * (Viechtbauer 2007, Stat Med 26:37–52, doi:10.1002/sim.2514). Roots are found by Brent's method
 * on [0, max(100, 10·τ̂²)] with tolerance ε^¼, reproducing metafor's `confint.rma.uni` (type "QP").
 * `vt` is the typical within-study variance used for I² (metafor `vt`), `alpha` e.g. 0.05.
 * @example confintTau2(yi, vi, X, k, p, 0.0081, 0.05, vt).lower // 0.0017 for dat.molloy2014 (ZCOR, REML)
 */
export function confintTau2(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  X: ArrayLike<number>,
  k: number,
  p: number,
  tau2Hat: number,
  alpha: number,
  vt: number,
): Tau2ConfInt {
  const df = k - p;
  if (df < 1) throw new StatInputError(`Q-profile interval for tau^2 needs k > p (k = ${k}, p = ${p})`);
  const tau2Max = Math.max(100, 10 * tau2Hat);
  const qAt = (t: number) => {
    const w = new Float64Array(k);
    for (let i = 0; i < k; i++) w[i] = 1 / (vi[i] + t);
    return weightedFit(X, k, p, yi, w).rss;
  };
  const critU = qchisq(1 - alpha / 2, df);
  const critL = qchisq(alpha / 2, df);
  const q0 = qAt(0);
  const qMax = qAt(tau2Max);
  const root = (target: number) => {
    const r = zeroin((t) => qAt(t) - target, 0, tau2Max, undefined, 1000, q0 - target, qMax - target);
    return r.root;
  };
  let lower: number;
  let upper: number;
  let ciNull = false;
  let lowerSign: '' | '<' | '>' = '';
  let upperSign: '' | '<' | '>' = '';
  if (q0 < critL) {
    lower = 0;
    upper = 0;
    ciNull = true;
    lowerSign = '<';
    upperSign = '<';
  } else if (qMax > critL) {
    upper = tau2Max;
    upperSign = '>';
  } else upper = root(critL);
  if (qMax > critU) {
    lower = tau2Max;
    upper = tau2Max;
    lowerSign = '>';
    upperSign = '>';
  } else if (q0 < critU) lower = 0;
  else lower = root(critU);
  const i2 = (t: number) => (100 * t) / (vt + t);
  const h2 = (t: number) => t / vt + 1;
  return { lower: lower!, upper: upper!, I2Lower: i2(lower!), I2Upper: i2(upper!), H2Lower: h2(lower!), H2Upper: h2(upper!), ciNull, lowerSign, upperSign };
}
