export interface NelderMeadOptions {
  /** Initial simplex edge, relative to max(|x_i|, 1). Default 0.2. */
  step?: number;
  /** Stop when the simplex's function values differ by at most ftolAbs + ftolRel·|f|. */
  ftolAbs?: number;
  ftolRel?: number;
  /** …and its vertices by at most xtol in every coordinate. */
  xtol?: number;
  maxEval?: number;
  /** Restarts from the best point after convergence (guards against a collapsed simplex). */
  maxRestarts?: number;
}

export interface NelderMeadResult {
  x: Float64Array;
  fval: number;
  evaluations: number;
  restarts: number;
  converged: boolean;
}

/**
 * Minimises f subject to lower ≤ x ≤ upper with the Nelder–Mead simplex method (Nelder & Mead 1965,
 * Comput. J. 7(4):308–313, https://doi.org/10.1093/comjnl/7.4.308; standard coefficients of Lagarias,
 * Reeds, Wright & Wright 1998, https://doi.org/10.1137/S1052623496303470). Trial points are projected
 * onto the box; after convergence the search restarts from the best vertex with a smaller simplex
 * until a restart no longer improves f beyond the tolerance.
 * @example nelderMeadBounded((x) => (x[0] - 2) ** 2, [0], [0]).x[0] // ≈ 2
 */
export function nelderMeadBounded(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper?: ArrayLike<number>,
  opts: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const { step = 0.2, ftolAbs = 1e-11, ftolRel = 1e-14, xtol = 1e-9, maxEval = 50_000, maxRestarts = 3 } = opts;
  const lo = Float64Array.from(lower);
  const hi = upper ? Float64Array.from(upper) : new Float64Array(n).fill(Infinity);
  let evals = 0;
  const clamp = (x: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
    return x;
  };
  const fe = (x: Float64Array) => {
    evals++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  let best = clamp(Float64Array.from(x0));
  let fbest = fe(best);
  let restarts = 0;
  let converged = false;
  let edge = step;
  for (;;) {
    const sim: Float64Array[] = [best.slice()];
    const fv: number[] = [fbest];
    for (let i = 0; i < n; i++) {
      const v = best.slice();
      const h = edge * Math.max(Math.abs(v[i]), 1);
      v[i] += v[i] + h > hi[i] ? -h : h;
      clamp(v);
      sim.push(v);
      fv.push(fe(v));
    }
    const start = fbest;
    let ok = false;
    const centroid = new Float64Array(n);
    const trial = (t: number) => {
      const w = sim[n];
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = centroid[i] + t * (w[i] - centroid[i]);
      return clamp(x);
    };
    while (evals < maxEval) {
      const idx = fv.map((_, i) => i).sort((a, b) => fv[a] - fv[b]);
      const s2 = idx.map((i) => sim[i]);
      const f2 = idx.map((i) => fv[i]);
      sim.splice(0, sim.length, ...s2);
      fv.splice(0, fv.length, ...f2);
      let xspread = 0;
      for (let k = 1; k <= n; k++) for (let i = 0; i < n; i++) xspread = Math.max(xspread, Math.abs(sim[k][i] - sim[0][i]));
      if (fv[n] - fv[0] <= ftolAbs + ftolRel * Math.abs(fv[0]) && xspread <= xtol) {
        ok = true;
        break;
      }
      centroid.fill(0);
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += sim[k][i] / n;
      const xr = trial(-1);
      const fr = fe(xr);
      if (fr < fv[0]) {
        const xe = trial(-2);
        const fx = fe(xe);
        if (fx < fr) {
          sim[n] = xe;
          fv[n] = fx;
        } else {
          sim[n] = xr;
          fv[n] = fr;
        }
      } else if (fr < fv[n - 1]) {
        sim[n] = xr;
        fv[n] = fr;
      } else {
        const outside = fr < fv[n];
        const xc = trial(outside ? -0.5 : 0.5);
        const fc = fe(xc);
        if (outside ? fc <= fr : fc < fv[n]) {
          sim[n] = xc;
          fv[n] = fc;
        } else {
          for (let k = 1; k <= n; k++) {
            for (let i = 0; i < n; i++) sim[k][i] = sim[0][i] + 0.5 * (sim[k][i] - sim[0][i]);
            fv[k] = fe(sim[k]);
          }
        }
      }
    }
    let b = 0;
    for (let k = 1; k <= n; k++) if (fv[k] < fv[b]) b = k;
    best = sim[b].slice();
    fbest = fv[b];
    if (!ok) break;
    if (start - fbest <= ftolAbs + ftolRel * Math.abs(fbest) && restarts > 0) {
      converged = true;
      break;
    }
    if (restarts >= maxRestarts) {
      converged = true;
      break;
    }
    restarts++;
    edge = 1e3 * xtol;
  }
  return { x: best, fval: fbest, evaluations: evals, restarts, converged };
}
