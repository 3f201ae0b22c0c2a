import { twoProductError, twoSumError } from './error-free.ts';
import { extendedAdd, extendedDiv, extendedSquare, LOW, round64 } from './extended.ts';
import { rangeMean } from './range-mean.ts';

/** Veltkamp's splitting constant 2^27 + 1 (see ./error-free.ts). */
const SPLIT = 134217729;
/** The fast path only takes deviations with nonzero magnitudes in [SMALL, LARGE] (squares far from underflow and overflow). */
const SMALL = 2 ** -400;
const LARGE = 2 ** 400;

/**
 * Sample variance (n − 1 denominator) of the non-missing values of x[from…to) exactly as R's
 * `var(x, na.rm = TRUE)` computes it on x86-64 (src/library/stats/src/cov.c): the mean as R's
 * `mean()` (`rangeMean`), rounded to a double; then each value's deviation from it, its square
 * and the running sum of squares, every step in the 80-bit extended format; that sum divided by
 * n − 1 in extended precision and rounded to a double. The extended arithmetic is emulated exactly
 * (./extended.ts: Knuth's two-sum, Dekker's two-product, one rounding to 64 bits per operation),
 * so the result is R's to the last bit — a two-pass algorithm (Chan, Golub & LeVeque 1983, The
 * American Statistician 37(3), 242–247, https://doi.org/10.1080/00031305.1983.10483115) in
 * extended precision. NaN values are skipped; `NaN` with fewer than two left. Values are not
 * checked here (see `variance`). O(to − from).
 *
 * Speed (same result bit for bit as the step-by-step emulation, which stays as the fallback): R's
 * sum of squares S is bracketed instead of emulated. Every term and partial sum is ≥ 0, so S lies
 * within a factor (1 ± 2^-64)^(n + 2) of the exact Σ(v − m)², computed here to about 2^-100 in
 * double-double; the result RN53(RN64(S / (n − 1))) is monotone in S, so if it is the same at
 * 64-bit bounds on both sides, it is R's (else, about 1 series in 100 of 13 values, the
 * emulation runs). On 13-value series about 45 ns per value instead of 140 (mean included; best of
 * runs, Node 20); past 4096 values the emulation runs, its squares by `extendedSquare`.
 * @example rangeVariance(Float64Array.of(42, 37, NaN, 40, 43, 39, 40, 39), 0, 8) // 4 (R: var(c(42, 37, 40, 43, 39, 40, 39)))
 */
export function rangeVariance(x: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!Number.isNaN(x[i]!)) n++;
  if (n < 2) return NaN;
  const m = rangeMean(x, from, to);
  // past a few thousand values the bracket (n + 2) · 2^-64 is wider than a double's ulp: never decides
  if (!Number.isFinite(m) || n > 4096) return sumOfSquares(x, from, to, n, m);
  // Σ(v − m)² in double-double: v − m = dh + dl exactly (Knuth), dh² = ph + pe exactly (Dekker)
  let sh = 0;
  let sl = 0;
  let inRange = true;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    const dh = v - m;
    const bv = dh - v;
    const dl = v - (dh - bv) + (-m - bv);
    const a = Math.abs(dh);
    if (a > LARGE || (a < SMALL && a !== 0)) inRange = false;
    const cd = SPLIT * dh;
    const hh = cd - (cd - dh);
    const hl = dh - hh;
    const ph = dh * dh;
    const pe = hl * hl - (ph - hh * hh - hh * hl - hl * hh);
    const t = sh + ph;
    const bt = t - sh;
    sl += sh - (t - bt) + (ph - bt) + pe + (2 * dh + dl) * dl;
    sh = t;
  }
  if (!inRange) return sumOfSquares(x, from, to, n, m);
  // Error of sh + sl against Σ(v − m)² = E: the cross terms' roundings (2^-103 · E) and the double
  // sum of the LOW[0] parts (below (n + 8) · 2^-53 · E, three roundings a step): (n + 2)² · 2^-104 · E.
  // R's S: deviation, square and sum rounded to 64 bits, |S − E| ≤ ((1 + 2^-64)^(n + 2) − 1) · E.
  const eh = sh + sl;
  const el = sh - eh + sl;
  const w = eh * (1 + 2 ** -40) * ((n + 2) * (1 + 2 ** -19) * 2 ** -64 + (n + 2) * (n + 2) * 2 ** -104);
  // widened so that the bounds' own 64-bit rounding cannot cross back over the interval
  const wd = (w + 2 ** -62 * (eh + w)) * (1 + 2 ** -50);
  const lh = extendedAdd(eh, el, -wd, 0);
  const lo = extendedDiv(lh, LOW[0], n - 1);
  const uh = extendedAdd(eh, el, wd, 0);
  const hi = extendedDiv(uh, LOW[0], n - 1);
  return Object.is(lo, hi) ? lo : sumOfSquares(x, from, to, n, m);
}

/** The step-by-step emulation of R's sum of squared deviations from m, divided by n − 1 (the reference the fast path must equal). */
function sumOfSquares(x: ArrayLike<number>, from: number, to: number, n: number, m: number): number {
  let sh = 0;
  let sl = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    // extendedAdd(v, 0, -m, 0), extendedMul(dh, dl, dh, dl) without their general cases
    const d = v + -m;
    const dh = round64(d, twoSumError(v, -m, d));
    const dl = LOW[0];
    const qh = dl === 0 ? round64(dh * dh, twoProductError(dh, dh, dh * dh)) : extendedSquare(dh, dl);
    sh = extendedAdd(sh, sl, qh, LOW[0]);
    sl = LOW[0];
  }
  return extendedDiv(sh, sl, n - 1);
}
