import { StatInputError } from '../errors.ts';
import type { ItemCovariance } from './item-covariance.ts';
import type { OmegaTotal } from './omega-total.ts';
import { oneFactorMl } from './one-factor-ml.ts';

/**
 * McDonald's omega total (McDonald 1999, Test Theory: A Unified Treatment, ch. 6; Revelle &
 * Zinbarg 2009, https://doi.org/10.1007/s11336-008-9102-z) as `omegaTotal` computes it — a
 * one-factor ML solution of the item correlation matrix, ω = (Σλᵢ)² / ((Σλᵢ)² + Σψᵢ) — from the
 * matrices of `itemCovariance`, so that a caller that also needs alpha
 * (`cronbachAlphaFromCovariance`) computes them once. Bit for bit
 * `omegaTotal(x) = omegaTotalFromCovariance(itemCovariance(x))`. O(iterations·k²).
 * Throws StatInputError for k < 3, a correlation matrix that is not positive definite or no
 * convergence.
 * @example omegaTotalFromCovariance(itemCovariance([[2, 4, 3, 5, 1, 4, 3, 2], [3, 4, 2, 5, 2, 5, 3, 1], [2, 5, 3, 4, 1, 3, 4, 3], [1, 4, 3, 5, 2, 4, 2, 3]])).omega
 * // 0.92105360408402 (R: factanal(covmat = cor(x), factors = 1))
 */
export function omegaTotalFromCovariance(covariance: ItemCovariance, options: { tol?: number; maxIter?: number } = {}): OmegaTotal {
  const { n, k, cor } = covariance;
  if (k < 3) throw new StatInputError(`omega total needs at least 3 items, got ${k}`);
  const fa = oneFactorMl(cor, k, options);
  let sl = 0;
  let su = 0;
  for (let i = 0; i < k; i++) {
    sl += fa.loadings[i];
    su += fa.uniquenesses[i];
  }
  return { ...fa, n, k, omega: (sl * sl) / (sl * sl + su) };
}
