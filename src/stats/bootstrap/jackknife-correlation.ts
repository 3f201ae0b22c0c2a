import { assertPairedSample, centredCrossProducts, unitScaled } from '../correlation/index.ts';
import { type BootstrapMethod, correlationStatistic } from './correlation-statistic.ts';
import { jackknifeRankCorrelation } from './jackknife-rank-correlation.ts';

/**
 * Leave-one-out (jackknife) values θ₍ᵢ₎ of a correlation (Quenouille 1956; Tukey 1958; Efron &
 * Tibshirani 1993, ch. 11), for the BCa acceleration. Pearson uses O(n) updates of centred sums;
 * Spearman and Kendall use rank updates and joint order counts (`jackknifeRankCorrelation`,
 * O(n log n) in all). A subsample with a constant variable gives NaN.
 * @example jackknifeCorrelation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])[0] // 0.8315218406202999 (R: cor(c(2, 3, 4, 5), c(1, 4, 3, 5)) = 0.83152184062029988)
 */
export function jackknifeCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, method: BootstrapMethod = 'pearson'): Float64Array {
  assertPairedSample(x, y, 5, 'jackknife');
  const n = x.length;
  const out = new Float64Array(n);
  if (method === 'pearson') return jackknifePearson(unitScaled(x), unitScaled(y), out);
  return jackknifeRankCorrelation(x, y, method);
}

/** Leave-one-out Pearson r by downdating the centred sums (x and y at unit scale, see unitScaled). */
function jackknifePearson(x: ArrayLike<number>, y: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = x.length;
  // Leaving out point i shifts the centred sums by its own terms and by the change of mean.
  const { meanX, meanY, sxx, syy, sxy } = centredCrossProducts(x, y);
  if (!(sxx > 0) || !(syy > 0)) return out.fill(Number.NaN);
  const m = n - 1;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    const cxx = sxx - dx * dx - (dx * dx) / m;
    const cyy = syy - dy * dy - (dy * dy) / m;
    const cxy = sxy - dx * dy - (dx * dy) / m;
    // The update subtracts point i's share; where that share is more than half of a sum, the
    // difference keeps few correct digits (x = 1e8, 1, 2, 3, 4, 5 left 0 of 16 and gave NaN where
    // R's cor() gives 0.8), so the subsample is summed afresh. Only points with
    // dx² > Sxx·(n − 1)/(2n) qualify, at most two per variable, so the whole stays O(n).
    out[i] = cxx > 0.5 * sxx && cyy > 0.5 * syy ? cxy / Math.sqrt(cxx * cyy) : leaveOneOutPearson(x, y, i);
  }
  return out;
}

/** Pearson's r of the sample without point `skip`, summed afresh; NaN if a variable is then constant. */
function leaveOneOutPearson(x: ArrayLike<number>, y: ArrayLike<number>, skip: number): number {
  const n = x.length;
  const sx = new Float64Array(n - 1);
  const sy = new Float64Array(n - 1);
  for (let i = 0, j = 0; i < n; i++) {
    if (i === skip) continue;
    sx[j] = x[i];
    sy[j++] = y[i];
  }
  // pearsonR, which rescales the rest where it lies far from unit spread once the outlier is gone
  return correlationStatistic('pearson')(sx, sy);
}
