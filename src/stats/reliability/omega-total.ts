import { StatInputError } from '../errors.ts';
import { itemCovariance } from './item-covariance.ts';
import { omegaTotalFromCovariance } from './omega-total-from-covariance.ts';
import type { OneFactorMl } from './one-factor-ml.ts';

/** McDonald's omega total for a one-factor model, with the factor solution behind it. */
export interface OmegaTotal extends OneFactorMl {
  n: number;
  k: number;
  /** (Σλ)² / ((Σλ)² + Σψ). */
  omega: number;
}

/**
 * McDonald's omega total for a unidimensional scale (McDonald 1999, Test Theory: A Unified
 * Treatment, ch. 6; see Revelle & Zinbarg 2009, https://doi.org/10.1007/s11336-008-9102-z):
 * ω = (Σλᵢ)² / ((Σλᵢ)² + Σψᵢ), with standardized loadings λ and uniquenesses ψ from a one-factor
 * maximum-likelihood factor analysis of the item correlation matrix — the same λ and ψ as
 * `factanal(covmat = cor(x), factors = 1)` (see `oneFactorMl`). Convention: the denominator is
 * the model-implied total variance, not the observed variance of the sum score; `psych::omega`
 * with nfactors = 1 uses minres factoring and its own total, so its value can differ slightly.
 * Assumes congeneric items with uncorrelated errors; reverse-keyed items must be recoded first.
 * Items are k ≥ 3 columns of n complete cases (no NaN). O(n·k² + iterations·k²).
 * Throws StatInputError for k < 3, unequal lengths, non-finite values, a constant item, a
 * correlation matrix that is not positive definite or no convergence; `labels` (e.g. the item
 * column names) name the items in those messages. `omegaTotalFromCovariance` does the same from
 * the covariance matrices already computed (e.g. shared with `cronbachAlphaFromCovariance`).
 * @example omegaTotal([[2, 4, 3, 5, 1, 4, 3, 2], [3, 4, 2, 5, 2, 5, 3, 1], [2, 5, 3, 4, 1, 3, 4, 3], [1, 4, 3, 5, 2, 4, 2, 3]]).omega
 * // 0.92105360408402 (R: factanal(covmat = cor(x), factors = 1); item 1 is a Heywood case, ψ = 0.005)
 */
export function omegaTotal(
  items: readonly ArrayLike<number>[],
  options: { tol?: number; maxIter?: number; labels?: readonly string[] } = {},
): OmegaTotal {
  if (items.length < 3) throw new StatInputError(`omega total needs at least 3 items, got ${items.length}`);
  return omegaTotalFromCovariance(itemCovariance(items, options.labels), options);
}
