import { twoProductError, twoSumError } from './error-free.ts';

/**
 * A number of the x87 80-bit extended format (64-bit significand), the `long double` R
 * accumulates sums in on x86-64, held as the unevaluated sum [hi, lo] of two doubles in a
 * Float64Array: hi is the value rounded to the nearest double (ties to even) and lo the exact
 * rest. So `hi` is what C's `(double)` conversion gives.
 */
export type Extended = Float64Array;

/** A new extended number, 0: [hi, lo]. */
export function extended(): Extended {
  return new Float64Array(2);
}

// Emulation of the extended format's arithmetic: every operation forms its exact result as a
// short sum of doubles (Knuth's two-sum, Dekker's two-product: ./error-free.ts) and rounds it once
// to 64 significant bits, to nearest, ties to even, as the x87 unit does in its default precision
// mode (IEEE 754-2008 §4.3.1; Intel 64 and IA-32 Architectures Software Developer's Manual 1,
// §8.1.5.2). Rounding a value v to 64 bits is rounding its part below the leading double to a
// multiple of q = 2^(e − 63), where e = ⌊log₂|v|⌋; that is done by the double addition
// (r + C) − C with C = 1.5 · 2^52 · q, whose sum lies where the doubles are spaced exactly q
// apart, so the FPU's own ties-to-even rounding gives the right last bit. The wider exponent range
// of the extended format is not emulated: magnitudes are taken to stay between about 1e-280 and
// 1e280 (the squares in `var` between about 1e-280 and 1e280 too).

/** Rump's constants for the unit in the first place (see `leadingPower`). */
const PHI = 2 ** 52 + 1;
const ONE_MINUS_U = 1 - 2 ** -53;
/** Below this leading power the 64-bit grid would leave the doubles' range: not emulated. */
const TINY = 2 ** -960;

/** Scratch terms of an exact result, smallest first. */
const T = new Float64Array(8);

/** Sets `out` to the 64-bit rounding of h + l, where h = fl(h + l) and l is exact. */
function roundPair(out: Extended, h: number, l: number): void {
  const p = l === 0 ? 0 : leadingPower(h, l);
  if (!(p >= TINY)) {
    out[0] = h;
    out[1] = Number.isFinite(h) ? l : 0;
    return;
  }
  // q = 2^-63 · p; C = 1.5 · 2^52 · q
  const c = 1.5 * 2 ** -11 * p;
  const r = l + c - c;
  const hi = h + r;
  out[0] = hi;
  out[1] = twoSumError(h, r, hi);
}

/**
 * 2^e with e = ⌊log₂|v|⌋ for v = h + rest, where h is the leading double and |rest| < ulp(h):
 * the unit in the first place of h (Rump, Ogita & Oishi 2008, Accurate floating-point
 * summation part I, SIAM J. Sci. Comput. 31(1), 189–224, https://doi.org/10.1137/050645671,
 * Algorithm 3.5), halved when |h| is that power itself and the rest points inwards. NaN or ±∞
 * for a non-finite h.
 */
function leadingPower(h: number, rest: number): number {
  const q = PHI * h;
  const u = Math.abs(q - ONE_MINUS_U * q);
  return u === Math.abs(h) && rest < 0 !== h < 0 ? 0.5 * u : u;
}

/** Sets `out` to the 64-bit rounding of s + t, both doubles. */
function roundSum(out: Extended, s: number, t: number): void {
  const h = s + t;
  roundPair(out, h, twoSumError(s, t, h));
}

/**
 * Sets `out` to the 64-bit rounding of the exact sum of T[0…n). The terms are first distilled
 * (repeated passes of two-sums from the bottom) until each is at most half an ulp of the one
 * above it, so that everything below a term is smaller than its ulp; then the terms below the
 * leading one are rounded, from the top, onto the grid of q, the first inexact step deciding, a
 * tie resolved by the sign of what is left below it.
 */
function roundTerms(out: Extended, n: number): void {
  for (let pass = 0, changed = true; changed; pass++) {
    changed = false;
    for (let i = 0; i < n - 1; i++) {
      const a = T[i + 1]!;
      const b = T[i]!;
      const s = a + b;
      if (s !== a) {
        T[i + 1] = s;
        T[i] = twoSumError(a, b, s);
        changed = true;
      }
    }
    if (pass > 4 * n + 8) changed = false; // not finite: the plain sum is returned below
  }
  const h = T[n - 1]!;
  const below = T[n - 2]!;
  if (below === 0 || !Number.isFinite(h) || !Number.isFinite(below)) {
    out[0] = h;
    out[1] = 0;
    return;
  }
  const p = leadingPower(h, below);
  if (!(p >= TINY)) {
    out[0] = h;
    out[1] = below;
    return;
  }
  const q = 2 ** -63 * p;
  const c = 1.5 * 2 ** -11 * p;
  let acc = c;
  for (let i = n - 2; i >= 0; i--) {
    const v = T[i]!;
    if (v === 0) break;
    const s = acc + v;
    const err = twoSumError(acc, v, s);
    acc = s;
    if (err !== 0) {
      const rest = i > 0 ? T[i - 1]! : 0;
      if (Math.abs(err) === 0.5 * q && rest !== 0 && rest > 0 === err > 0) acc += err > 0 ? q : -q;
      break;
    }
  }
  const r = acc - c;
  const hi = h + r;
  out[0] = hi;
  out[1] = twoSumError(h, r, hi);
}

/**
 * out = (ah + al) + (bh + bl) in the extended format, rounded once (ties to even). Each operand
 * is an Extended's (hi, lo) or a double with lo = 0. `out` may be one of the operands' holders.
 * @example const s = extended(); extendedAdd(s, 1, 0, 2 ** -63, 0); s[1] // 1.0842021724855044e-19 (2^-63 kept, beyond a double)
 */
export function extendedAdd(out: Extended, ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const e = twoSumError(ah, bh, s);
  if (al === 0 && bl === 0) return roundPair(out, s, e);
  const t = al + bl;
  if (twoSumError(al, bl, t) === 0) {
    const u = e + t;
    if (twoSumError(e, t, u) === 0) return roundSum(out, s, u);
  }
  roundFour(out, bl, al, e, s);
}

/** The rare case of `extendedAdd` whose exact sum needs more than two doubles. */
function roundFour(out: Extended, a: number, b: number, c: number, d: number): void {
  T[0] = a;
  T[1] = b;
  T[2] = c;
  T[3] = d;
  roundTerms(out, 4);
}

/**
 * out = (ah + al) · (bh + bl) in the extended format, rounded once (ties to even).
 * @example const p = extended(); extendedMul(p, 1 + 2 ** -40, 0, 1 + 2 ** -40, 0); Array.from(p) // [1.000000000001819, 0] (the 2^-80 of the square is rounded off)
 */
export function extendedMul(out: Extended, ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  const pe = twoProductError(ah, bh, p);
  if (al === 0 && bl === 0) return roundPair(out, p, pe);
  roundProduct(out, ah, al, bh, bl, p, pe);
}

/** `extendedMul` with a low part: the exact product as seven doubles, rounded once. */
function roundProduct(out: Extended, ah: number, al: number, bh: number, bl: number, p: number, pe: number): void {
  const c1 = ah * bl;
  const c2 = al * bh;
  T[0] = al * bl; // the low parts carry at most 12 bits each: exact
  T[1] = twoProductError(al, bh, c2);
  T[2] = twoProductError(ah, bl, c1);
  T[3] = c2;
  T[4] = c1;
  T[5] = pe;
  T[6] = p;
  roundTerms(out, 7);
}

/**
 * out = (ah + al) / n in the extended format, rounded once, for a count 1 ≤ n < 2^40. The
 * quotient is formed to about 104 bits (a double quotient, then the exact remainder's); a
 * quotient a/n of a 64-bit a by such an n is never closer than q/(2n) to a midpoint of the 64-bit
 * grid, so that accuracy always rounds it correctly.
 * @example const m = extended(); extendedDiv(m, 1, 0, 3); m[1] // 1.8512752095189988e-17 (1/3 to 64 bits, beyond a double)
 */
export function extendedDiv(out: Extended, ah: number, al: number, n: number): void {
  const q1 = ah / n;
  const p = q1 * n;
  const r = ah - p - twoProductError(q1, n, p) + al;
  roundSum(out, q1, r / n);
}
