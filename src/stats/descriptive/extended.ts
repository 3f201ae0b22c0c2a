import { twoProductError, twoSumError } from './error-free.ts';

// A number of the x87 80-bit extended format (64-bit significand), the `long double` R accumulates
// sums in on x86-64, is held as the unevaluated sum hi + lo of two doubles: hi is the value rounded
// to the nearest double (ties to even) and lo the exact rest, so hi is what C's `(double)` cast
// gives. Each operation below returns hi and leaves lo in `LOW[0]` (no array, no allocation: the hot
// loops of rangeMean / rangeVariance keep both in local variables).
//
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

/** Rump's constants for the unit in the first place (see `round64`). */
const PHI = 2 ** 52 + 1;
const ONE_MINUS_U = 1 - 2 ** -53;
/** Below this leading power the 64-bit grid would leave the doubles' range: not emulated. */
const TINY = 2 ** -960;

/**
 * LOW[0]: the low part (exact rest below hi) of the last result of `round64` and the extended
 * operations (a typed-array slot: a module-level `let` would box every double it is given).
 */
export const LOW = new Float64Array(1);

/** Scratch terms of an exact result, smallest first. */
const T = new Float64Array(8);

/**
 * The 64-bit rounding of h + l, where h = fl(h + l) and l is exact: returns its hi, leaves its lo
 * in `LOW[0]`. The leading power p = 2^⌊log₂|h + l|⌋ is the unit in the first place of h (Rump, Ogita
 * & Oishi 2008, Accurate floating-point summation part I, SIAM J. Sci. Comput. 31(1), 189–224,
 * https://doi.org/10.1137/050645671, Algorithm 3.5), halved when |h| is that power itself and l
 * points inwards; NaN for a non-finite h. l = 0 needs no rounding (h is the value).
 * @example round64(1, 2 ** -70); LOW[0] // 0 (2^-70 is below the 64-bit grid of 1, 2^-63: rounded off)
 */
export function round64(h: number, l: number): number {
  if (l !== 0) {
    const ph = PHI * h;
    const u = Math.abs(ph - ONE_MINUS_U * ph);
    const p = u === Math.abs(h) && l < 0 !== h < 0 ? 0.5 * u : u;
    if (p >= TINY) {
      // q = 2^-63 · p; C = 1.5 · 2^52 · q
      const c = 1.5 * 2 ** -11 * p;
      const r = l + c - c;
      const hi = h + r;
      LOW[0] = twoSumError(h, r, hi);
      return hi;
    }
  }
  LOW[0] = Number.isFinite(h) ? l : 0;
  return h;
}

/**
 * The 64-bit rounding of the exact sum of T[0…n): returns its hi, leaves its lo in `LOW[0]`. The
 * terms are first distilled (repeated passes of two-sums from the bottom) until each is at most
 * half an ulp of the one above it, so that everything below a term is smaller than its ulp; then
 * the terms below the leading one are rounded, from the top, onto the grid of q, the first
 * inexact step deciding, a tie resolved by the sign of what is left below it.
 */
function roundTerms(n: number): number {
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
    LOW[0] = 0;
    return h;
  }
  const ph = PHI * h;
  const u = Math.abs(ph - ONE_MINUS_U * ph);
  const p = u === Math.abs(h) && below < 0 !== h < 0 ? 0.5 * u : u;
  if (!(p >= TINY)) {
    LOW[0] = below;
    return h;
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
  LOW[0] = twoSumError(h, r, hi);
  return hi;
}

/**
 * (ah + al) + (bh + bl) in the extended format, rounded once (ties to even): returns hi, leaves lo
 * in `LOW[0]`. Each operand is an extended number's (hi, lo) or a double with lo = 0.
 * @example extendedAdd(1, 0, 2 ** -63, 0); LOW[0] // 1.0842021724855044e-19 (2^-63 kept, beyond a double)
 */
export function extendedAdd(ah: number, al: number, bh: number, bl: number): number {
  const s = ah + bh;
  const e = twoSumError(ah, bh, s);
  if (al === 0 && bl === 0) return round64(s, e);
  const t = al + bl;
  if (twoSumError(al, bl, t) === 0) {
    const u = e + t;
    if (twoSumError(e, t, u) === 0) {
      const h = s + u;
      return round64(h, twoSumError(s, u, h));
    }
  }
  return roundFour(bl, al, e, s);
}

/** The rare case of `extendedAdd` whose exact sum needs more than two doubles. */
function roundFour(a: number, b: number, c: number, d: number): number {
  T[0] = a;
  T[1] = b;
  T[2] = c;
  T[3] = d;
  return roundTerms(4);
}

/**
 * (ah + al) · (bh + bl) in the extended format, rounded once (ties to even): returns hi, leaves lo
 * in `LOW[0]`.
 * @example extendedMul(1 + 2 ** -40, 0, 1 + 2 ** -40, 0); LOW[0] // 0 (the 2^-80 of the square is rounded off; hi is 1.000000000001819)
 */
export function extendedMul(ah: number, al: number, bh: number, bl: number): number {
  const p = ah * bh;
  const pe = twoProductError(ah, bh, p);
  if (al === 0 && bl === 0) return round64(p, pe);
  return roundProduct(ah, al, bh, bl, p, pe);
}

/** `extendedMul` with a low part: the exact product as seven doubles, rounded once. */
function roundProduct(ah: number, al: number, bh: number, bl: number, p: number, pe: number): number {
  const c1 = ah * bl;
  const c2 = al * bh;
  T[0] = al * bl; // the low parts carry at most 12 bits each: exact
  T[1] = twoProductError(al, bh, c2);
  T[2] = twoProductError(ah, bl, c1);
  T[3] = c2;
  T[4] = c1;
  T[5] = pe;
  T[6] = p;
  return roundTerms(7);
}

/**
 * (ah + al) / n in the extended format, rounded once, for a count 1 ≤ n < 2^40: returns hi,
 * leaves lo in `LOW[0]`. The quotient is formed to about 104 bits (a double quotient, then the exact
 * remainder's); a quotient a/n of a 64-bit a by such an n is never closer than q/(2n) to a
 * midpoint of the 64-bit grid, so that accuracy always rounds it correctly.
 * @example extendedDiv(1, 0, 3); LOW[0] // 1.8512752095189988e-17 (1/3 to 64 bits, beyond a double)
 */
export function extendedDiv(ah: number, al: number, n: number): number {
  const q1 = ah / n;
  const p = q1 * n;
  const w = (ah - p - twoProductError(q1, n, p) + al) / n;
  const h = q1 + w;
  return round64(h, twoSumError(q1, w, h));
}

/**
 * (h + l)² rounded once to 64 bits, as `extendedMul(h, l, h, l)` (returns hi, leaves lo in
 * `LOW[0]`), for an extended number h + l with l ≠ 0 (so at most 11 significant bits, a multiple of
 * 2^-63 · ufp(h + l)). With p + pe = h² exactly (Dekker), c1 + c1e = h·l exactly and
 * y + ye = pe + 2·c1 exactly (Knuth), (h + l)² = z + ze + τ, z + ze = p + y exactly, and
 * τ = ye + 2·c1e + l² is below b = (|ye| + 2|c1e| + fl(l²))(1 + 2^-40). The 64-bit rounding of
 * z + ze (as `round64`) is that of (h + l)² unless a midpoint of the 64-bit grid lies within b of
 * z + ze: within the binade of z + ze (grid q) the nearest lies q/2 − |ze − RN_q(ze)| away, in the
 * next ones at least q/4. Else, and outside |h| ∈ [2^-400, 2^400], `extendedMul` decides.
 * @example extendedSquare(1 + 2 ** -40, 2 ** -60); LOW[0] // 1.734723475976807e-18 (2^-59 kept, 2^-80 rounded off; hi 1.000000000001819)
 */
export function extendedSquare(h: number, l: number): number {
  const a = Math.abs(h);
  if (a >= 2 ** -400 && a <= 2 ** 400 && Math.abs(l) >= 2 ** -600) {
    const p = h * h;
    const pe = twoProductError(h, h, p);
    const c1 = h * l;
    const c1e = twoProductError(h, l, c1);
    const y = pe + 2 * c1;
    const ye = twoSumError(pe, 2 * c1, y);
    const z = p + y;
    const ze = twoSumError(p, y, z);
    const b = (Math.abs(ye) + 2 * Math.abs(c1e) + l * l) * (1 + 2 ** -40);
    const pz = PHI * z;
    const u = Math.abs(pz - ONE_MINUS_U * pz);
    const unit = u === Math.abs(z) && ze < 0 !== z < 0 ? 0.5 * u : u;
    const q = 2 ** -63 * unit;
    const c = 1.5 * 2 ** -11 * unit;
    const r = ze + c - c;
    if (b < 0.125 * q && 0.5 * q - Math.abs(ze - r) > 2 * b) {
      const hi = z + r;
      LOW[0] = twoSumError(z, r, hi);
      return hi;
    }
  }
  return extendedMul(h, l, h, l);
}
