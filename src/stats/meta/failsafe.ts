import { pnorm, qnorm } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';

/** Result of {@link failsafe}. */
export interface FailsafeResult {
  /** Number of additional null studies needed to make the combined result non-significant (rounded up, as metafor). */
  fsnum: number;
  /** Unrounded value. */
  fsnumRaw: number;
  /** One-sided p-value of Stouffer's combined z. */
  pval: number;
  alpha: number;
}

/**
 * Rosenthal's (1979) fail-safe N (Psychol Bull 86:638, doi:10.1037/0033-2909.86.3.638): with
 * Stouffer's combined z̄ = |Σzᵢ|/√k, zᵢ = yᵢ/√vᵢ, the number of unpublished null studies that
 * would bring the one-sided combined p to α is k·(z̄/z₁₋α)² − k, truncated at 0 and rounded up as
 * metafor's `fsn(yi, vi)` does. Assumes independent studies; a descriptive, not inferential, index.
 * @example failsafe(yi, vi).fsnum // 316 for dat.molloy2014 (ZCOR)
 */
export function failsafe(yi: ArrayLike<number>, vi: ArrayLike<number>, alpha = 0.05): FailsafeResult {
  const k = yi.length;
  if (vi.length !== k) throw new StatInputError(`yi has ${k} values but vi has ${vi.length}`);
  if (k < 1) throw new StatInputError('no studies');
  if (!(alpha > 0 && alpha < 1)) throw new StatInputError(`alpha must be in (0, 1), got ${alpha}`);
  let sz = 0;
  for (let i = 0; i < k; i++) {
    if (!(vi[i] > 0) || !Number.isFinite(yi[i])) throw new StatInputError(`study ${i + 1}: yi must be finite and vi positive`);
    sz += yi[i] / Math.sqrt(vi[i]);
  }
  const zAvg = Math.abs(sz / Math.sqrt(k));
  const raw = Math.max(0, k * (zAvg / qnorm(1 - alpha)) ** 2 - k);
  const fsnum = Math.abs(raw - Math.round(raw)) >= Math.sqrt(2.220446049250313e-16) ? Math.ceil(raw) : Math.round(raw);
  return { fsnum, fsnumRaw: raw, pval: pnorm(zAvg, false), alpha };
}
