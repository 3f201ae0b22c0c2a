import { centredCrossProducts } from '../correlation/centred-cross-products.ts';
import { unitScaledWithFactors } from '../correlation/unit-scaled.ts';

export interface BandPoint {
  x: number;
  fit: number;
  lower: number;
  upper: number;
}

/**
 * The OLS fitted line of y on x and its pointwise confidence band for the mean,
 * ŷ ± t·s·√(1/n + (x − x̄)²/Sxx), on a grid of `steps + 1` x values spanning the data
 * (as R's `predict(lm(y ~ x), newdata, interval = "confidence")`).
 * x and y far from unit scale are fitted at unit scale (unitScaledWithFactors: exact powers of two)
 * and the grid and band brought back, so that the squared deviations stay in the double range; the
 * line is evaluated as ȳ + b(x − x̄), which does not cancel where the data sit far from zero.
 * @example olsBand([1, 2, 3, 4], [2, 4, 5, 8], qt(0.975, 2), 1) // fit at x = 1 and x = 4
 */
export function olsBand(x: ArrayLike<number>, y: ArrayLike<number>, tCrit: number, steps = 40): BandPoint[] {
  const n = x.length;
  const sx = unitScaledWithFactors(x);
  const sy = unitScaledWithFactors(y);
  const xs = sx.values;
  const ys = sy.values;
  const { meanX: mx, meanY: my, sxx, sxy } = centredCrossProducts(xs, ys);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (xs[i] < min) min = xs[i];
    if (xs[i] > max) max = xs[i];
  }
  const b = sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i] - my - b * (xs[i] - mx)) ** 2;
  const s2 = rss / (n - 2);
  const out: BandPoint[] = [];
  for (let k = 0; k <= steps; k++) {
    const xv = min + ((max - min) * k) / steps;
    const fit = my + b * (xv - mx);
    const half = tCrit * Math.sqrt(s2 * (1 / n + (xv - mx) ** 2 / sxx));
    out.push({ x: sx.unscale(xv), fit: sy.unscale(fit), lower: sy.unscale(fit - half), upper: sy.unscale(fit + half) });
  }
  return out;
}
