import { richardsonExtrapolate as richardson } from './richardson-extrapolate.ts';

/**
 * Jacobian of a vector function by central differences with Richardson extrapolation over four
 * halvings of the step (the scheme of numDeriv's `jacobian`, Gilbert & Varadhan 2019,
 * https://CRAN.R-project.org/package=numDeriv). Returns one array of ∂g/∂x_i per parameter i.
 * @example richardsonJacobian((x) => Float64Array.of(x[0] * x[1]), [2, 3]) // ≈ [[3], [2]]
 */
export function richardsonJacobian(g: (x: Float64Array) => Float64Array, x: ArrayLike<number>, d = 1e-4, eps = 1e-4, r = 4): Float64Array[] {
  const x0 = Float64Array.from(x);
  return Array.from(x0, (v, i) => {
    const h0 = d * Math.abs(v) + (Math.abs(v) < 1.78e-5 ? eps : 0);
    const est: Float64Array[] = [];
    for (let m = 0; m < r; m++) {
      const h = h0 / 2 ** m;
      const y = x0.slice();
      y[i] = v + h;
      const gp = g(y).slice();
      y[i] = v - h;
      const gm = g(y);
      est.push(gp.map((a, j) => (a - gm[j]) / (2 * h)));
    }
    return est[0].map((_, j) => richardson(est.map((e) => e[j])));
  });
}
