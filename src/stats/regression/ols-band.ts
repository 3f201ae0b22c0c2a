import { centredCrossProducts } from '../correlation/centred-cross-products.ts';

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
 * @example olsBand([1, 2, 3, 4], [2, 4, 5, 8], qt(0.975, 2), 1) // fit at x = 1 and x = 4
 */
export function olsBand(x: ArrayLike<number>, y: ArrayLike<number>, tCrit: number, steps = 40): BandPoint[] {
  const n = x.length;
  const { meanX: mx, meanY: my, sxx, sxy } = centredCrossProducts(x, y);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - a - b * x[i]) ** 2;
  const s2 = rss / (n - 2);
  const out: BandPoint[] = [];
  for (let k = 0; k <= steps; k++) {
    const xv = min + ((max - min) * k) / steps;
    const fit = a + b * xv;
    const se = Math.sqrt(s2 * (1 / n + (xv - mx) ** 2 / sxx));
    out.push({ x: xv, fit, lower: fit - tCrit * se, upper: fit + tCrit * se });
  }
  return out;
}
