/**
 * The sample multiplied by a power of two that brings its spread (largest |vᵢ − v₀|) to about 1,
 * when that spread lies outside [2⁻²³⁰, 2²³⁰] (about 1e±69); otherwise the sample itself. A power
 * of two scales exactly, and correlations do not depend on scale, so callers that sum squared
 * deviations compute them on this instead: at a spread of 1e−160 the squares are subnormal (r
 * came out 0.800004 where R, summing in extended precision, gives 0.8), and from 1e−100 or 1e100
 * the product Sxx·Syy left the double range (r came out 1 or 0). Within the bounds, Sxx·Syy of
 * up to 2³¹ pairs stays a normal double. A constant sample is returned as is.
 * @example unitScaled([1e-200, 2e-200, 3e-200]) // Float64Array [0.38272525864510487, 0.7654505172902097, 1.1481757759353146] (× 2^664)
 */
export function unitScaled<T extends ArrayLike<number>>(v: T): T | Float64Array {
  return unitScaledWithFactors(v).values;
}

/**
 * unitScaled for several samples at once, with one power of two for all of them, chosen by their
 * common spread (largest |vᵢ − v₀| over every value, v₀ the first sample's first value): for
 * statistics that compare samples on one scale, such as a standardized mean difference. Each
 * sample is returned as it is when the common spread lies within the bounds.
 * @example unitScaledTogether([[1e200, 3e200], [2e200]]) // both × 2^-665
 */
export function unitScaledTogether<T extends ArrayLike<number>>(samples: readonly T[]): (T | Float64Array)[] {
  const f = commonFactors(samples);
  return f ? samples.map((v) => times(v, f)) : [...samples];
}

/**
 * unitScaled with the two powers of two it multiplied by (null when it returned the sample
 * itself), for callers whose results depend on scale and must be brought back to it (a slope, a
 * mean): `unscale(v)` divides by them, exactly unless a value is subnormal.
 * @example const s = unitScaledWithFactors(x); … const mean = s.unscale(meanOfScaled);
 */
export function unitScaledWithFactors<T extends ArrayLike<number>>(v: T): { values: T | Float64Array; factors: [number, number] | null; unscale: (value: number) => number } {
  const f = commonFactors([v]);
  if (!f) return { values: v, factors: null, unscale: (value) => value };
  return { values: times(v, f), factors: f, unscale: (value) => value / f[0] / f[1] };
}

/** unitScaleFactors for the common spread of the samples (largest |vᵢ − v₀|, v₀ the first value of the first non-empty sample). */
function commonFactors(samples: readonly ArrayLike<number>[]): [number, number] | null {
  const first = samples.find((v) => v.length > 0)?.[0];
  // half the spread, which stays finite where the difference of two finite values overflows
  let half = 0;
  for (const v of samples) {
    for (let i = 0; i < v.length; i++) {
      const d = Math.abs(v[i] * 0.5 - first! * 0.5);
      if (d > half) half = d;
    }
  }
  return unitScaleFactors(half);
}

/** The sample multiplied by both factors, one after the other. */
function times(v: ArrayLike<number>, f: readonly [number, number]): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * f[0] * f[1];
  return out;
}

/**
 * A slope of y on x computed on x·fx and y·fy (each factor a pair of powers of two, null for 1)
 * brought back to the original scale: slope·fx/fy, one factor at a time so that no step leaves
 * the double range needlessly.
 */
export function slopeUnscaled(slope: number, fx: readonly [number, number] | null, fy: readonly [number, number] | null): number {
  const [ax, bx] = fx ?? [1, 1];
  const [ay, by] = fy ?? [1, 1];
  return (((slope * ax) / ay) * bx) / by;
}

/**
 * Two powers of two whose product brings `half` (half a spread: 0 < half < ∞) to about ½, when
 * half lies outside [2⁻²³¹, 2²²⁹]; null otherwise (and for 0, NaN or ∞, which no scaling helps).
 * Two factors, so that each stays a normal double however far out `half` is; multiplying by one
 * and then the other is exact unless a value falls to the subnormal range.
 * @example unitScaleFactors(2 ** 600) // [2 ** -300, 2 ** -301]
 */
export function unitScaleFactors(half: number): [number, number] | null {
  if (!(half > 0) || !Number.isFinite(half) || (half >= 2 ** -231 && half <= 2 ** 229)) return null;
  const k = -Math.round(Math.log2(half)) - 1;
  return [2 ** Math.trunc(k / 2), 2 ** (k - Math.trunc(k / 2))];
}
