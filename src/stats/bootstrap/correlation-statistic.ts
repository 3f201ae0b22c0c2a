import { StatInputError } from '../errors.ts';
import { kendall, pearsonR, rankAverage } from '../correlation/index.ts';

export type BootstrapMethod = 'pearson' | 'spearman' | 'kendall';

/**
 * The point estimate a bootstrap or jackknife recomputes on each resample: Pearson's r,
 * Spearman's rho (re-ranked within the resample) or Kendall's tau-b. Returns NaN for a resample
 * in which a variable is constant, so that it is dropped as R's `boot.ci` drops non-finite
 * replicates; any other error propagates.
 * @example correlationStatistic('spearman')(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)) // 0.8
 */
export function correlationStatistic(method: BootstrapMethod): (x: Float64Array, y: Float64Array) => number {
  const guard = (f: (x: Float64Array, y: Float64Array) => number) => (x: Float64Array, y: Float64Array) =>
    isConstant(x) || isConstant(y) ? Number.NaN : f(x, y);
  if (method === 'pearson') return guard(pearsonR);
  if (method === 'spearman') return guard((x, y) => pearsonR(rankAverage(x), rankAverage(y)));
  if (method === 'kendall') return guard((x, y) => kendall(x, y).r);
  throw new StatInputError(`unknown bootstrap correlation method '${String(method)}'`);
}

function isConstant(v: Float64Array): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}
