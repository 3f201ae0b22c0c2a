import { StatInputError } from '../errors.ts';
import { rma, type RmaResult } from './rma.ts';

/** Result of {@link trimfill}. */
export interface TrimfillResult {
  estimator: 'L0' | 'R0';
  /** Estimated number of missing studies. */
  k0: number;
  seK0: number;
  /** R0 only: p-value of k0 under H0 k0 = 0 (Duval & Tweedie 2000b), else null. */
  pK0: number | null;
  /** Side on which studies are imputed. */
  side: 'left' | 'right';
  /** Observed then filled effect sizes and variances (fill marks the imputed ones). */
  yi: Float64Array;
  vi: Float64Array;
  fill: boolean[];
  /** Analysis of the augmented data (metafor fits it with test 'z'); the input fit when k0 = 0. */
  fit: RmaResult;
  estimate: number;
  se: number;
  ciLower: number;
  ciUpper: number;
  pval: number;
}

/** R's round(): halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Duval & Tweedie's trim-and-fill (Biometrics 2000, 56:455, doi:10.1111/j.0006-341X.2000.00455.x;
 * JASA 2000, 95:89): iteratively trims the k0 most extreme studies on the side with excess, re-
 * estimates the centre with the input model's estimator, estimates k0 from the signed ranks of
 * the centred effects (L0 = [4Sᵣ − k(k+1)]/(2k − 1); R0 = γ* − 1 from the longest run of positive
 * ranks), then mirrors the k0 studies about the centre and refits. The side is detected, as in
 * metafor's `trimfill`, from the sign of the slope of yᵢ on √vᵢ (negative → fill right). k0 is
 * rounded half to even, like R's round(). Requires an intercept-only fit. The refit keeps the
 * input model's confidence level; metafor 3.8's `trimfill.rma.uni` refits at its default 95% when
 * it fills studies (and keeps the model's level when k0 = 0), so at other levels its filled
 * intervals differ from these (the estimate, SE and p do not).
 * @example trimfill(rma({ yi, vi, method: 'DL' })).k0 // 2 (left) for dat.molloy2014
 */
export function trimfill(fit: RmaResult, estimator: 'L0' | 'R0' = 'L0', side?: 'left' | 'right', maxiter = 100): TrimfillResult {
  if (!fit.interceptOnly) throw new StatInputError('trim-and-fill applies to models without moderators');
  const k = fit.k;
  if (k < 2) throw new StatInputError('trim-and-fill needs at least 2 studies');
  const method = fit.method;
  if (side == null) {
    const mods = Array.from(fit.vi, (v) => [1, Math.sqrt(v)]);
    const slope = rma({ yi: fit.yi, vi: fit.vi, mods, method }).beta[1];
    side = slope < 0 ? 'right' : 'left';
  }
  const sign = side === 'right' ? -1 : 1;
  const ord = Array.from({ length: k }, (_, i) => i).sort((a, b) => sign * fit.yi[a] - sign * fit.yi[b] || a - b);
  const y = ord.map((i) => sign * fit.yi[i]);
  const v = ord.map((i) => fit.vi[i]);
  let k0 = 0;
  let prev = -1;
  let seK0 = 0;
  let beta = 0;
  let iter = 0;
  while (k0 !== prev) {
    prev = k0;
    if (++iter > maxiter) throw new StatInputError('trim-and-fill did not converge');
    const keep = k - k0;
    beta = rma({ yi: y.slice(0, keep), vi: v.slice(0, keep), method }).beta[0];
    const c = y.map((t) => t - beta);
    const byAbs = Array.from({ length: k }, (_, i) => i).sort((a, b) => Math.abs(c[a]) - Math.abs(c[b]) || a - b);
    const rank = new Float64Array(k);
    byAbs.forEach((i, r) => (rank[i] = r + 1));
    let est: number;
    if (estimator === 'R0') {
      let maxNeg = -Infinity;
      for (let i = 0; i < k; i++) if (c[i] < 0) maxNeg = Math.max(maxNeg, rank[i]);
      if (!Number.isFinite(maxNeg)) throw new StatInputError('R0 estimator undefined: no study lies below the centre');
      est = k - maxNeg - 1;
      seK0 = Math.sqrt(2 * Math.max(0, est) + 2);
    } else {
      let sr = 0;
      for (let i = 0; i < k; i++) if (c[i] > 0) sr += rank[i];
      est = (4 * sr - k * (k + 1)) / (2 * k - 1);
      const varSr = (k * (k + 1) * (2 * k + 1) + 10 * est ** 3 + 27 * est ** 2 + 17 * est - 18 * k * est ** 2 - 18 * k * est + 6 * k * k * est) / 24;
      seK0 = (4 * Math.sqrt(varSr)) / (2 * k - 1);
    }
    k0 = Math.max(0, roundHalfEven(est));
    seK0 = Math.max(0, seK0);
  }
  const pK0 = estimator === 'R0' ? 0.5 ** (k0 + 1) : null;
  let out: RmaResult = fit;
  const yi = new Float64Array(k + k0);
  const vi = new Float64Array(k + k0);
  yi.set(fit.yi);
  vi.set(fit.vi);
  const fill = Array.from({ length: k + k0 }, (_, i) => i >= k);
  if (k0 > 0) {
    for (let j = 0; j < k0; j++) {
      const s = k - k0 + j;
      yi[k + j] = sign * (2 * beta - y[s]);
      vi[k + j] = v[s];
    }
    out = rma({ yi, vi, method, level: fit.level });
  }
  return {
    estimator, k0, seK0, pK0, side, yi, vi, fill, fit: out,
    estimate: out.beta[0], se: out.se[0], ciLower: out.ciLower[0], ciUpper: out.ciUpper[0], pval: out.pval[0],
  };
}
