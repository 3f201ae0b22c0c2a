import { apaP } from './apa-p.ts';
import { formatCi } from './format-ci.ts';
import { formatDf } from './format-df.ts';
import { formatLevel } from './format-level.ts';
import { formatR } from './format-r.ts';

export interface ApaCorrelationInput {
  r: number;
  /** Degrees of freedom, n − 2 for a Pearson correlation. */
  df: number;
  ciLower: number;
  ciUpper: number;
  p: number;
  /** Confidence level as a proportion (0.95) or a percentage (95). */
  level: number;
  /** p comes from an exact null distribution (a rank correlation's exact test): written "exact p". */
  exact?: boolean;
}

/**
 * A correlation in an APA sentence (APA Publication Manual, 7th ed., §6.43–6.44; df in
 * parentheses, bounds of the confidence interval in brackets).
 * @example apaCorrelation({ r: 0.2834, df: 148, ciLower: 0.1246, ciUpper: 0.4277, p: 0.00044, level: 0.95 })
 * // "r(148) = .28, 95% CI [.12, .43], p < .001"
 */
export function apaCorrelation(x: ApaCorrelationInput): string {
  return `r(${formatDf(x.df)}) = ${formatR(x.r)}, ${formatLevel(x.level)} CI ${formatCi([x.ciLower, x.ciUpper])}, ${x.exact ? 'exact ' : ''}${apaP(x.p)}`;
}
