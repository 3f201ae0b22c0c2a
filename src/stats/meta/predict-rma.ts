import { qnorm, qt } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import type { RmaPrediction, RmaResult } from './rma.ts';

/**
 * Predicted effects of a meta-regression at new moderator rows (each a full design row with the
 * intercept column), with confidence and prediction intervals, as metafor's
 * `predict(fit, newmods = …)` (Viechtbauer 2010, doi:10.18637/jss.v036.i03): ŷ = xβ̂,
 * SE = √(xᵀVar(β̂)x), CI ŷ ± crit·SE, PI ŷ ± crit·√(SE² + τ̂²), crit from the normal under test
 * 'z' and from t(k − p) under 't' / 'knha'. Equal-effects models have no PI (null).
 * @example predictRma(fit, [[1, 50]])[0].pred // fitted effect at meanage 50
 */
export function predictRma(fit: RmaResult, newmods: ArrayLike<ArrayLike<number>>): RmaPrediction[] {
  const p = fit.p;
  const alpha = (100 - fit.level) / 100;
  const crit = fit.ddf == null ? -qnorm(alpha / 2) : -qt(alpha / 2, fit.ddf);
  const isFE = fit.method === 'FE' || fit.method === 'EE';
  return Array.from(newmods, (x, r) => {
    if (x.length !== p) throw new StatInputError(`newmods row ${r + 1} has ${x.length} values, expected ${p} (include the intercept column)`);
    let pred = 0, v = 0;
    for (let a = 0; a < p; a++) {
      if (!Number.isFinite(x[a])) throw new StatInputError(`newmods row ${r + 1}, column ${a + 1} is not finite`);
      pred += x[a] * fit.beta[a];
      for (let b = 0; b < p; b++) v += x[a] * fit.vb[a][b] * x[b];
    }
    const se = Math.sqrt(v);
    const s = Math.sqrt(v + fit.tau2);
    return {
      pred, se, ciLower: pred - crit * se, ciUpper: pred + crit * se,
      piLower: isFE ? null : pred - crit * s, piUpper: isFE ? null : pred + crit * s,
    };
  });
}
