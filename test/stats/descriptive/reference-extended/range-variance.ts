import { extended, extendedAdd, extendedDiv, extendedMul } from './extended.ts';
import { rangeMean } from './range-mean.ts';

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
 * @example rangeVariance(Float64Array.of(42, 37, NaN, 40, 43, 39, 40, 39), 0, 8) // 4 (R: var(c(42, 37, 40, 43, 39, 40, 39)))
 */
export function rangeVariance(x: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!Number.isNaN(x[i]!)) n++;
  if (n < 2) return NaN;
  const m = rangeMean(x, from, to);
  const s = extended();
  const d = extended();
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    extendedAdd(d, v, 0, -m, 0);
    extendedMul(d, d[0], d[1], d[0], d[1]);
    extendedAdd(s, s[0], s[1], d[0], d[1]);
  }
  extendedDiv(s, s[0], s[1], n - 1);
  return s[0];
}
