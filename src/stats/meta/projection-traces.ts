/** Traces of products of P = A − AX(XᵀAX)⁻¹XᵀA (A = diag(a)) with V = diag(v). */
export interface ProjectionTraces {
  trP: number;
  trPP: number;
  trPV: number;
  trPVPV: number;
  trVPP: number;
}

/**
 * Traces needed by the τ² estimators and their standard errors (tr P, tr P², tr PV, tr (PV)²,
 * tr VP²) computed in O(k·p²) from p × p matrices, never forming the k × k matrix P.
 * `cov` is (XᵀAX)⁻¹ (p × p, row-major). Identities follow from P = A − AXCXᵀA; see
 * Viechtbauer W (2005), J Educ Behav Stat 30:261–293, doi:10.3102/10769986030003261, for where
 * each trace enters.
 * @example projectionTraces(Float64Array.of(1, 1), 2, 1, [1, 1], Float64Array.of(0.5), [1, 1]).trP // 1
 */
export function projectionTraces(
  X: ArrayLike<number>,
  k: number,
  p: number,
  a: ArrayLike<number>,
  cov: ArrayLike<number>,
  v: ArrayLike<number>,
): ProjectionTraces {
  const b2 = new Float64Array(p * p);
  const b2v = new Float64Array(p * p);
  let sa = 0, sa2 = 0, sav = 0, sa2v2 = 0, sa2v = 0;
  let qa2 = 0, qa3 = 0, qa2v = 0, qa3v2 = 0, qa3v = 0;
  for (let i = 0; i < k; i++) {
    const o = i * p;
    let q = 0;
    for (let r = 0; r < p; r++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += cov[r * p + c] * X[o + c];
      q += X[o + r] * s;
    }
    const ai = a[i], vi = v[i], a2 = ai * ai, a3 = a2 * ai;
    sa += ai; sa2 += a2; sav += ai * vi; sa2v2 += a2 * vi * vi; sa2v += a2 * vi;
    qa2 += a2 * q; qa3 += a3 * q; qa2v += a2 * vi * q; qa3v2 += a3 * vi * vi * q; qa3v += a3 * vi * q;
    for (let r = 0; r < p; r++) {
      const xr = X[o + r];
      for (let c = 0; c < p; c++) {
        const xx = xr * X[o + c];
        b2[r * p + c] += a2 * xx;
        b2v[r * p + c] += a2 * vi * xx;
      }
    }
  }
  const m2 = matMul(cov, b2, p);
  const m2v = matMul(cov, b2v, p);
  return {
    trP: sa - qa2,
    trPV: sav - qa2v,
    trPP: sa2 - 2 * qa3 + trProd(m2, m2, p),
    trPVPV: sa2v2 - 2 * qa3v2 + trProd(m2v, m2v, p),
    trVPP: sa2v - 2 * qa3v + trProd(m2, m2v, p),
  };
}

function matMul(x: ArrayLike<number>, y: ArrayLike<number>, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += x[r * p + j] * y[j * p + c];
    out[r * p + c] = s;
  }
  return out;
}

function trProd(x: Float64Array, y: Float64Array, p: number): number {
  let s = 0;
  for (let r = 0; r < p; r++) for (let j = 0; j < p; j++) s += x[r * p + j] * y[j * p + r];
  return s;
}
