import { pnorm, qnorm } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import { assertCorrelation } from './assert-correlation.ts';

/** Test and interval for the difference of two correlations from independent samples. */
export interface IndependentCorrelationComparison {
  r1: number;
  n1: number;
  r2: number;
  n2: number;
  /** (atanh r₁ − atanh r₂)/√(1/(n₁−3) + 1/(n₂−3)). */
  z: number;
  /** Two-sided p-value of z. */
  p: number;
  /** r₁ − r₂. */
  diff: number;
  /** Zou (2007) interval for r₁ − r₂. */
  ciLower: number;
  ciUpper: number;
  level: number;
}

/**
 * Compares two correlations from independent samples. Test: Fisher's z (Fisher 1921; Cohen,
 * Cohen, West & Aiken 2003, §2.8), z = (z₁ − z₂)/√(1/(n₁−3) + 1/(n₂−3)), as cocor's
 * `fisher1925`. Interval for r₁ − r₂: Zou (2007), "Toward using confidence intervals to compare
 * correlations", Psychological Methods 12(4), 399–413, https://doi.org/10.1037/1082-989X.12.4.399:
 * with (lⱼ, uⱼ) each r's Fisher interval, L = d − √((r₁ − l₁)² + (u₂ − r₂)²) and
 * U = d + √((u₁ − r₁)² + (r₂ − l₂)²). Assumes bivariate normality within each sample.
 * Throws StatInputError for |r| ≥ 1, n ≤ 3 or a level outside (0, 1).
 * @example compareIndependentCorrelations(0.6, 2700, 0.65, 2700)
 * // { z: -3.0168…, p: 0.00255…, diff: -0.05, ciLower: -0.0826…, ciUpper: -0.0175…, … } (cocor)
 */
export function compareIndependentCorrelations(
  r1: number,
  n1: number,
  r2: number,
  n2: number,
  level = 0.95,
): IndependentCorrelationComparison {
  assertCorrelation(r1, n1, 'r1');
  assertCorrelation(r2, n2, 'r2');
  if (!(level > 0 && level < 1)) throw new StatInputError(`level must be in (0, 1), got ${level}`);
  const z1 = Math.atanh(r1);
  const z2 = Math.atanh(r2);
  const se1 = 1 / Math.sqrt(n1 - 3);
  const se2 = 1 / Math.sqrt(n2 - 3);
  const z = (z1 - z2) / Math.sqrt(se1 * se1 + se2 * se2);
  const p = Math.min(1, 2 * pnorm(-Math.abs(z)));
  const q = qnorm(1 - (1 - level) / 2);
  const l1 = Math.tanh(z1 - q * se1);
  const u1 = Math.tanh(z1 + q * se1);
  const l2 = Math.tanh(z2 - q * se2);
  const u2 = Math.tanh(z2 + q * se2);
  const diff = r1 - r2;
  return {
    r1,
    n1,
    r2,
    n2,
    z,
    p,
    diff,
    ciLower: diff - Math.sqrt((r1 - l1) ** 2 + (u2 - r2) ** 2),
    ciUpper: diff + Math.sqrt((u1 - r1) ** 2 + (r2 - l2) ** 2),
    level,
  };
}
