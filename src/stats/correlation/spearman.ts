import { StatInputError } from '../errors.ts';
import { ptTwoSided, SPEARMAN_COUNTED_MAX_N, SPEARMAN_EXACT_MAX_N, spearmanExactTwoSided } from '../distributions/index.ts';
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
  /**
   * As `cor.test`'s `exact`, where omitted (R's `exact = NULL`) and true are the same rule: for
   * n ≤ 1290 pairs without ties, p from the null distribution of S (`spearmanExactTwoSided`);
   * otherwise, or with false (R's `exact = FALSE`), from the t approximation.
   */
  exact?: boolean | null;
}

export interface SpearmanResult extends Omit<CorrelationTest, 'method'> {
  method: 'spearman';
  /** R's statistic S = (n³ − n)(1 − rho)/6 (Σ d² of the ranks). */
  S: number;
  /**
   * How p was obtained: `exact`, by counting all n! rankings (n ≤ 9); `edgeworth`, the AS 89 series
   * for the null distribution of S (10 ≤ n ≤ 1290); `t`, from t on n − 2 df (ties, larger n, or
   * `exact: false`). t and df are reported either way.
   */
  pMethod: 'exact' | 'edgeworth' | 't';
  ciMethod: SpearmanCiMethod;
}

/**
 * Spearman's rank correlation (Spearman 1904, doi:10.2307/1412159): Pearson's r of the ranks,
 * ties given average ranks. The p value is that of R's `cor.test(x, y, method = "spearman")`:
 * for n ≤ 1290 untied pairs the null distribution of S (exact for n ≤ 9, the Edgeworth series of
 * Algorithm AS 89 above; `spearmanExactTwoSided`); with ties, for larger n, or with `exact: false`
 * (R's `exact = FALSE`), t = rho·√(n − 2)/√(1 − rho²) on n − 2 df, identical to
 * `psych::corr.test(method = "spearman")`. The interval is on Fisher's z scale with
 * the standard error chosen by `ciMethod` (see SpearmanCiMethod).
 * @example spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r // 0.8 (R: cor(1:5, c(2, 1, 4, 3, 5), method = "spearman"))
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, options: SpearmanOptions = {}): SpearmanResult {
  const level = options.level ?? 0.95;
  const ciMethod = options.ciMethod ?? 'fisher';
  assertPairedSample(x, y, 4, 'spearman');
  const n = x.length;
  const rx = rankAverage(x);
  const ry = rankAverage(y);
  const r = pearsonR(rx, ry);
  const df = n - 2;
  const t = (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  let variance: number;
  if (ciMethod === 'fisher') variance = 1;
  else if (ciMethod === 'fieller') variance = 1.06;
  else if (ciMethod === 'bonett-wright') variance = 1 + (r * r) / 2;
  else throw new StatInputError(`unknown Spearman interval method '${String(ciMethod)}'`);
  const ci = fisherInterval(r, Math.sqrt(variance / (n - 3)), level);
  const S = ((n * n * n - n) * (1 - r)) / 6;
  const untied = options.exact !== false && n <= SPEARMAN_EXACT_MAX_N && isPermutation(rx) && isPermutation(ry);
  // untied ranks are integers, so Σ d² is exact (S from r is off by rounding)
  const p = untied ? spearmanExactTwoSided(sumSquaredDifferences(rx, ry), n) : ptTwoSided(t, df);
  const pMethod = !untied ? 't' : n <= SPEARMAN_COUNTED_MAX_N ? 'exact' : 'edgeworth';
  return { method: 'spearman', n, r, S, t, df, p, pMethod, ...ci, level, ciMethod };
}

/** Whether ranks are 1..n each once, i.e. the ranked values had no ties. */
function isPermutation(ranks: Float64Array): boolean {
  const seen = new Uint8Array(ranks.length + 1);
  for (const v of ranks) {
    if (!Number.isInteger(v) || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

function sumSquaredDifferences(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}
