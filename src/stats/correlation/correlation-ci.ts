import { StatInputError } from '../errors.ts';
import { type FisherInterval, fisherInterval } from './fisher-interval.ts';

/**
 * Fisher-z confidence interval for a (partial) Pearson correlation from n observations with q
 * covariates partialled out: z = atanh(r), se = 1/√(n − 3 − q), CI = tanh(z ± z₁₋α/₂·se)
 * (Fisher 1921; for partial correlations Fisher 1924, Metron 3, 329–332). Matches R's
 * `cor.test` (q = 0), `psych::r.con(r, n - q)` and `psych::corr.p(r, n - q)`. Assumes bivariate
 * normality; the interval is exact only asymptotically.
 * @example correlationCi(0.88, 6) // { fisherZ: 1.3757676565209744, se: 0.5773502691896258, ciLower: 0.23944184067829755, ciUpper: 0.986808429268502 } (R: psych::r.con(0.88, 6))
 */
export function correlationCi(r: number, n: number, level = 0.95, q = 0): FisherInterval {
  const m = n - 3 - q;
  if (!(m > 0)) throw new StatInputError(`a Fisher-z interval needs n - 3 - q > 0, got n = ${n}, q = ${q}`);
  return fisherInterval(r, 1 / Math.sqrt(m), level);
}
