import { cholesky, cholSolve, logDetCholesky } from '../linalg/index.ts';
import { StatInputError } from '../errors.ts';

/** One-factor maximum-likelihood solution for a correlation matrix. */
export interface OneFactorMl {
  /** Standardized loadings λ, signed so that Σλ ≥ 0 (`factanal(...)$loadings`). */
  loadings: Float64Array;
  /** Uniquenesses ψ (`factanal(...)$uniquenesses`). */
  uniquenesses: Float64Array;
  /** ML discrepancy at the solution (`factanal(...)$criteria["objective"]`). */
  objective: number;
  /** Fixed-point cycles used, from both starts together (each cycle is one accelerated step). */
  iterations: number;
  /** True when a uniqueness sits on the lower bound (a Heywood case). */
  heywood: boolean;
}

/**
 * Maximum-likelihood factor analysis with one factor on a p × p correlation matrix (row-major),
 * reproducing `stats::factanal(covmat = R, factors = 1)`: the ML discrepancy
 * F(ψ) = Σ_{j≥2} (θⱼ − log θⱼ) − (p − 1), θ the eigenvalues of Ψ^{-1/2} R Ψ^{-1/2}, is
 * minimised over uniquenesses ψ ∈ [lower, 1] (factanal's default lower bound 0.005). At the
 * minimum Λ = Ψ^{1/2}ω·√(θ₁ − 1) (ω the leading eigenvector) and ψ = diag(R − ΛΛ')
 * (Jöreskog 1967, "Some contributions to maximum likelihood factor analysis", Psychometrika 32,
 * 443–482, https://doi.org/10.1007/BF02289658; Lawley & Maxwell 1971, ch. 4). This kernel
 * iterates that fixed point, ψ ← diag(R − Λ(ψ)Λ(ψ)'), clipped to the bounds and accelerated by
 * SQUAREM (Varadhan & Roland 2008, https://doi.org/10.1111/j.1467-9469.2007.00585.x), with the
 * leading eigenpair by warm-started power iteration, until max|Δψ| < tol, from two starts (see
 * below; the lower F is kept). factanal stops its
 * L-BFGS-B search earlier (its uniquenesses can differ from the exact optimum by ~1e-5).
 * Throws StatInputError when R is not positive definite (a pivot of its Cholesky factor below
 * 1e-10: singular to rounding) or the iteration does not converge.
 * @example oneFactorMl(Float64Array.of(1, 0.42, 0.35, 0.42, 1, 0.3, 0.35, 0.3, 1), 3).loadings // ≈ [0.7, 0.6, 0.5]
 */
export function oneFactorMl(
  r: ArrayLike<number>,
  p: number,
  options: { tol?: number; maxIter?: number; lower?: number } = {},
): OneFactorMl {
  const tol = options.tol ?? 1e-12;
  const maxIter = options.maxIter ?? 10_000;
  const lower = options.lower ?? 0.005;
  if (p < 3) throw new StatInputError(`a one-factor model needs at least 3 variables, got ${p}`);
  if (r.length !== p * p) throw new StatInputError(`matrix has ${r.length} entries, expected ${p * p}`);
  // A pivot is the variance of an item given the ones before it (1 at most for a correlation
  // matrix): below SINGULAR the item is, to rounding, a linear combination of the others (three
  // rows of three items, a duplicated item), where factanal stops ("computationally singular")
  // and a tolerance of 0 let a rounding-level pivot through to a meaningless fit.
  const l = cholesky(r, p, SINGULAR);
  const logDetR = logDetCholesky(l, p);
  const v = new Float64Array(p).fill(1 / Math.sqrt(p));
  const tmp = new Float64Array(p);
  const w = new Float64Array(p);

  // Leading eigenpair of Ψ^{-1/2} R Ψ^{-1/2} by power iteration, warm-started from `v`.
  const leading = (psi: Float64Array): number => {
    let theta = 0;
    for (let it = 0; it < 100_000; it++) {
      for (let i = 0; i < p; i++) tmp[i] = v[i] / Math.sqrt(psi[i]);
      let norm = 0;
      let next = 0;
      for (let i = 0; i < p; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += r[i * p + j] * tmp[j];
        w[i] = s / Math.sqrt(psi[i]);
        next += w[i] * v[i];
        norm += w[i] * w[i];
      }
      norm = Math.sqrt(norm);
      let delta = 0;
      for (let i = 0; i < p; i++) {
        const u = w[i] / norm;
        delta = Math.max(delta, Math.abs(u - v[i]));
        v[i] = u;
      }
      theta = next;
      if (delta < 1e-15 || (it > 10 && delta < 1e-13)) return theta;
    }
    throw new StatInputError('power iteration for the leading eigenvalue did not converge');
  };
  const step = (psi: Float64Array): Float64Array => {
    const theta = leading(psi);
    const f = Math.max(theta - 1, 0);
    const out = new Float64Array(p);
    for (let i = 0; i < p; i++) out[i] = clip(1 - psi[i] * v[i] * v[i] * f, lower);
    return out;
  };
  const objective = (psi: Float64Array): number => {
    const theta = leading(psi);
    let trace = 0;
    let logPsi = 0;
    for (let i = 0; i < p; i++) {
      trace += 1 / psi[i];
      logPsi += Math.log(psi[i]);
    }
    return trace - theta - (logDetR - logPsi - Math.log(theta)) - (p - 1);
  };

  // The fixed point reached depends on the start when F has several local minima (small n,
  // Heywood cases, a near-duplicate item): iterated from factanal's start, (1 − 0.5/p)/diag(R⁻¹),
  // and from 1 − 0.5/p, keeping the lower F, so the fit is never worse than factanal's default.
  const solve = (start: Float64Array): { psi: Float64Array; iterations: number } => {
    let psi = start;
    let iterations = 0;
    for (; iterations < maxIter; iterations++) {
      const x1 = step(psi);
      const x2 = step(x1);
      let rr = 0;
      let vv = 0;
      for (let i = 0; i < p; i++) {
        const ri = x1[i] - psi[i];
        const vi = x2[i] - 2 * x1[i] + psi[i];
        rr += ri * ri;
        vv += vi * vi;
      }
      let next: Float64Array = x2;
      if (vv > 0) {
        const alpha = Math.min(-1, -Math.sqrt(rr / vv));
        const xa = new Float64Array(p);
        for (let i = 0; i < p; i++) {
          const ri = x1[i] - psi[i];
          const vi = x2[i] - 2 * x1[i] + psi[i];
          xa[i] = clip(psi[i] - 2 * alpha * ri + alpha * alpha * vi, lower);
        }
        const xs = step(xa);
        next = objective(xs) <= objective(x2) ? xs : x2;
      }
      let change = 0;
      for (let i = 0; i < p; i++) change = Math.max(change, Math.abs(next[i] - psi[i]));
      psi = next;
      if (change < tol) break;
    }
    if (iterations >= maxIter) throw new StatInputError(`one-factor ML did not converge in ${maxIter} iterations`);
    return { psi, iterations };
  };
  // R⁻¹ from the factor already at hand, for its diagonal
  const identity = new Float64Array(p * p);
  for (let i = 0; i < p; i++) identity[i * p + i] = 1;
  const inverse = cholSolve(l, p, identity, p);
  const fromFactanal = solve(Float64Array.from({ length: p }, (_, i) => clip((1 - 0.5 / p) / inverse[i * p + i], lower)));
  const fromFlat = solve(new Float64Array(p).fill(1 - 0.5 / p));
  const best = objective(fromFlat.psi) < objective(fromFactanal.psi) ? fromFlat : fromFactanal;
  const psi = best.psi;
  const iterations = fromFactanal.iterations + fromFlat.iterations;
  const theta = leading(psi);
  const f = Math.sqrt(Math.max(theta - 1, 0));
  const loadings = new Float64Array(p);
  let sum = 0;
  for (let i = 0; i < p; i++) {
    loadings[i] = Math.sqrt(psi[i]) * v[i] * f;
    sum += loadings[i];
  }
  if (sum < 0) for (let i = 0; i < p; i++) loadings[i] = -loadings[i];
  return {
    loadings,
    uniquenesses: psi,
    objective: objective(psi),
    iterations: iterations + 1,
    heywood: psi.some((u) => u <= lower),
  };

  function clip(x: number, lo: number): number {
    return x < lo ? lo : x > 1 ? 1 : x;
  }
}

/** Pivots of R's Cholesky factor at or below this are taken as a singular R (see oneFactorMl). */
const SINGULAR = 1e-10;
