import { ptTwoSided, qt } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import type { LmmResult } from './lmm.ts';
import { satterthwaiteDf } from './satterthwaite-df.ts';
import type { LmmFixed } from './types.ts';

/**
 * t test of one linear combination L'β of the fixed effects of an `lmm` fit with Satterthwaite
 * degrees of freedom, as lmerTest's `contest1D(fit, L, confint = TRUE)` (Kuznetsova, Brockhoff &
 * Christensen 2017, J. Stat. Softw. 82(13), https://doi.org/10.18637/jss.v082.i13). L is given in
 * the order of `fit.fixedNames`. Without Satterthwaite ingredients (fit with satterthwaite: false)
 * the df is Infinity (Wald z).
 * @example contrastTest(fit, [0, 1, -1, 0, 0, 0]) // CBT − IPT difference, as contest1D
 */
export function contrastTest(fit: LmmResult, L: ArrayLike<number>, level = 0.95): LmmFixed {
  const p = fit.fixedNames.length;
  if (L.length !== p) throw new StatInputError(`contrast has ${L.length} coefficients; the model has ${p} fixed effects`);
  let estimate = 0;
  let v = 0;
  for (let a = 0; a < p; a++) {
    estimate += L[a] * fit.fixed[fit.fixedNames[a]].estimate;
    for (let b = 0; b < p; b++) v += L[a] * fit.vcovBeta[a * p + b] * L[b];
  }
  if (!(v > 0)) throw new StatInputError('contrast has zero variance (all coefficients zero?)');
  const se = Math.sqrt(v);
  const s = fit.satterthwaite;
  const df = s ? satterthwaiteDf(L, fit.vcovBeta, s.jacobian, s.vcovVarpar, p) : Infinity;
  const t = estimate / se;
  const crit = qt(1 - (1 - level) / 2, df);
  return { estimate, se, df, t, p: ptTwoSided(t, df), ciLower: estimate - crit * se, ciUpper: estimate + crit * se };
}
