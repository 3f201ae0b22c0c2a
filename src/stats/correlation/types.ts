/** Result of a t-tested correlation (Pearson, Spearman, partial), shaped after R's `cor.test`. */
export interface CorrelationTest {
  method: 'pearson' | 'spearman';
  /** Number of complete pairs used. */
  n: number;
  r: number;
  /** t = r·√df/√(1 − r²). */
  t: number;
  df: number;
  /** Two-sided p-value from t with df degrees of freedom. */
  p: number;
  /** atanh(r). */
  fisherZ: number;
  /** Standard error of fisherZ used for the interval. */
  se: number;
  ciLower: number;
  ciUpper: number;
  level: number;
}
