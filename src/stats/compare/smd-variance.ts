import { StatInputError } from '../errors.ts';

/**
 * Large-sample sampling variance of a standardized mean difference, Hedges & Olkin (1985),
 * Statistical Methods for Meta-Analysis, eq. 5.15: v = 1/n₁ + 1/n₂ + g²/(2(n₁ + n₂)) — metafor's
 * `escalc(measure = "SMD", vtype = "LS")`.
 * Throws StatInputError for a non-finite g or a group size below 2.
 * @example smdVariance(0.5, 20, 20) // 0.103125
 */
export function smdVariance(g: number, n1: number, n2: number): number {
  if (!Number.isFinite(g)) throw new StatInputError(`g must be finite, got ${g}`);
  if (!(n1 >= 2 && n2 >= 2) || !Number.isFinite(n1 + n2)) throw new StatInputError(`group sizes must be at least 2, got ${n1} and ${n2}`);
  return 1 / n1 + 1 / n2 + (g * g) / (2 * (n1 + n2));
}
