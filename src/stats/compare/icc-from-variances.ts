import { StatInputError } from '../errors.ts';

/** Intraclass correlation from two variance components. */
export interface IccFromVariances {
  icc: number;
  between: number;
  within: number;
  total: number;
}

/**
 * Intraclass correlation ICC(1) from variance components of a random-intercept model
 * (Shrout & Fleiss 1979, https://doi.org/10.1037/0033-2909.86.2.420; for therapist effects,
 * Johns, Barkham, Kellett & Saxon 2019, https://doi.org/10.1016/j.cpr.2018.08.004):
 * ICC = τ²/(τ² + σ²), the share of outcome variance lying between clusters (e.g. therapists).
 * Pass τ² (between) and σ² (within / residual), e.g. from `VarCorr(lmer(y ~ 1 + (1 | therapist)))`.
 * Throws StatInputError on negative or non-finite components or a zero total.
 * @example iccFromVariances(0.05, 0.95) // { icc: 0.05, between: 0.05, within: 0.95, total: 1 }
 */
export function iccFromVariances(between: number, within: number): IccFromVariances {
  if (!(between >= 0) || !Number.isFinite(between)) throw new StatInputError(`between variance must be ≥ 0, got ${between}`);
  if (!(within >= 0) || !Number.isFinite(within)) throw new StatInputError(`within variance must be ≥ 0, got ${within}`);
  const total = between + within;
  if (!(total > 0)) throw new StatInputError('both variance components are 0');
  return { icc: between / total, between, within, total };
}
