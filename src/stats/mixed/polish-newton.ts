import { solveLinear } from '../linalg/solve-linear.ts';

export interface PolishResult {
  x: Float64Array;
  fval: number;
  evaluations: number;
  iterations: number;
  /** Accepted Newton steps. */
  steps: number;
  /** Newton decrement g'H⁻¹g over the free coordinates at the last derivative evaluation (≈ 2 × the decrease still available). */
  decrement: number;
}

/**
 * Refines a minimum of a smooth f subject to x ≥ lower by Newton steps on central-difference
 * gradients and Hessians (Nocedal & Wright 2006, Numerical Optimization, 2nd ed., §3.3 and §8.1),
 * projected onto the bounds, with step halving until f decreases. Coordinates at their bound whose
 * gradient points outward are held fixed. Stops when a step changes f by less than ftol·max(1, |f|).
 * @example polishNewton((x) => (x[0] - 1) ** 2, [0.9], [0]).x[0] // ≈ 1
 */
export function polishNewton(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  { maxIter = 8, ftol = 1e-13, rel = 1e-4 } = {},
): PolishResult {
  const k = x0.length;
  let x = Float64Array.from(x0);
  let fx = f(x);
  let evals = 1;
  let iter = 0;
  let decrement = Infinity;
  let steps = 0;
  let done = false;
  for (; iter < maxIter && !done; iter++) {
    const h = Array.from(x, (v) => rel * Math.max(Math.abs(v), 0.1));
    const g = new Float64Array(k);
    const H = new Float64Array(k * k);
    const plus = new Float64Array(k);
    const minus = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const y = x.slice();
      y[i] += h[i];
      plus[i] = f(y);
      y[i] = x[i] - h[i];
      minus[i] = f(y);
      evals += 2;
      g[i] = (plus[i] - minus[i]) / (2 * h[i]);
      H[i * k + i] = (plus[i] - 2 * fx + minus[i]) / (h[i] * h[i]);
    }
    for (let i = 0; i < k; i++)
      for (let j = 0; j < i; j++) {
        const y = x.slice();
        y[i] += h[i];
        y[j] += h[j];
        const fpp = f(y);
        y[i] = x[i] - h[i];
        y[j] = x[j] - h[j];
        const fmm = f(y);
        evals += 2;
        H[i * k + j] = H[j * k + i] = (fpp - 2 * fx + fmm - H[i * k + i] * h[i] * h[i] - H[j * k + j] * h[j] * h[j]) / (2 * h[i] * h[j]);
      }
    const free: number[] = [];
    for (let i = 0; i < k; i++) if (!(x[i] <= lower[i] && g[i] >= 0)) free.push(i);
    if (free.length === 0) {
      decrement = 0; // every coordinate at its bound with the gradient pointing outward
      break;
    }
    const m = free.length;
    const Hf = new Float64Array(m * m);
    const gf = new Float64Array(m);
    free.forEach((i, a) => {
      gf[a] = -g[i];
      free.forEach((j, b) => (Hf[a * m + b] = H[i * k + j]));
    });
    let d: Float64Array;
    try {
      d = solveLinear(Hf, m, gf);
    } catch {
      break;
    }
    let dg = 0;
    for (let a = 0; a < m; a++) dg += d[a] * gf[a];
    if (!(dg > 0)) {
      decrement = Infinity; // not a descent direction: Hessian not positive definite here
      break;
    }
    decrement = dg;
    let step = 1;
    let accepted = false;
    for (let t = 0; t < 20; t++, step /= 2) {
      const y = x.slice();
      free.forEach((i, a) => (y[i] = Math.max(lower[i], x[i] + step * d[a])));
      const fy = f(y);
      evals++;
      if (fy <= fx) {
        const gain = fx - fy;
        x = y;
        fx = fy;
        accepted = true;
        steps++;
        done = gain <= ftol * Math.max(1, Math.abs(fx)) || dg <= 2 * ftol * Math.max(1, Math.abs(fx));
        break;
      }
    }
    if (!accepted) {
      iter++;
      break;
    }
  }
  return { x, fval: fx, evaluations: evals, iterations: iter, steps, decrement };
}
