import { kendallExactTwoSided, pnorm } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';

/** Result of {@link ranktest}: Kendall's τ and its two-sided p-value. */
export interface RanktestResult {
  tau: number;
  pval: number;
  /** True when the exact null distribution was used (no ties), else the normal approximation. */
  exact: boolean;
}

/**
 * Begg & Mazumdar (1994) rank correlation test for funnel-plot asymmetry (Biometrics 50:1088,
 * doi:10.2307/2533446): Kendall's τ between the standardised deviates
 * (yᵢ − θ̂)/√(vᵢ − 1/Σwⱼ), θ̂ the inverse-variance weighted mean, and the variances vᵢ.
 * As metafor's `ranktest` (which calls R's `cor.test(…, method = "kendall", exact = TRUE)`):
 * τ is Kendall's τ_b; without ties the p-value comes from the exact permutation distribution
 * of the number of concordant pairs (`kendallExactTwoSided`, at any k: from 171 studies R's
 * counts overflow and metafor gives NaN), with ties from the normal approximation with the tie-corrected
 * variance of Kendall's S (Kendall 1970, Rank Correlation Methods) and no continuity correction.
 * @example ranktest([0.1, 0.3, 0.2, 0.5], [0.01, 0.02, 0.03, 0.04]).tau // 0.6666666666666666
 */
export function ranktest(yi: ArrayLike<number>, vi: ArrayLike<number>): RanktestResult {
  const k = yi.length;
  if (vi.length !== k) throw new StatInputError(`yi has ${k} values but vi has ${vi.length}`);
  if (k < 3) throw new StatInputError(`rank correlation test needs at least 3 studies (k = ${k})`);
  let sw = 0, swy = 0;
  for (let i = 0; i < k; i++) {
    if (!(vi[i] > 0) || !Number.isFinite(yi[i])) throw new StatInputError(`study ${i + 1}: yi must be finite and vi positive`);
    sw += 1 / vi[i];
    swy += yi[i] / vi[i];
  }
  let theta = swy / sw;
  // corrected by its weighted mean deviation (R sums weighted.mean in long double): identical
  // effects then give exactly θ̂ = y and deviates of exactly 0, so τ is undefined as in metafor
  // (yᵢ = −0.328 × 10 gave τ = 1, p = 5.5e−7 from deviates of rounding noise)
  let dev = 0;
  for (let i = 0; i < k; i++) dev += (yi[i] - theta) / vi[i];
  theta += dev / sw;
  const vb = 1 / sw;
  const x = new Float64Array(k);
  for (let i = 0; i < k; i++) x[i] = (yi[i] - theta) / Math.sqrt(vi[i] - vb);
  return kendallTest(x, vi);
}

function kendallTest(x: ArrayLike<number>, y: ArrayLike<number>): RanktestResult {
  const n = x.length;
  let s = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const a = Math.sign(x[i] - x[j]);
    const b = Math.sign(y[i] - y[j]);
    s += a * b;
    if (a === 0) tx++;
    if (b === 0) ty++;
  }
  const n0 = (n * (n - 1)) / 2;
  const tau = s / Math.sqrt((n0 - tx) * (n0 - ty));
  if (!Number.isFinite(tau)) throw new StatInputError('Kendall tau is undefined (all values tied)');
  if (tx === 0 && ty === 0) {
    // untied: T = the concordant pairs, (S + N)/2
    return { tau, pval: kendallExactTwoSided((s + n0) / 2, n), exact: true };
  }
  const tiesOf = (v: ArrayLike<number>) => {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) counts.set(v[i], (counts.get(v[i]) ?? 0) + 1);
    return [...counts.values()].filter((c) => c > 1);
  };
  const xt = tiesOf(x), yt = tiesOf(y);
  const sum = (a: number[], f: (t: number) => number) => a.reduce((acc, t) => acc + f(t), 0);
  const T1 = sum(xt, (t) => t * (t - 1)) / 2;
  const T2 = sum(yt, (t) => t * (t - 1)) / 2;
  const S = tau * Math.sqrt((n0 - T1) * (n0 - T2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(xt, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(yt, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(xt, (t) => t * (t - 1)) * sum(yt, (t) => t * (t - 1));
  const v2 = sum(xt, (t) => t * (t - 1) * (t - 2)) * sum(yt, (t) => t * (t - 1) * (t - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  const z = S / Math.sqrt(varS);
  return { tau, pval: 2 * Math.min(pnorm(z), pnorm(z, false)), exact: false };
}
