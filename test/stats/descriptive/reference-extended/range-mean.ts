import { extended, extendedAdd, extendedDiv } from './extended.ts';

/**
 * Mean of the non-missing values of x[from…to) exactly as R's `mean()` computes it on x86-64
 * (src/main/summary.c; the same steps make the centre of `var()` in src/library/stats/src/cov.c):
 * the values are summed in the 80-bit extended format, the sum divided by their count; if that
 * mean is finite, the deviations of the values from it are summed, again in extended precision,
 * and their mean added as a correction; the result is then rounded to a double. Each
 * extended-precision step is emulated exactly (./extended.ts), so the result is R's to the last
 * bit. NaN values are skipped (R's `mean(x[!is.na(x)])`); `NaN` when none is left. Values are not
 * checked here (see `mean`). O(to − from).
 * @example rangeMean(Float64Array.of(NaN, 0.1, 0.2, 0.3), 0, 4) // 0.2 (R: mean(c(NA, 0.1, 0.2, 0.3), na.rm = TRUE))
 */
export function rangeMean(x: ArrayLike<number>, from: number, to: number): number {
  const s = extended();
  let n = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    extendedAdd(s, s[0], s[1], v, 0);
  }
  if (n === 0) return NaN;
  extendedDiv(s, s[0], s[1], n);
  if (!Number.isFinite(s[0])) return s[0];
  const t = extended();
  const d = extended();
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    extendedAdd(d, v, 0, -s[0], -s[1]);
    extendedAdd(t, t[0], t[1], d[0], d[1]);
  }
  extendedDiv(t, t[0], t[1], n);
  extendedAdd(s, s[0], s[1], t[0], t[1]);
  return s[0];
}
