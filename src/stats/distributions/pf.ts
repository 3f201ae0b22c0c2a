import betainc from '@stdlib/math-base-special-betainc';
import { pchisq as pchisqLocal } from './pchisq.ts';

/**
 * F distribution function, as R's `pf(q, df1, df2, lower.tail)`, through the regularized
 * incomplete beta function (upper tail computed directly, not as 1 − lower). Degrees of freedom
 * that are not positive, or any NaN argument, give NaN (R warns "NaNs produced"): an F test on 0
 * denominator df, such as metafor's omnibus test of a model with as many coefficients as
 * studies under test "t", has no p-value. An infinite df is the limit R takes: F(df1, ∞) =
 * χ²(df1)/df1, F(∞, df2) = df2/χ²(df2), and F(∞, ∞) a point mass at 1.
 * @example pf(4.2, 3, 27, false) // 0.01460373241662734 (R: pf(4.2, 3, 27, lower.tail = FALSE))
 */
export function pf(q: number, df1: number, df2: number, lowerTail = true): number {
  if (Number.isNaN(q) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (q <= 0) return lowerTail ? 0 : 1;
  if (q === Infinity) return lowerTail ? 1 : 0;
  if (df2 === Infinity) {
    if (df1 === Infinity) return q < 1 ? (lowerTail ? 0 : 1) : q > 1 ? (lowerTail ? 1 : 0) : 0.5;
    return gammaUpper(q, df1, lowerTail);
  }
  // P(F ≤ q) = P(χ²(df2) ≥ df2/q) when df1 is infinite
  if (df1 === Infinity) return pchisqLocal(df2 / q, df2, !lowerTail);
  const x = (df1 * q) / (df1 * q + df2);
  return lowerTail ? betainc(x, df1 / 2, df2 / 2, true, false) : betainc(x, df1 / 2, df2 / 2, true, true);
}

function gammaUpper(q: number, df1: number, lowerTail: boolean): number {
  // F(df1, ∞) = χ²(df1)/df1
  return pchisqLocal(q * df1, df1, lowerTail);
}

