import { StatInputError } from '../errors.ts';
import { cholesky, cholSolve, logDetCholesky } from '../linalg/index.ts';

/** Weighted least-squares fit used throughout the meta-analysis kernels. */
export interface WeightedFit {
  /** Coefficients (length p). */
  beta: Float64Array;
  /** (XᵀWX)⁻¹, p × p row-major. */
  cov: Float64Array;
  /** Residuals y − Xβ (length k). */
  resid: Float64Array;
  /** Σ wᵢ eᵢ² = yᵀPy with P = W − WX(XᵀWX)⁻¹XᵀW. */
  rss: number;
  /** log det(XᵀWX). */
  logDet: number;
}

/**
 * Weighted least squares β = (XᵀWX)⁻¹XᵀWy for a k × p design X (row-major) and weights w,
 * via the Cholesky factor of XᵀWX. Throws StatInputError when the design is not of full rank.
 * Standard generalised least squares (e.g. Draper & Smith 1998, Applied Regression Analysis, §9.2).
 * @example weightedFit(Float64Array.of(1, 1), 2, 1, [1, 3], [1, 1]).beta // [2]
 */
export function weightedFit(
  X: ArrayLike<number>,
  k: number,
  p: number,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
): WeightedFit {
  if (p === 1) return weightedFit1(X, k, y, w);
  const xtwx = new Float64Array(p * p);
  const xtwy = new Float64Array(p);
  for (let i = 0; i < k; i++) {
    const wi = w[i];
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const xa = X[o + a] * wi;
      xtwy[a] += xa * y[i];
      for (let b = 0; b <= a; b++) xtwx[a * p + b] += xa * X[o + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtwx[b * p + a] = xtwx[a * p + b];
  let l: Float64Array;
  try {
    l = cholesky(xtwx, p, 1e-12 * Math.max(1e-300, maxDiag(xtwx, p)));
  } catch {
    throw new StatInputError('model matrix is not of full rank: cannot fit the model (check for constant or collinear moderators)');
  }
  const beta = cholSolve(l, p, xtwy);
  const eye = new Float64Array(p * p);
  for (let a = 0; a < p; a++) eye[a * p + a] = 1;
  const cov = cholSolve(l, p, eye, p);
  const resid = new Float64Array(k);
  let rss = 0;
  for (let i = 0; i < k; i++) {
    let f = 0;
    for (let a = 0; a < p; a++) f += X[i * p + a] * beta[a];
    const e = y[i] - f;
    resid[i] = e;
    rss += w[i] * e * e;
  }
  return { beta, cov, resid, rss, logDet: logDetCholesky(l, p) };
}

function maxDiag(a: Float64Array, p: number): number {
  let m = 0;
  for (let i = 0; i < p; i++) m = Math.max(m, Math.abs(a[i * p + i]));
  return m;
}

/** One-column case (intercept-only and similar): the same result without the p × p loops. */
function weightedFit1(X: ArrayLike<number>, k: number, y: ArrayLike<number>, w: ArrayLike<number>): WeightedFit {
  let sxx = 0, sxy = 0;
  for (let i = 0; i < k; i++) {
    const xw = X[i] * w[i];
    sxx += xw * X[i];
    sxy += xw * y[i];
  }
  if (!(sxx > 0)) throw new StatInputError('model matrix is not of full rank: cannot fit the model (check for constant or collinear moderators)');
  const b = sxy / sxx;
  const resid = new Float64Array(k);
  let rss = 0;
  for (let i = 0; i < k; i++) {
    const e = y[i] - X[i] * b;
    resid[i] = e;
    rss += w[i] * e * e;
  }
  return { beta: Float64Array.of(b), cov: Float64Array.of(1 / sxx), resid, rss, logDet: Math.log(sxx) };
}
