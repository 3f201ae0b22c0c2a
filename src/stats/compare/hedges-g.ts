import { assertFinite } from '../descriptive/assert-finite.ts';
import { mean } from '../descriptive/mean.ts';
import { variance } from '../descriptive/variance.ts';
import { unitScaledTogether } from '../correlation/unit-scaled.ts';
import { hedgesGSummary, type HedgesG } from './hedges-g-summary.ts';

/**
 * Hedges' g (Hedges 1981, "Distribution theory for Glass's estimator of effect size and related
 * estimators", Journal of Educational Statistics 6(2), 107–128, https://doi.org/10.3102/10769986006002107):
 * d = (x̄₁ − x̄₂)/s_p with s_p² = ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁ + n₂ − 2), the exact bias correction J
 * (gamma-function form) and g = J·d. Variance and Wald interval by Hedges & Olkin (1985) eq. 5.15
 * (`smdVariance`), exactly as metafor's `escalc(measure = "SMD")` (vtype "LS") with a normal
 * interval. Assumes normal groups with equal variances. O(n).
 * Exact at any scale (values far from unit spread are rescaled by a power of two first).
 * Throws StatInputError for a group with fewer than 2 values, non-finite values or zero pooled SD.
 * @example hedgesG([1, 2, 3, 4, 5], [2, 3, 4, 5, 6, 7]) // d = -0.8581…, j = 0.9139…, g = -0.7842…
 */
export function hedgesG(x1: ArrayLike<number>, x2: ArrayLike<number>, level = 0.95): HedgesG {
  assertFinite(x1, 'x1', 2);
  assertFinite(x2, 'x2', 2);
  // on one scale near 1 when the values' spread is far from it: variances of values at 1e170
  // overflow and at 1e-170 underflow to 0 (see unitScaledTogether); d does not depend on scale
  const [a, b] = unitScaledTogether([x1, x2]);
  return hedgesGSummary({ m1: mean(a!), sd1: Math.sqrt(variance(a!)), n1: x1.length, m2: mean(b!), sd2: Math.sqrt(variance(b!)), n2: x2.length }, level);
}
