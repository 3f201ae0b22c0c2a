import { ptTwoSided } from '../distributions/index.ts';
import { correlationCi } from './correlation-ci.ts';
import type { StatsByResult } from './stats-by-within-between.ts';

/**
 * A `psych::statsBy` within/between result (Revelle, psych 2.2; Pedhazur 1997, ch. 16) from its
 * two correlations: rwg tested with t = rwg·√(N − 2)/√(1 − rwg²) on N − J − 2 df and a Fisher-z
 * interval with se = 1/√(N − 3); rbg with t on J − 2 df and se = 1/√(J − 3), as
 * `statsByWithinBetween` documents; it and `withinBetweenRuns` share it. No checks: the callers
 * have made sure that J ≥ 4 and N − J − 2 ≥ 1.
 * @example statsByFromR('pearson', 8, 4, 0.5, 0.9).within.df // 2
 */
export function statsByFromR(method: StatsByResult['method'], n: number, groups: number, rwg: number, rbg: number, level = 0.95): StatsByResult {
  const tw = (rwg * Math.sqrt(n - 2)) / Math.sqrt(1 - rwg * rwg);
  const tb = (rbg * Math.sqrt(groups - 2)) / Math.sqrt(1 - rbg * rbg);
  return {
    method,
    n,
    groups,
    level,
    within: { r: rwg, t: tw, df: n - groups - 2, p: ptTwoSided(tw, n - groups - 2), ...correlationCi(rwg, n, level) },
    between: { r: rbg, t: tb, df: groups - 2, p: ptTwoSided(tb, groups - 2), ...correlationCi(rbg, groups, level) },
  };
}
