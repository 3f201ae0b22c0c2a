import { rma, type RmaResult } from './rma.ts';

/**
 * Refits a model of {@link rma} on a subset (and order) of its studies, keeping the estimator,
 * test and level — the building block of leave-one-out, cumulative and influence analyses, as
 * metafor's internal `rma.uni(…, subset = …)` calls. The Q-profile interval for τ² is skipped.
 * @example refitRma(fit, [0, 1, 2]).k // 3
 */
export function refitRma(fit: RmaResult, index: ArrayLike<number>): RmaResult {
  const n = index.length;
  const yi = new Float64Array(n);
  const vi = new Float64Array(n);
  const mods: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const i = index[j];
    yi[j] = fit.yi[i];
    vi[j] = fit.vi[i];
    mods.push(fit.X.slice(i * fit.p, i * fit.p + fit.p));
  }
  return rma({ yi, vi, mods: fit.interceptOnly ? undefined : mods, method: fit.method, test: fit.test, level: fit.level, tau2CI: false });
}
