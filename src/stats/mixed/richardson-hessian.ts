import { richardsonExtrapolate as richardson } from './richardson-extrapolate.ts';

/**
 * Hessian of a scalar function by central differences with Richardson extrapolation over r halvings
 * of the step, following the scheme of numDeriv's `hessian`/`genD` (Gilbert & Varadhan 2019,
 * https://CRAN.R-project.org/package=numDeriv): initial step d·|x_i| (eps when x_i ≈ 0), d = 0.1,
 * diagonal from second differences along e_i, off-diagonal from second differences along e_i + e_j
 * minus the diagonal terms. lmerTest's Satterthwaite df are computed with exactly this scheme, so
 * using it reproduces lmerTest's df to its own numerical precision.
 * Returns a symmetric k × k row-major matrix.
 * @example richardsonHessian((x) => x[0] ** 2 * x[1], [1, 2]) // ≈ [4, 2, 2, 0]
 */
export function richardsonHessian(f: (x: Float64Array) => number, x: ArrayLike<number>, d = 0.1, eps = 1e-4, r = 4): Float64Array {
  const k = x.length;
  const x0 = Float64Array.from(x);
  const f0 = f(x0);
  const h0 = Array.from(x0, (v) => d * Math.abs(v) + (Math.abs(v) < 1.78e-5 ? eps : 0));
  const H = new Float64Array(k * k);
  const shifted = (s: number, i: number, j: number, m: number) => {
    const y = x0.slice();
    y[i] += (s * h0[i]) / 2 ** m;
    if (j !== i) y[j] += (s * h0[j]) / 2 ** m;
    return f(y);
  };
  for (let i = 0; i < k; i++) {
    const est: number[] = [];
    for (let m = 0; m < r; m++) {
      const h = h0[i] / 2 ** m;
      est.push((shifted(1, i, i, m) - 2 * f0 + shifted(-1, i, i, m)) / (h * h));
    }
    H[i * k + i] = richardson(est);
  }
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const est: number[] = [];
      for (let m = 0; m < r; m++) {
        const hi = h0[i] / 2 ** m;
        const hj = h0[j] / 2 ** m;
        const second = shifted(1, i, j, m) - 2 * f0 + shifted(-1, i, j, m);
        est.push((second - H[i * k + i] * hi * hi - H[j * k + j] * hj * hj) / (2 * hi * hj));
      }
      H[i * k + j] = H[j * k + i] = richardson(est);
    }
  return H;
}
