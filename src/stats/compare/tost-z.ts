import { pnorm, qnorm } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';

/** Conclusion of an equivalence analysis (see `tostZ` for the rule). */
export type EquivalenceDecision = 'equivalent' | 'different' | 'inconclusive';

/** Two one-sided z tests against (lowerBound, upperBound), plus the ordinary test of 0. */
export interface TostZ {
  estimate: number;
  se: number;
  lowerBound: number;
  upperBound: number;
  /** (estimate − lowerBound)/se, tested against "greater". */
  zLower: number;
  /** (estimate − upperBound)/se, tested against "less". */
  zUpper: number;
  pLower: number;
  pUpper: number;
  /** max(pLower, pUpper): the TOST p-value. */
  pTost: number;
  /** (1 − 2α) interval, estimate ± z₁₋α·se. */
  ciLower: number;
  ciUpper: number;
  alpha: number;
  /** estimate/se and its two-sided p (the test of no effect). */
  nhstZ: number;
  nhstP: number;
  equivalent: boolean;
  nhstSignificant: boolean;
  decision: EquivalenceDecision;
}

/**
 * Two one-sided tests (Schuirmann 1987, https://doi.org/10.1007/BF01068419; Lakens 2017,
 * "Equivalence tests", Social Psychological and Personality Science 8(4), 355–362,
 * https://doi.org/10.1177/1948550617697177) for a normally distributed estimate with known SE,
 * as TOSTER's `TOSTmeta`: pLower = P(Z ≥ (est − lower)/se), pUpper = P(Z ≤ (est − upper)/se).
 *
 * Decision rule (α is the one-sided level of each TOST test and the two-sided level of the
 * test of 0):
 * - 'equivalent' when pLower < α and pUpper < α (the (1 − 2α) interval lies inside the bounds),
 *   whether or not the test of 0 is significant (`nhstSignificant` tells the two cases apart);
 * - 'different' when equivalence is not shown and the two-sided test of 0 has p < α;
 * - 'inconclusive' otherwise.
 * Throws StatInputError on a non-finite estimate, se ≤ 0, lowerBound ≥ upperBound or α outside (0, 0.5).
 * @example tostZ(0.1, 0.1, -0.5, 0.5) // pLower = pnorm(6, lower = FALSE), pUpper = pnorm(-4), decision 'equivalent'
 */
export function tostZ(estimate: number, se: number, lowerBound: number, upperBound: number, alpha = 0.05): TostZ {
  if (!Number.isFinite(estimate)) throw new StatInputError(`estimate must be finite, got ${estimate}`);
  if (!(se > 0) || !Number.isFinite(se)) throw new StatInputError(`se must be positive, got ${se}`);
  if (!(lowerBound < upperBound)) throw new StatInputError(`equivalence bounds must satisfy lower < upper, got (${lowerBound}, ${upperBound})`);
  if (!(alpha > 0 && alpha < 0.5)) throw new StatInputError(`alpha must be in (0, 0.5), got ${alpha}`);
  const zLower = (estimate - lowerBound) / se;
  const zUpper = (estimate - upperBound) / se;
  const pLower = pnorm(zLower, false);
  const pUpper = pnorm(zUpper);
  const q = qnorm(1 - alpha);
  const nhstZ = estimate / se;
  const nhstP = Math.min(1, 2 * pnorm(-Math.abs(nhstZ)));
  const equivalent = pLower < alpha && pUpper < alpha;
  const nhstSignificant = nhstP < alpha;
  return {
    estimate,
    se,
    lowerBound,
    upperBound,
    zLower,
    zUpper,
    pLower,
    pUpper,
    pTost: Math.max(pLower, pUpper),
    ciLower: estimate - q * se,
    ciUpper: estimate + q * se,
    alpha,
    nhstZ,
    nhstP,
    equivalent,
    nhstSignificant,
    decision: equivalent ? 'equivalent' : nhstSignificant ? 'different' : 'inconclusive',
  };
}
