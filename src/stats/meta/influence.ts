import { pchisq } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { cholesky, logDetCholesky, spdInverse } from '../linalg/index.ts';
import { refitRma } from './refit-rma.ts';
import type { RmaResult } from './rma.ts';
import { weightedFit } from './weighted-fit.ts';

/** Case diagnostics of {@link influence}, named after metafor's `influence.rma.uni` columns. */
export interface InfluenceResult {
  /** Externally studentized (deleted) residuals. */
  rstudent: Float64Array;
  dffits: Float64Array;
  /** Cook's distance (β̂ − β̂₍₋ᵢ₎)ᵀ Var(β̂)⁻¹ (β̂ − β̂₍₋ᵢ₎). */
  cookD: Float64Array;
  /** Covariance ratio det Var(β̂₍₋ᵢ₎) / det Var(β̂). */
  covR: Float64Array;
  tau2Del: Float64Array;
  QEDel: Float64Array;
  hat: Float64Array;
  /** Weight of each study in percent. */
  weight: Float64Array;
  /** DFBETAS, one array per coefficient. */
  dfbs: Float64Array[];
  /**
   * metafor's flag: |DFFITS| > 3√(p/(k−p)), P(χ²ₚ ≤ D) > .5, hat > 3p/k or any |DFBETAS| > 1,
   * combined as R's `|` combines NA: true when one criterion holds, null (R's NA) when none holds
   * and one could not be computed (a failed deletion fit), false otherwise.
   */
  isInfluential: (boolean | null)[];
  /** Studies (0-based) whose deletion fit failed; their values are NaN. */
  failed: number[];
}

/**
 * Case-deletion influence diagnostics for a (mixed-effects) meta-analysis — studentized deleted
 * residuals, DFFITS, Cook's distances, covariance ratios, leave-one-out τ² and Q_E, hat values,
 * weights and DFBETAS — as metafor's `influence.rma.uni` (Viechtbauer & Cheung 2010, Res Synth
 * Methods 1:112, doi:10.1002/jrsm.11). Each deletion refits the model with the same estimator
 * and test (k refits); hat values are diagonals of X(XᵀWX)⁻¹XᵀW with W = diag(1/(vᵢ + τ̂²)).
 * An equal-effects model with k = p + 1 is diagnosed under test 't' too: its deletion fits have no
 * residual degrees of freedom, and rma fits them as metafor does (p-values NaN, unused here).
 * @example influence(rma({ yi, vi })).cookD // one distance per study
 */
export function influence(fit: RmaResult): InfluenceResult {
  const { k, p, X, yi, vi } = fit;
  if (k < 2) throw new StatInputError('influence diagnostics need at least 2 studies');
  const nan = () => new Float64Array(k).fill(Number.NaN);
  const rstudent = nan(), dffits = nan(), cookD = nan(), covR = nan(), tau2Del = nan(), QEDel = nan();
  const dfbs = Array.from({ length: p }, nan);
  const failed: number[] = [];
  const vbFlat = new Float64Array(p * p);
  fit.vb.forEach((row, a) => row.forEach((v, b) => (vbFlat[a * p + b] = v)));
  const svb = spdInverse(vbFlat, p);
  const logDetVb = logDetCholesky(cholesky(vbFlat, p), p);
  const w = vi.map((v) => 1 / (v + fit.tau2));
  const cFull = weightedFit(X, k, p, yi, w).cov;
  const hat = new Float64Array(k);
  const quad = (m: ArrayLike<number>, i: number) => {
    let s = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += X[i * p + a] * m[a * p + b] * X[i * p + b];
    return s;
  };
  for (let i = 0; i < k; i++) {
    const h = w[i] * quad(cFull, i);
    hat[i] = h > 1 - 10 * 2.220446049250313e-16 ? 1 : h;
  }
  const idx = new Int32Array(k - 1);
  for (let i = 0; i < k; i++) {
    for (let j = 0, t = 0; j < k; j++) if (j !== i) idx[t++] = j;
    let r: RmaResult;
    try {
      r = refitRma(fit, idx);
    } catch (e) {
      if (!(e instanceof StatInputError)) throw e;
      failed.push(i);
      continue;
    }
    tau2Del[i] = r.tau2;
    QEDel[i] = r.QE;
    const vbDel = new Float64Array(p * p);
    r.vb.forEach((row, a) => row.forEach((v, b) => (vbDel[a * p + b] = v)));
    let delpred = 0, predFull = 0;
    for (let a = 0; a < p; a++) {
      delpred += X[i * p + a] * r.beta[a];
      predFull += X[i * p + a] * fit.beta[a];
    }
    const vdelpred = quad(vbDel, i);
    dffits[i] = (predFull - delpred) / Math.sqrt(r.s2w * hat[i] * (r.tau2 + vi[i]));
    const wDel = vi.map((v) => 1 / (v + r.tau2));
    const cDel = weightedFit(X, k, p, yi, wDel).cov;
    const dfb = fit.beta.map((b, a) => b - r.beta[a]);
    for (let a = 0; a < p; a++) dfbs[a][i] = dfb[a] / Math.sqrt(r.s2w * cDel[a * p + a]);
    let cd = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cd += dfb[a] * svb[a * p + b] * dfb[b];
    cookD[i] = cd;
    covR[i] = Math.exp(logDetCholesky(cholesky(vbDel, p), p) - logDetVb);
    let resid = yi[i] - delpred;
    if (Math.abs(resid) < 100 * 2.220446049250313e-16) resid = 0;
    rstudent[i] = resid / Math.sqrt(vi[i] * r.s2w + vdelpred + r.tau2 * r.s2w);
  }
  const isInfluential = Array.from({ length: k }, (_, i) =>
    anyOf([
      above(Math.abs(dffits[i]), 3 * Math.sqrt(p / (k - p))),
      above(pchisq(cookD[i], p), 0.5),
      above(hat[i], (3 * p) / k),
      anyOf(dfbs.map((col) => above(Math.abs(col[i]), 1))),
    ]),
  );
  return { rstudent, dffits, cookD, covR, tau2Del, QEDel, hat, weight: Float64Array.from(fit.weights), dfbs, isInfluential, failed };
}

/** a > b in R's logic: null (NA) when a is NaN. */
function above(a: number, b: number): boolean | null {
  return Number.isNaN(a) ? null : a > b;
}

/** R's `any` of logicals: true if one is true, else null (NA) if one is NA, else false. */
function anyOf(flags: (boolean | null)[]): boolean | null {
  if (flags.includes(true)) return true;
  return flags.includes(null) ? null : false;
}
