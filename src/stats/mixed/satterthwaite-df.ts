/**
 * Satterthwaite (1946, https://doi.org/10.2307/3002019) degrees of freedom of a linear combination
 * L'β̂ in a linear mixed model, as lmerTest computes them (Kuznetsova, Brockhoff & Christensen 2017,
 * J. Stat. Softw. 82(13), https://doi.org/10.18637/jss.v082.i13, eq. 5):
 * df = 2 (L'VL)² / (g' A g), where V = var(β̂), g_k = L' (∂V/∂φ_k) L over the variance parameters
 * φ = (θ, σ) and A = 2 H⁻¹ is the asymptotic covariance of φ̂ (H the Hessian of the deviance in φ).
 * `jacobian` holds ∂V/∂φ_k (p × p row-major) for each k; `vcovVarpar` is A, row-major.
 * @example satterthwaiteDf([1], [2], [Float64Array.of(1)], [0.5], 1) // 2·4 / (1·0.5·1) = 16
 */
export function satterthwaiteDf(
  L: ArrayLike<number>,
  vcovBeta: ArrayLike<number>,
  jacobian: ArrayLike<number>[],
  vcovVarpar: ArrayLike<number>,
  p: number,
): number {
  const quad = (M: ArrayLike<number>) => {
    let s = 0;
    for (let a = 0; a < p; a++) {
      if (L[a] === 0) continue;
      for (let b = 0; b < p; b++) s += L[a] * M[a * p + b] * L[b];
    }
    return s;
  };
  const v = quad(vcovBeta);
  const g = jacobian.map(quad);
  const k = g.length;
  let denom = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) denom += g[a] * vcovVarpar[a * k + b] * g[b];
  return (2 * v * v) / denom;
}
