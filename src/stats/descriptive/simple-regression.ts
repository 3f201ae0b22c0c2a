import { assertFinite } from './assert-finite.ts';
import { mean } from './mean.ts';
import { StatInputError } from '../errors.ts';

/** Ordinary least-squares fit of y on one predictor, shaped like the coefficients of R's `lm(y ~ x)`. */
export interface SimpleRegression {
  n: number;
  intercept: number;
  slope: number;
  /** Residual standard error √(RSS / (n − 2)), as `sigma(lm(y ~ x))`; absent when n = 2. */
  sigma?: number;
  /** y − (intercept + slope·x), present when `residuals: true` was asked for. */
  residuals?: Float64Array;
}

/**
 * Simple linear regression by ordinary least squares (centred cross-products, two passes):
 * slope = Sxy / Sxx, intercept = ȳ − slope·x̄, as R's `coef(lm(y ~ x))`. O(n).
 * Throws StatInputError when lengths differ, n < 2, a value is not finite, or x is constant.
 * @example simpleRegression([1, 2, 3], [2, 4, 7]) // { n: 3, intercept: -0.666666666666667, slope: 2.5, … }
 */
export function simpleRegression(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { residuals?: boolean } = {},
): SimpleRegression {
  assertFinite(x, 'x', 2);
  assertFinite(y, 'y', 2);
  const n = x.length;
  if (y.length !== n) throw new StatInputError(`x and y differ in length (${n} vs ${y.length})`);
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0)) throw new StatInputError('x is constant: the slope is not identified');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const rss = Math.max(0, syy - slope * sxy);
  const out: SimpleRegression = { n, intercept, slope };
  if (n > 2) out.sigma = Math.sqrt(rss / (n - 2));
  if (options.residuals) {
    const res = new Float64Array(n);
    for (let i = 0; i < n; i++) res[i] = y[i] - my - slope * (x[i] - mx);
    out.residuals = res;
  }
  return out;
}
