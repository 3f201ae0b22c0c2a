/**
 * `x` rounded to `digits` decimals as R's `round(x, digits)` does (R ≥ 4.0.0; the algorithm is
 * described in Maechler's vignette "Rounding to Decimal Digits in Binary", package round): of the
 * two candidates ⌊x·10^d⌋ / 10^d and ⌈x·10^d⌉ / 10^d, the one nearer x as measured in double
 * arithmetic, and on equal distances the one from an even ⌊x·10^d⌋; with 0 digits, the integer
 * nearest x, ties to even. So 15.0375 (stored as 15.03749999…) gives 15.037, where
 * `Math.round(x · 1000) / 1000` gives 15.038, and 4354.05 gives 4354 at one digit, where the
 * decimal nearest the stored binary value would be 4354.1. When log10|x| (estimated as R does,
 * from the binary exponent) plus the digits exceeds the 15 decimal digits a double holds, x is
 * returned as it is. Non-finite values give NaN.
 * Checked against R 4.2.2 on 7,800 values: ties, near-ties, 10 to 17 significant digits and tiny
 * values (test/fixtures/round/round.R).
 */
export function roundLikeR(x: number, digits: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (x === 0) return x;
  if (digits === 0) return roundHalfEven(x);
  const a = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (LOG10_2 * (0.5 + binaryExponent(a)) + digits > 15) return x;
  const p = digits >= 0 ? 10 ** digits : 1 / 10 ** -digits;
  const scaled = a * p;
  const lower = Math.floor(scaled);
  const down = lower / p;
  const up = Math.ceil(scaled) / p;
  const toDown = a - down;
  const toUp = up - a;
  return sign * (toUp < toDown || (toUp === toDown && lower % 2 === 1) ? up : down);
}

const LOG10_2 = Math.log10(2);

/** The integer nearest x, a half to the even neighbour (C's nearbyint in the default rounding mode). */
function roundHalfEven(x: number): number {
  const r = Math.round(x); // halves go up, towards +∞
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** ⌊log2 a⌋ for a > 0 (C's logb): Math.log2 can be one off next to a power of two. */
function binaryExponent(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}
