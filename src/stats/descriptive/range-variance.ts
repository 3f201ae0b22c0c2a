import { twoProductError, twoSumError } from './error-free.ts';
import { extendedAdd, extendedDiv, extendedSquare, LOW } from './extended.ts';
import { rangeMean } from './range-mean.ts';

/** Veltkamp's splitting constant 2^27 + 1 (see ./error-free.ts). */
const SPLIT = 134217729;
/** The fast path only takes deviations with nonzero magnitudes in [SMALL, LARGE] (squares far from underflow and overflow). */
const SMALL = 2 ** -400;
const LARGE = 2 ** 400;
/** Rump's constants for the unit in the first place and the emulation's lower limit, as in ./extended.ts (`round64`). */
const PHI = 2 ** 52 + 1;
const ONE_MINUS_U = 1 - 2 ** -53;
const TINY = 2 ** -960;

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
 * runs, Node 20); past 4096 values the emulation runs, written out in one loop (`extendedSumOfSquares`):
 * about 20–40 ns per value instead of 150, the mean not included. `mean`, if given, must be
 * `rangeMean(x, from, to)` (a caller that has it saves its recomputation: 5–200 ns per value).
 * @example rangeVariance(Float64Array.of(42, 37, NaN, 40, 43, 39, 40, 39), 0, 8) // 4 (R: var(c(42, 37, 40, 43, 39, 40, 39)))
 */
export function rangeVariance(x: ArrayLike<number>, from: number, to: number, mean?: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!Number.isNaN(x[i]!)) n++;
  if (n < 2) return NaN;
  const m = mean ?? rangeMean(x, from, to);
  // past a few thousand values the bracket (n + 2) · 2^-64 is wider than a double's ulp: never decides
  if (!Number.isFinite(m) || n > 4096) return sumOfSquaresOver(x, from, to, n, m);
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
  if (!inRange) return sumOfSquaresOver(x, from, to, n, m);
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
  return Object.is(lo, hi) ? lo : sumOfSquaresOver(x, from, to, n, m);
}

/** R's Σ(v − m)² / (n − 1) in the extended format, rounded to a double. */
function sumOfSquaresOver(x: ArrayLike<number>, from: number, to: number, n: number, m: number): number {
  const sh = extendedSumOfSquares(x, from, to, m);
  return extendedDiv(sh, LOW[0], n - 1);
}

/**
 * Internal (rangeVariance's long path, exported for its test): R's extended sum of the squared
 * deviations of the non-missing x[from…to) from m, returning its hi and leaving its lo in `LOW[0]`.
 * It is the step-by-step emulation (deviation D = RN64(v − m), square Q = RN64(D²), running sum
 * S = RN64(S + Q), as `round64`, `extendedSquare` and `extendedAdd` of ./extended.ts give them)
 * with those functions' common branches written out in the loop, the same operations in the same
 * order, so each step's (hi, lo) is theirs bit for bit; their rare branches (a deviation with a low
 * part, squared by `extendedSquare`; a sum needing more than two doubles) are left to them. No
 * double crosses a call (V8 boxes a double a function returns when it does not inline it): about
 * 20–40 ns per value instead of 150.
 */
export function extendedSumOfSquares(x: ArrayLike<number>, from: number, to: number, m: number): number {
  const mn = -m;
  let sh = 0;
  let sl = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    // D = round64(d, ed): d = fl(v − m), ed its error (Knuth)
    const d = v + mn;
    const bd = d - v;
    const ed = v - (d - bd) + (mn - bd);
    let dh = d;
    let dl = Number.isFinite(d) ? ed : 0;
    if (ed !== 0) {
      const pd = PHI * d;
      const ud = Math.abs(pd - ONE_MINUS_U * pd);
      const gd = ud === Math.abs(d) && ed < 0 !== d < 0 ? 0.5 * ud : ud;
      if (gd >= TINY) {
        const c = 1.5 * 2 ** -11 * gd;
        const r = ed + c - c;
        dh = d + r;
        const br = dh - d;
        dl = d - (dh - br) + (r - br);
      }
    }
    // Q = round64(p, pe): p = fl(dh²), pe its error (Dekker); extendedSquare when dl ≠ 0
    let qh: number;
    let ql: number;
    if (dl === 0) {
      const p = dh * dh;
      const cp = SPLIT * dh;
      const hh = cp - (cp - dh);
      const hl = dh - hh;
      const pe = hl * hl - (p - hh * hh - hh * hl - hl * hh);
      qh = p;
      ql = Number.isFinite(p) ? pe : 0;
      if (pe !== 0) {
        const pp = PHI * p;
        const up = Math.abs(pp - ONE_MINUS_U * pp);
        const gp = up === Math.abs(p) && pe < 0 !== p < 0 ? 0.5 * up : up;
        if (gp >= TINY) {
          const c = 1.5 * 2 ** -11 * gp;
          const r = pe + c - c;
          qh = p + r;
          const br = qh - p;
          ql = p - (qh - br) + (r - br);
        }
      }
    } else {
      qh = extendedSquare(dh, dl);
      ql = LOW[0];
    }
    // S = extendedAdd(sh, sl, qh, ql): its exact sum h + hl (two two-sums), then round64(h, hl)
    const s = sh + qh;
    const bs = s - sh;
    const e = sh - (s - bs) + (qh - bs);
    let h = s;
    let hl = e;
    if (sl !== 0 || ql !== 0) {
      const t = sl + ql;
      const bt = t - sl;
      const u = e + t;
      const bu = u - e;
      if (sl - (t - bt) + (ql - bt) !== 0 || e - (u - bu) + (t - bu) !== 0) {
        sh = extendedAdd(sh, sl, qh, ql);
        sl = LOW[0];
        continue;
      }
      h = s + u;
      const bh = h - s;
      hl = s - (h - bh) + (u - bh);
    }
    sh = h;
    sl = Number.isFinite(h) ? hl : 0;
    if (hl !== 0) {
      const ph = PHI * h;
      const uh = Math.abs(ph - ONE_MINUS_U * ph);
      const gh = uh === Math.abs(h) && hl < 0 !== h < 0 ? 0.5 * uh : uh;
      if (gh >= TINY) {
        const c = 1.5 * 2 ** -11 * gh;
        const r = hl + c - c;
        sh = h + r;
        const br = sh - h;
        sl = h - (sh - br) + (r - br);
      }
    }
  }
  LOW[0] = sl;
  return sh;
}
