import betainc from '@stdlib/math-base-special-betainc';
import { pchisq as pchisqLocal } from './pchisq.ts';

/**
 * F distribution function, as R's `pf(q, df1, df2, lower.tail)`, through the regularized
 * incomplete beta function (upper tail computed directly, not as 1 − lower).
 * @example pf(4.2, 3, 27, false) // 0.01460373241662734 (R: pf(4.2, 3, 27, lower.tail = FALSE))
 */
export function pf(q: number, df1: number, df2: number, lowerTail = true): number {
  if (q <= 0) return lowerTail ? 0 : 1;
  if (df2 === Infinity) {
    return gammaUpper(q, df1, lowerTail);
  }
  const x = (df1 * q) / (df1 * q + df2);
  return lowerTail ? betainc(x, df1 / 2, df2 / 2, true, false) : betainc(x, df1 / 2, df2 / 2, true, true);
}

function gammaUpper(q: number, df1: number, lowerTail: boolean): number {
  // F(df1, ∞) = χ²(df1)/df1
  return pchisqLocal(q * df1, df1, lowerTail);
}

