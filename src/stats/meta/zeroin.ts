/** Result of {@link zeroin}: the root, its function value and the iterations used. */
export interface ZeroinResult {
  root: number;
  fRoot: number;
  iterations: number;
  converged: boolean;
}

/**
 * Root of f on [lower, upper] by Brent's (1973) method, the algorithm behind R's `uniroot`
 * (R_zeroin2): bisection safeguarded by secant and inverse quadratic interpolation, stopping when
 * the bracket half-width falls below 2·ε·|b| + tol/2. Reproducing R's iteration, tolerance and
 * stopping rule matters when matching metafor, whose Paule–Mandel and Q-profile searches use
 * `tol = .Machine$double.eps^0.25`. f(lower) and f(upper) must differ in sign.
 * Brent RP (1973), Algorithms for Minimization without Derivatives, ch. 4.
 * @example zeroin((x) => x * x - 2, 0, 2, 1e-12).root // 1.4142135623730951
 */
export function zeroin(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tol = 2.220446049250313e-16 ** 0.25,
  maxiter = 1000,
  fLower = f(lower),
  fUpper = f(upper),
): ZeroinResult {
  const EPS = 2.220446049250313e-16;
  let a = lower;
  let b = upper;
  let fa = fLower;
  let fb = fUpper;
  let c = a;
  let fc = fa;
  if (fa === 0) return { root: a, fRoot: 0, iterations: 0, converged: true };
  if (fb === 0) return { root: b, fRoot: 0, iterations: 0, converged: true };
  for (let it = 1; it <= maxiter + 1; it++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    const tolAct = 2 * EPS * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return { root: b, fRoot: fb, iterations: it - 1, converged: true };
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qq = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1));
        q = (qq - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return { root: b, fRoot: fb, iterations: maxiter, converged: false };
}
