/** Means and centred sums of squares and cross-products of two equally long samples. */
export interface CentredCrossProducts {
  meanX: number;
  meanY: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/**
 * Σ(x − x̄)², Σ(y − ȳ)² and Σ(x − x̄)(y − ȳ) after the means (each corrected by the mean of its
 * deviations, as R's `cov` computes them), which avoids the cancellation of the one-pass textbook
 * formula (Chan, Golub & LeVeque 1983, Am Stat 37, 242–247).
 * Inputs are assumed validated (same length ≥ 1, finite).
 * @example centredCrossProducts([1, 2, 3], [2, 4, 7]) // { meanX: 2, meanY: 4.333333333333333, sxx: 2, syy: 12.666666666666666, sxy: 5 }
 */
export function centredCrossProducts(x: ArrayLike<number>, y: ArrayLike<number>): CentredCrossProducts {
  const n = x.length;
  let { meanX, meanY } = plainMeans(x, y);
  // the mean of the deviations added back, as R's cov.c does (its MEAN): a constant sample's mean
  // is then that value exactly, so its deviations and sum of squares are exactly 0 (the plain
  // mean of six 0.7s is 0.7 − 1 ulp, which gave a zero-variance x a "correlation" of −7.5e−17)
  if (Number.isFinite(meanX) && Number.isFinite(meanY)) {
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < n; i++) {
      cx += x[i] - meanX;
      cy += y[i] - meanY;
    }
    meanX += cx / n;
    meanY += cy / n;
  }
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { meanX, meanY, sxx, syy, sxy };
}

/** The means of two equally long samples as sums divided by n, in one pass (no correction). */
export function plainMeans(x: ArrayLike<number>, y: ArrayLike<number>): { meanX: number; meanY: number } {
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  return { meanX: meanX / n, meanY: meanY / n };
}
