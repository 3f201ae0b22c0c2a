import { StatInputError } from '../errors.ts';
import { pnorm, qnorm } from '../distributions/index.ts';
import { assertLevel } from '../correlation/index.ts';
import { finiteSorted } from './finite-sorted.ts';
import { normalInterpolatedQuantile, usesExtremeOrder } from './normal-interpolated-quantile.ts';

export interface BcaInterval {
  lower: number;
  upper: number;
  /** Bias correction z₀ = Φ⁻¹(share of replicates below t0). */
  z0: number;
  /** Acceleration a = ΣL³/(6·(ΣL²)^{3/2}). */
  acceleration: number;
  /** An end is an extreme order statistic at its adjusted level (usesExtremeOrder; boot.ci warns). */
  extreme: boolean;
}

/**
 * Bias-corrected and accelerated (BCa) bootstrap interval (Efron 1987, JASA 82, 171–185,
 * doi:10.1080/01621459.1987.10478410; Efron & Tibshirani 1993, ch. 14): the replicate quantiles
 * at Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))) for α = (1 ∓ level)/2, with z₀ from the share of
 * finite replicates below the estimate t0 and the acceleration a from influence values L
 * (jackknife: Lᵢ = (n − 1)(θ̄₍.₎ − θ₍ᵢ₎), ch. 14). Quantiles as `boot::boot.ci(type = "bca",
 * L = L)`. Throws StatInputError when z₀ or a is not finite (all replicates on one side of t0,
 * or all influence values zero), or when 1 − a(z₀ + z_α) ≤ 0 at either end, where the formula
 * has no interval (R's boot.ci stops with an error there). `extreme` flags an end taken at an
 * extreme order statistic, as boot.ci's warning does: the adjusted levels move the ends outward,
 * so BCa needs more replicates than the percentile interval before that stops happening.
 * @example bcaInterval(0, Float64Array.of(-2, -1, 1, 2), [-1, 1], 0.5) // equals percentileInterval(…, 0.5) since z0 = a = 0
 */
export function bcaInterval(t0: number, replicates: ArrayLike<number>, influence: ArrayLike<number>, level = 0.95): BcaInterval {
  assertLevel(level);
  const t = finiteSorted(replicates);
  let below = 0;
  while (below < t.length && t[below] < t0) below++;
  const z0 = qnorm(below / t.length);
  if (!Number.isFinite(z0)) throw new StatInputError('BCa: every bootstrap replicate lies on one side of the estimate (bias correction infinite)');
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < influence.length; i++) {
    const l = influence[i];
    s2 += l * l;
    s3 += l * l * l;
  }
  const acceleration = s3 / (6 * s2 ** 1.5);
  if (!Number.isFinite(acceleration)) throw new StatInputError('BCa: acceleration undefined (influence values all zero or not finite)');
  let extreme = false;
  const at = (alpha: number): number => {
    const w = z0 + qnorm(alpha);
    // past the pole of w/(1 − a·w) the adjusted level runs backwards (an interval whose lower
    // bound lies above its upper one); boot.ci fails there too
    if (!(1 - acceleration * w > 0)) throw new StatInputError(`BCa: undefined at level ${level} (1 − a(z₀ + z) = ${1 - acceleration * w} ≤ 0 with a = ${acceleration}, z₀ = ${z0}); use the percentile interval or a lower level`);
    const adjusted = pnorm(z0 + w / (1 - acceleration * w));
    extreme ||= usesExtremeOrder(t.length, adjusted);
    return normalInterpolatedQuantile(t, adjusted);
  };
  const lower = at((1 - level) / 2);
  const upper = at((1 + level) / 2);
  return { lower, upper, z0, acceleration, extreme };
}
