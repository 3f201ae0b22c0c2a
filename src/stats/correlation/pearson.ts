import { ptTwoSided } from '../distributions/index.ts';
import { assertPairedSample } from './assert-paired-sample.ts';
import { correlationCi } from './correlation-ci.ts';
import { pearsonR } from './pearson-r.ts';
import type { CorrelationTest } from './types.ts';

export interface PearsonOptions {
  /** Confidence level of the interval (default 0.95). */
  level?: number;
}

/**
 * Pearson's correlation with R's `cor.test(x, y, method = "pearson")` inference: t = r·√(n − 2)/
 * √(1 − r²) on n − 2 df (Student 1908; Fisher 1915), two-sided p, and the Fisher-z interval
 * tanh(atanh r ± z₁₋α/₂/√(n − 3)) (Fisher 1921, Metron 1, 3–32). Assumes independent pairs from a
 * bivariate normal population. Needs n ≥ 4 finite pairs (delete missing pairs first).
 * @example pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r // 0.8 (R: cor.test(1:5, c(2, 1, 4, 3, 5))$estimate)
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, options: PearsonOptions = {}): CorrelationTest & { method: 'pearson' } {
  const level = options.level ?? 0.95;
  assertPairedSample(x, y, 4, 'pearson');
  const n = x.length;
  const r = pearsonR(x, y);
  const df = n - 2;
  const t = (r * Math.sqrt(df)) / Math.sqrt(1 - r * r);
  return { method: 'pearson', n, r, t, df, p: ptTwoSided(t, df), ...correlationCi(r, n, level), level };
}
