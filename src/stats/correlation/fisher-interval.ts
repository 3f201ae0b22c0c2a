import { qnorm } from '../distributions/index.ts';
import { assertLevel } from './assert-level.ts';
import { fisherZ } from './fisher-z.ts';

/** A confidence interval for a correlation built on Fisher's z scale. */
export interface FisherInterval {
  /** atanh(r). */
  fisherZ: number;
  /** Standard error on the z scale. */
  se: number;
  ciLower: number;
  ciUpper: number;
}

/**
 * Two-sided interval tanh(atanh(r) ± z₁₋α/₂·se) for a correlation, given the standard error of
 * its Fisher z (Fisher 1921). `correlationCi` supplies the usual se = 1/√(n − 3 − q); Spearman
 * and Kendall coefficients use other standard errors (Fieller, Hartley & Pearson 1957,
 * Biometrika 44, 470–481, doi:10.1093/biomet/44.3-4.470; Bonett & Wright 2000, Psychometrika 65,
 * 23–28, doi:10.1007/BF02294183).
 * @example fisherInterval(0.88, 1 / Math.sqrt(3), 0.95) // ciLower 0.23944184067829755, ciUpper 0.986808429268502 (R: psych::r.con(0.88, 6) gives 0.2394418406782975)
 */
export function fisherInterval(r: number, se: number, level: number): FisherInterval {
  assertLevel(level);
  const z = fisherZ(r);
  const half = qnorm((1 + level) / 2) * se;
  return { fisherZ: z, se, ciLower: Math.tanh(z - half), ciUpper: Math.tanh(z + half) };
}
