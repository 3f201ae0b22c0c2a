import { StatInputError } from '../errors.ts';
import type { LmmResult } from './lmm.ts';
import type { MixedModel } from './types.ts';

/**
 * Conditional fitted values Xβ̂ + Zb̂ and residuals y − fitted of an `lmm` fit, one per used row of
 * the model (`model.rows` maps them back to the input), as lme4's `fitted(fit)` and `residuals(fit)`
 * (Bates et al. 2015, J. Stat. Softw. 67(1), https://doi.org/10.18637/jss.v067.i01). Also returns
 * the population-level prediction Xβ̂ (lme4 `predict(fit, re.form = NA)`), e.g. for plotting the
 * average trajectory under the individual ones.
 * @example fittedValues(model, lmm(model)).fitted[0] // 253.6637 for sleepstudy (Days | Subject), lme4 fitted(fit)[1]
 */
export function fittedValues(model: MixedModel, fit: LmmResult): { fitted: Float64Array; population: Float64Array; residuals: Float64Array } {
  const { nobs: n, p, X, y } = model;
  if (fit.fixedNames.length !== p || fit.nobs !== n) throw new StatInputError('the fit does not belong to this model');
  const beta = fit.fixedNames.map((name) => fit.fixed[name].estimate);
  const population = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let a = 0; a < p; a++) s += X[r * p + a] * beta[a];
    population[r] = s;
  }
  const fitted = population.slice();
  const used = new Map<string, number>();
  for (const rt of model.random) {
    const re = fit.ranef.find((x) => x.group === rt.groupLabel);
    if (!re) throw new StatInputError(`the fit has no conditional modes for '${rt.groupLabel}'`);
    const off = used.get(rt.groupLabel) ?? 0;
    used.set(rt.groupLabel, off + rt.q);
    const w = re.terms.length;
    for (let r = 0; r < n; r++) {
      const base = rt.codes[r] * w + off;
      let s = 0;
      for (let j = 0; j < rt.q; j++) s += rt.Z[r * rt.q + j] * re.values[base + j];
      fitted[r] += s;
    }
  }
  const residuals = new Float64Array(n);
  for (let r = 0; r < n; r++) residuals[r] = y[r] - fitted[r];
  return { fitted, population, residuals };
}
