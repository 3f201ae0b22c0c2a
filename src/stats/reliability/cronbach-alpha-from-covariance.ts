import { qf } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import type { CronbachAlpha } from './cronbach-alpha.ts';
import type { ItemCovariance } from './item-covariance.ts';

/**
 * Cronbach's alpha with everything `cronbachAlpha` reports (raw and standardized alpha, mean
 * inter-item r, Feldt interval, alpha if item dropped, item–total correlations; Cronbach 1951,
 * https://doi.org/10.1007/BF02310555; Feldt 1965, https://doi.org/10.1007/BF02289499), from the
 * item covariance and correlation matrices of `itemCovariance`, so that a caller that also needs
 * omega (`omegaTotalFromCovariance`) computes them once. Bit for bit
 * `cronbachAlpha(x) = cronbachAlphaFromCovariance(itemCovariance(x))`. O(k³).
 * Throws StatInputError for a level outside (0, 1).
 * @example cronbachAlphaFromCovariance(itemCovariance([[1, 2, 3, 4], [2, 2, 3, 5], [1, 3, 3, 4]])).rawAlpha // 0.9473684210526315 (R: psych::alpha(x)$total$raw_alpha)
 */
export function cronbachAlphaFromCovariance(covariance: ItemCovariance, options: { level?: number } = {}): CronbachAlpha {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatInputError(`level must be in (0, 1), got ${level}`);
  const { n, k, cov, cor } = covariance;
  const all = new Uint8Array(k).fill(1);
  const total = alphaOf(cov, cor, k, all);
  const p = 1 - level;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const out: CronbachAlpha = {
    n,
    k,
    rawAlpha: total.raw,
    stdAlpha: total.std,
    averageR: total.averageR,
    feldtLower: 1 - (1 - total.raw) * qf(1 - p / 2, df1, df2),
    feldtUpper: 1 - (1 - total.raw) * qf(p / 2, df1, df2),
    level,
    itemTotal: { rawR: new Float64Array(k), rDrop: new Float64Array(k) },
  };
  const rowSum = new Float64Array(k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) rowSum[a] += cov[a * k + b];
  for (let i = 0; i < k; i++) {
    const vi = cov[i * k + i];
    const vRest = total.sumCov - 2 * rowSum[i] + vi;
    out.itemTotal.rawR[i] = rowSum[i] / Math.sqrt(vi * total.sumCov);
    out.itemTotal.rDrop[i] = (rowSum[i] - vi) / Math.sqrt(vi * vRest);
  }
  if (k >= 3) {
    const drop = { raw: new Float64Array(k), std: new Float64Array(k), averageR: new Float64Array(k) };
    for (let i = 0; i < k; i++) {
      all[i] = 0;
      const d = alphaOf(cov, cor, k, all);
      all[i] = 1;
      drop.raw[i] = d.raw;
      drop.std[i] = d.std;
      drop.averageR[i] = d.averageR;
    }
    out.alphaIfDropped = drop;
  }
  return out;
}

/** Raw and standardized alpha of the items flagged in `use`. */
function alphaOf(cov: Float64Array, cor: Float64Array, k: number, use: Uint8Array) {
  let m = 0;
  let trace = 0;
  let sumCov = 0;
  let sumOff = 0;
  for (let a = 0; a < k; a++) {
    if (!use[a]) continue;
    m++;
    trace += cov[a * k + a];
    for (let b = 0; b < k; b++) {
      if (!use[b]) continue;
      sumCov += cov[a * k + b];
      if (a !== b) sumOff += cor[a * k + b];
    }
  }
  const averageR = sumOff / (m * (m - 1));
  return {
    raw: (m / (m - 1)) * (1 - trace / sumCov),
    std: (m * averageR) / (1 + (m - 1) * averageR),
    averageR,
    sumCov,
  };
}
