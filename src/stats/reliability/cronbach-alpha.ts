import { StatInputError } from '../errors.ts';
import { cronbachAlphaFromCovariance } from './cronbach-alpha-from-covariance.ts';
import { itemCovariance } from './item-covariance.ts';

/** Internal consistency of a k-item scale, shaped like `psych::alpha()`'s output. */
export interface CronbachAlpha {
  n: number;
  k: number;
  /** k/(k−1)·(1 − Σσᵢ²/σ²_X), from the covariance matrix (`total$raw_alpha`). */
  rawAlpha: number;
  /** k·r̄/(1 + (k−1)·r̄), from the correlation matrix (`total$std.alpha`). */
  stdAlpha: number;
  /** Mean inter-item correlation r̄ (`total$average_r`). */
  averageR: number;
  /** Feldt (1965) interval for raw alpha (`feldt$lower.ci`, `feldt$upper.ci`). */
  feldtLower: number;
  feldtUpper: number;
  level: number;
  /** Per item, the scale without it (`alpha.drop`); only for k ≥ 3. */
  alphaIfDropped?: { raw: Float64Array; std: Float64Array; averageR: Float64Array };
  /** Per item: correlation with the total score (`item.stats$raw.r`) and with the total of the other items (`r.drop`). */
  itemTotal: { rawR: Float64Array; rDrop: Float64Array };
}

/**
 * Cronbach's coefficient alpha (Cronbach 1951, "Coefficient alpha and the internal structure
 * of tests", Psychometrika 16(3), 297–334, https://doi.org/10.1007/BF02310555), raw and
 * standardized, with what `psych::alpha(x, check.keys = FALSE)` reports beside it: mean
 * inter-item r, alpha if item dropped, corrected item–total correlation (r.drop), and the Feldt
 * interval (Feldt 1965, Psychometrika 30(3), 357–370, https://doi.org/10.1007/BF02289499;
 * Feldt, Woodruff & Salih 1987, Applied Psychological Measurement 11(1), 93–103,
 * https://doi.org/10.1177/014662168701100107): with df₁ = n − 1, df₂ = (n − 1)(k − 1),
 * lower = 1 − (1 − α)·F(1 − p/2; df₁, df₂), upper = 1 − (1 − α)·F(p/2; df₁, df₂), p = 1 − level.
 * Alpha assumes essentially tau-equivalent items with uncorrelated errors; reverse-keyed items
 * must be recoded first. Items are k columns of n complete cases (no NaN; listwise deletion is
 * the caller's). O(n·k² + k³). `cronbachAlphaFromCovariance` does the same from a covariance
 * matrix already computed (e.g. shared with `omegaTotalFromCovariance`).
 * Throws StatInputError for k < 2, n < 2, unequal lengths, non-finite values, a constant item or
 * a level outside (0, 1); `labels` (e.g. the item column names) name the items in those messages.
 * @example cronbachAlpha([[1, 2, 3, 4], [2, 2, 3, 5], [1, 3, 3, 4]]).rawAlpha // 0.9473684210526315 (R: psych::alpha(x)$total$raw_alpha)
 */
export function cronbachAlpha(items: readonly ArrayLike<number>[], options: { level?: number; labels?: readonly string[] } = {}): CronbachAlpha {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatInputError(`level must be in (0, 1), got ${level}`);
  return cronbachAlphaFromCovariance(itemCovariance(items, options.labels), { level });
}
