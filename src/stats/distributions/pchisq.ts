import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Chi-square distribution function, as R's `pchisq(q, df, lower.tail)`, through the
 * regularized incomplete gamma function so the upper tail keeps precision far out.
 * @example pchisq(38.16, 15, false) // 0.0008544438344441496 (R: pchisq(38.16, 15, lower.tail = FALSE))
 */
export function pchisq(q: number, df: number, lowerTail = true): number {
  if (q <= 0) return lowerTail ? 0 : 1;
  return gammainc(q / 2, df / 2, true, !lowerTail);
}
