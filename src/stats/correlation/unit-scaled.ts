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
  // half the spread, which stays finite where the difference of two finite values overflows
  let half = 0;
  for (let i = 1; i < v.length; i++) {
    const d = Math.abs(v[i] * 0.5 - v[0] * 0.5);
    if (d > half) half = d;
  }
  if (!(half > 0) || !Number.isFinite(half) || (half >= 2 ** -231 && half <= 2 ** 229)) return v;
  // two steps, so that 2^k stays a normal double however far out the spread is
  const k = -Math.round(Math.log2(half)) - 1;
  const a = 2 ** Math.trunc(k / 2);
  const b = 2 ** (k - Math.trunc(k / 2));
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * a * b;
  return out;
}
