import { StatInputError } from '../errors.ts';
import { projectionTraces } from './projection-traces.ts';
import { weightedFit } from './weighted-fit.ts';
import { zeroin } from './zeroin.ts';

/** Estimators of the between-study variance τ² (metafor's `method` names). */
export type Tau2Method = 'DL' | 'HE' | 'HS' | 'SJ' | 'ML' | 'REML' | 'EB' | 'PM';

/** Settings with metafor's `control` defaults. */
export interface Tau2Control {
  /** Convergence threshold on |Δτ²| for ML/REML/EB (metafor `threshold`, 1e-5). */
  threshold?: number;
  /** Iteration cap (metafor `maxiter`, 100). */
  maxiter?: number;
  /** Root-finding tolerance for PM (metafor `tol`, .Machine$double.eps^0.25). */
  tol?: number;
}

/** τ² estimate with its standard error as metafor reports it (`se.tau2`). */
export interface Tau2Estimate {
  tau2: number;
  seTau2: number;
  iterations: number;
  converged: boolean;
  notes: string[];
}

const EPS25 = 2.220446049250313e-16 ** 0.25;

/**
 * Between-study variance τ² of a (mixed-effects) meta-analysis, reproducing metafor's `rma.uni`
 * (Viechtbauer 2010, doi:10.18637/jss.v036.i03) for each estimator:
 * - DL: DerSimonian & Laird (1986), doi:10.1016/0197-2456(86)90046-2 (method of moments, weights 1/vᵢ).
 * - HE: Hedges (1983) / Hedges & Olkin, unweighted method of moments.
 * - HS: Hunter & Schmidt (2004), (Q − k)/Σwᵢ.
 * - SJ: Sidik & Jonkman (2005), doi:10.1111/j.1467-9876.2005.00489.x, one step from τ²₀ = Σ(yᵢ − ȳ)²/k.
 * - ML / REML / EB: Fisher scoring from the HE value, step halving to stay ≥ 0, stopping when
 *   |Δτ²| < 1e-5 (Viechtbauer 2005, doi:10.3102/10769986030003261; EB: Morris 1983).
 * - PM: Paule & Mandel (1982), root of Q(τ²) = k − p by Brent's method on [0, max(100, 10·mad²)].
 * Outcomes are mean-centred before estimation, as metafor does; τ² is truncated at 0.
 * Assumes vᵢ > 0 are known sampling variances and X (k × p, row-major) has full column rank.
 * @example estimateTau2([0.1, 0.3, 0.5], [0.01, 0.01, 0.01], [1, 1, 1], 3, 1, 'DL').tau2 // 0.03
 */
export function estimateTau2(
  yi: ArrayLike<number>,
  vi: ArrayLike<number>,
  X: ArrayLike<number>,
  k: number,
  p: number,
  method: Tau2Method,
  control: Tau2Control = {},
): Tau2Estimate {
  const threshold = control.threshold ?? 1e-5;
  const maxiter = control.maxiter ?? 100;
  const tol = control.tol ?? EPS25;
  if (k - p < 1) throw new StatInputError(`cannot estimate tau^2 with k = ${k} studies and p = ${p} coefficients (need k > p)`);
  let mean = 0;
  for (let i = 0; i < k; i++) mean += yi[i];
  mean /= k;
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) y[i] = yi[i] - mean;
  const notes: string[] = [];
  const df = k - p;
  const ones = new Float64Array(k).fill(1);
  const wFE = new Float64Array(k);
  for (let i = 0; i < k; i++) wFE[i] = 1 / vi[i];
  const pos = (t: number) => Math.max(t, 0);
  const weightsAt = (t: number) => {
    const w = new Float64Array(k);
    for (let i = 0; i < k; i++) w[i] = 1 / (vi[i] + t);
    return w;
  };
  const sum = (a: ArrayLike<number>, pow = 1) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += a[i] ** pow;
    return s;
  };

  if (method === 'DL' || method === 'HS') {
    const fit = weightedFit(X, k, p, y, wFE);
    const tr = projectionTraces(X, k, p, wFE, fit.cov, vi);
    const sw = sum(wFE);
    const tau2 = method === 'DL' ? (fit.rss - df) / tr.trP : (fit.rss - k) / sw;
    const t = pos(tau2);
    const denom = method === 'DL' ? tr.trP : sw;
    const seTau2 = Math.sqrt((2 * df + 4 * t * tr.trP + 2 * t * t * tr.trPP) / (denom * denom));
    return { tau2: t, seTau2, iterations: 0, converged: true, notes };
  }
  if (method === 'SJ') {
    const tau20 = sum(y, 2) / k;
    const w = weightsAt(tau20);
    const fit = weightedFit(X, k, p, y, w);
    const tr = projectionTraces(X, k, p, w, fit.cov, vi);
    const t = pos((tau20 * fit.rss) / df);
    const seTau2 = Math.sqrt(((tau20 * tau20) / (df * df)) * (2 * tr.trPVPV + 4 * t * tr.trVPP + 2 * t * t * tr.trPP));
    return { tau2: t, seTau2, iterations: 0, converged: true, notes };
  }
  if (method === 'PM') {
    const qAt = (t: number) => weightedFit(X, k, p, y, weightsAt(t)).rss - df;
    const tau2Max = Math.max(100, 10 * mad(yi) ** 2);
    const f0 = qAt(0);
    let tau2: number;
    let iterations = 0;
    if (f0 < 0) tau2 = 0;
    else {
      const fMax = qAt(tau2Max);
      if (fMax > 0) throw new StatInputError(`PM estimator: Q(tau^2) still exceeds k - p at tau^2 = ${tau2Max}; use another method`);
      const r = zeroin(qAt, 0, tau2Max, tol, maxiter, f0, fMax);
      if (!r.converged) throw new StatInputError('PM estimator: root search for tau^2 did not converge');
      tau2 = r.root;
      iterations = r.iterations;
    }
    const t = pos(tau2);
    const sw = sum(weightsAt(t));
    return { tau2: t, seTau2: Math.sqrt((2 * k * k) / df / (sw * sw)), iterations, converged: true, notes };
  }
  // HE, and the starting value of ML / REML / EB
  const ols = weightedFit(X, k, p, y, ones);
  const trO = projectionTraces(X, k, p, ones, ols.cov, vi);
  const tauHE = (ols.rss - trO.trPV) / df;
  if (method === 'HE') {
    const t = pos(tauHE);
    const seTau2 = Math.sqrt((2 * trO.trPVPV + 4 * t * trO.trPV + 2 * t * t * df) / (df * df));
    return { tau2: t, seTau2, iterations: 0, converged: true, notes };
  }
  let tau2 = Math.max(0, tauHE);
  let change = threshold + 1;
  let iter = 0;
  while (change > threshold) {
    iter++;
    const old = tau2;
    const w = weightsAt(tau2);
    const fit = weightedFit(X, k, p, y, w);
    let adj: number;
    if (method === 'EB') adj = ((fit.rss * k) / df - k) / sum(w);
    else {
      let ypPy = 0;
      for (let i = 0; i < k; i++) ypPy += (w[i] * fit.resid[i]) ** 2;
      if (method === 'ML') adj = (ypPy - sum(w)) / sum(w, 2);
      else {
        const tr = projectionTraces(X, k, p, w, fit.cov, vi);
        adj = (ypPy - tr.trP) / tr.trPP;
      }
    }
    if (Number.isNaN(adj)) adj = 0;
    while (tau2 + adj < 0) adj /= 2;
    tau2 += adj;
    change = Math.abs(old - tau2);
    if (iter > maxiter) throw new StatInputError(`Fisher scoring for ${method} did not converge in ${maxiter} iterations`);
  }
  if (method === 'ML' || method === 'REML') {
    const ll = (t: number) => {
      const w = weightsAt(t);
      const fit = weightedFit(X, k, p, y, w);
      let sl = 0;
      for (let i = 0; i < k; i++) sl += Math.log(vi[i] + t);
      if (method === 'ML') return -0.5 * k * Math.log(2 * Math.PI) - 0.5 * sl - 0.5 * fit.rss;
      return -0.5 * df * Math.log(2 * Math.PI) - 0.5 * sl - 0.5 * fit.logDet - 0.5 * fit.rss;
    };
    if (ll(0) - ll(tau2) > tol && tau2 > threshold) {
      notes.push('Fisher scoring stopped at a local maximum; tau^2 set to 0 as metafor does');
      tau2 = 0;
    }
  }
  const t = pos(tau2);
  const w = weightsAt(t);
  let seTau2: number;
  if (method === 'ML') seTau2 = Math.sqrt(2 / sum(w, 2));
  else if (method === 'REML') {
    const fit = weightedFit(X, k, p, y, w);
    seTau2 = Math.sqrt(2 / projectionTraces(X, k, p, w, fit.cov, vi).trPP);
  } else seTau2 = Math.sqrt((2 * k * k) / df / sum(w) ** 2);
  return { tau2: t, seTau2, iterations: iter, converged: true, notes };
}

/** Median absolute deviation scaled by 1.4826, as R's `mad`. */
function mad(x: ArrayLike<number>): number {
  const med = (a: number[]) => {
    const s = a.slice().sort((u, v) => u - v);
    const n = s.length;
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  };
  const xs = Array.from(x);
  const m = med(xs);
  return 1.4826 * med(xs.map((v) => Math.abs(v - m)));
}
