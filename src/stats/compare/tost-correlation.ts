import { StatInputError } from '../errors.ts';
import { assertCorrelation } from './assert-correlation.ts';
import { equivalenceBounds } from './equivalence-bounds.ts';
import { tostZ, type TostZ } from './tost-z.ts';

type TestPart = Omit<TostZ, 'estimate' | 'se' | 'lowerBound' | 'upperBound' | 'ciLower' | 'ciUpper'>;

/** TOST for one correlation; bounds and interval on the r scale, tests on Fisher's z. */
export interface TostCorrelation extends TestPart {
  r: number;
  n: number;
  /** atanh(r) and its SE 1/√(n − 3). */
  zr: number;
  se: number;
  /** Equivalence bounds on the r scale. */
  lowerBound: number;
  upperBound: number;
  /** (1 − 2α) interval for ρ, tanh(atanh r ± z₁₋α/√(n − 3)). */
  ciLower: number;
  ciUpper: number;
}

/**
 * Equivalence test for a Pearson correlation (Goertzen & Cribbie 2010, "Detecting a lack of
 * association: an equivalence testing approach", British Journal of Mathematical and Statistical
 * Psychology 63(3), 527–537, https://doi.org/10.1348/000711009X475853), computed as TOSTER's
 * `corsum_test(r, n, alternative = "equivalence", null = Δ)`: with z = atanh r and se = 1/√(n−3),
 * zLower = (z − atanh(lower))/se tested upward, zUpper = (z − atanh(upper))/se tested downward.
 * The test of ρ = 0 is the Fisher z test atanh(r)·√(n−3). Decision rule: see `tostZ`.
 * `margin` Δ gives bounds (−Δ, Δ) on the r scale, or pass [lower, upper].
 * Throws StatInputError for |r| ≥ 1, n ≤ 3, bounds outside (−1, 1) or α outside (0, 0.5).
 * @example tostCorrelation(0.05, 400, 0.2) // pLower ≈ 2.4e-7, pUpper ≈ 1.2e-3, decision 'equivalent'
 */
export function tostCorrelation(
  r: number,
  n: number,
  margin: number | readonly [number, number],
  alpha = 0.05,
): TostCorrelation {
  assertCorrelation(r, n, 'r');
  const [lo, hi] = equivalenceBounds(margin);
  if (!(lo > -1 && hi < 1)) throw new StatInputError(`correlation bounds must lie in (−1, 1), got (${lo}, ${hi})`);
  const zr = Math.atanh(r);
  const se = 1 / Math.sqrt(n - 3);
  const { estimate: _e, se: _s, lowerBound: _l, upperBound: _u, ciLower, ciUpper, ...tests } = tostZ(
    zr,
    se,
    Math.atanh(lo),
    Math.atanh(hi),
    alpha,
  );
  return {
    ...tests,
    r,
    n,
    zr,
    se,
    lowerBound: lo,
    upperBound: hi,
    ciLower: Math.tanh(ciLower),
    ciUpper: Math.tanh(ciUpper),
  };
}
