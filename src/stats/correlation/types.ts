/** A correlation with its t test and Fisher-z interval. */
export interface CorrelationInference {
  r: number;
  /** t = r·√df/√(1 − r²) (psych::statsBy's within level: see there). */
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
}

/** Result of a t-tested correlation (Pearson, Spearman, partial), shaped after R's `cor.test`. */
export interface CorrelationTest extends CorrelationInference {
  method: 'pearson' | 'spearman';
  /** Number of complete pairs used. */
  n: number;
  level: number;
}
