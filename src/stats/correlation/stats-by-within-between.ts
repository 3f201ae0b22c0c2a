import { StatInputError } from '../errors.ts';
import { assertPairedSample } from './assert-paired-sample.ts';
import { groupIndex } from './group-index.ts';
import { groupMeans } from './group-means.ts';
import { pearsonR } from './pearson-r.ts';
import { rankAverage } from './rank-average.ts';
import { statsByFromR } from './stats-by-from-r.ts';
import { unitScaled } from './unit-scaled.ts';
import type { CorrelationInference } from './types.ts';

export interface StatsByOptions {
  /** 'pearson' (default) or 'spearman' (ranks of the deviations and of the replicated means). */
  method?: 'pearson' | 'spearman';
  level?: number;
}

/** One level of the split: r with psych's t, df, p and Fisher-z interval. */
export type StatsByLevel = CorrelationInference;

export interface StatsByResult {
  method: 'pearson' | 'spearman';
  /** Observations N. */
  n: number;
  /** Groups (patients) J. */
  groups: number;
  level: number;
  /** Pooled within-group correlation rwg (deviations from group means). */
  within: StatsByLevel;
  /** Between-group correlation rbg (group means, each weighted by its group size). */
  between: StatsByLevel;
}

/**
 * Within/between decomposition of a session-level correlation as `psych::statsBy` computes it
 * (Revelle, psych 2.2; Pedhazur 1997, Multiple Regression in Behavioral Research, ch. 16):
 * - rwg = cor(x − x̄_group, y − ȳ_group) over all N rows (equals the repeated-measures r of
 *   `rmcorr`); psych's test uses t = rwg·√(N − 2)/√(1 − rwg²) but N − J − 2 df, and a Fisher-z
 *   interval with se = 1/√(N − 3). Both are reproduced as psych gives them; `rmcorr` gives the
 *   ANCOVA test (N − J − 1 df) of the same coefficient.
 * - rbg = cor of the group means replicated on every row, so each group weighs by its size;
 *   t on J − 2 df and se = 1/√(J − 3).
 * Needs J ≥ 4 groups and N − J − 2 ≥ 1.
 * @example statsByWithinBetween([1, 1, 2, 2, 3, 3, 4, 4], [1, 2, 3, 5, 4, 7, 8, 9], [2, 3, 2, 5, 6, 6, 9, 8]).within.r // 0.46709936649691375 (R: psych::statsBy(d, "g")$rwg: 0.4670994)
 */
export function statsByWithinBetween(
  groups: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: StatsByOptions = {},
): StatsByResult {
  const method = options.method ?? 'pearson';
  const level = options.level ?? 0.95;
  if (method !== 'pearson' && method !== 'spearman') throw new StatInputError(`unknown statsBy method '${String(method)}'`);
  assertPairedSample(x, y, 5, 'within-between correlation');
  if (groups.length !== x.length) throw new StatInputError(`statsByWithinBetween: groups has ${groups.length} entries, x has ${x.length}`);
  // correlations do not depend on scale: values whose spread is far from 1 are summed at unit scale (unitScaled)
  const xs = unitScaled(x);
  const ys = unitScaled(y);
  if (xs !== x || ys !== y) return statsByWithinBetween(groups, xs, ys, options);
  const g = groupIndex(groups);
  const { index, groups: J } = g;
  const n = x.length;
  if (J < 4 || n - J - 2 < 1) throw new StatInputError(`within-between correlation: needs at least 4 groups and N − J ≥ 3, got N = ${n}, J = ${J}`);
  const mx = groupMeans(g, x);
  const my = groupMeans(g, y);
  const wx = new Float64Array(n);
  const wy = new Float64Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    bx[i] = mx[index[i]];
    by[i] = my[index[i]];
    wx[i] = x[i] - bx[i];
    wy[i] = y[i] - by[i];
  }
  const cor = (a: Float64Array, b: Float64Array, what: string): number => {
    try {
      return method === 'spearman' ? pearsonR(rankAverage(a), rankAverage(b)) : pearsonR(a, b);
    } catch {
      throw new StatInputError(`within-between correlation: x or y has no ${what}-group variance`);
    }
  };
  const rwg = cor(wx, wy, 'within');
  const rbg = cor(bx, by, 'between');
  return statsByFromR(method, n, J, rwg, rbg, level);
}
