import { StatInputError } from '../errors.ts';
import { ptTwoSided } from '../distributions/index.ts';
import { assertPairedSample } from './assert-paired-sample.ts';
import { fisherInterval } from './fisher-interval.ts';
import { pearsonR } from './pearson-r.ts';
import { rankAverage } from './rank-average.ts';
import type { CorrelationTest } from './types.ts';

/**
 * Standard error of atanh(rho) for the interval:
 * - `fisher`: 1/√(n − 3), as `psych::corr.test(method = "spearman")` (default);
 * - `fieller`: √(1.06/(n − 3)) (Fieller, Hartley & Pearson 1957, Biometrika 44, 470–481);
 * - `bonett-wright`: √((1 + rho²/2)/(n − 3)) (Bonett & Wright 2000, Psychometrika 65, 23–28).
 */
export type SpearmanCiMethod = 'fisher' | 'fieller' | 'bonett-wright';

export interface SpearmanOptions {
  level?: number;
  ciMethod?: SpearmanCiMethod;
}

export interface SpearmanResult extends Omit<CorrelationTest, 'method'> {
  method: 'spearman';
  /** R's statistic S = (n³ − n)(1 − rho)/6. */
  S: number;
  ciMethod: SpearmanCiMethod;
}

/**
 * Spearman's rank correlation (Spearman 1904, doi:10.2307/1412159): Pearson's r of the ranks,
 * ties given average ranks. The p-value is R's asymptotic one, `cor.test(x, y, method =
 * "spearman", exact = FALSE)`: t = rho·√(n − 2)/√(1 − rho²) on n − 2 df, identical to
 * `psych::corr.test(method = "spearman")`. R's default (`exact = NULL`) instead uses the exact
 * null distribution (Algorithm AS 89) when n < 1290 and there are no ties; we do not, so for
 * small tie-free samples p differs from R's default. The interval is on Fisher's z scale with
 * the standard error chosen by `ciMethod` (see SpearmanCiMethod).
 * @example spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r // 0.8 (R: cor(1:5, c(2, 1, 4, 3, 5), method = "spearman"))
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, options: SpearmanOptions = {}): SpearmanResult {
  const level = options.level ?? 0.95;
  const ciMethod = options.ciMethod ?? 'fisher';
  assertPairedSample(x, y, 4, 'spearman');
  const n = x.length;
  const r = pearsonR(rankAverage(x), rankAverage(y));
  const df = n - 2;
  const t = (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  let variance: number;
  if (ciMethod === 'fisher') variance = 1;
  else if (ciMethod === 'fieller') variance = 1.06;
  else if (ciMethod === 'bonett-wright') variance = 1 + (r * r) / 2;
  else throw new StatInputError(`unknown Spearman interval method '${String(ciMethod)}'`);
  const ci = fisherInterval(r, Math.sqrt(variance / (n - 3)), level);
  return { method: 'spearman', n, r, S: ((n * n * n - n) * (1 - r)) / 6, t, df, p: ptTwoSided(t, df), ...ci, level, ciMethod };
}
