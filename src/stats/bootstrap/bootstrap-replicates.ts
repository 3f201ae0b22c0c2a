import { centredCrossProducts } from '../correlation/index.ts';
import { createRng } from '../random/index.ts';
import type { BootstrapMethod } from './correlation-statistic.ts';
import { resampleStatistic } from './resample-statistic.ts';

/** Draws per `fillInt` call: the index buffer stays in the L1 cache. */
const CHUNK = 4096;

/**
 * The `reps` bootstrap replicates of a correlation (Efron 1979, Ann Stat 7, 1–26,
 * doi:10.1214/aos/1176344552; Efron & Tibshirani 1993, ch. 6): resample b takes the next n draws
 * of `createRng(seed).int(n)` (drawn in bulk by `fillInt`, the same stream) as the pair indices,
 * counted per pair. Spearman and Kendall are evaluated from the counts by `resampleStatistic`.
 * Pearson is evaluated in one pass over the counts, from count-weighted sums of x and y centred at
 * their full-sample means (a shifted one-pass formula, Chan, Golub & LeVeque 1983, Am Stat 37,
 * 242–247, doi:10.1080/00031305.1983.10483115): accurate because a resample's mean lies close
 * to the full-sample mean. When the shift cancels half or more of a sum of squares (a constant
 * or near-constant resample, extreme outliers) that resample is evaluated by `resampleStatistic`
 * instead, which also makes a constant resample NaN exactly as before. The replicates therefore
 * equal `resampleStatistic(method, x, y)` on the same counts up to rounding (bit for bit for
 * Spearman and Kendall). Time O(reps·n) for Pearson and Spearman, O(reps·n log n) for Kendall;
 * memory O(n). x and y are assumed checked (finite, paired, n ≥ 2).
 * @example bootstrapReplicates('pearson', [1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7], 10, 1)[0] // 0.8366600265340756 (pairs 3, 3, 3, 4, 5, 5, 5, 8 drawn; R: cor(c(3, 3, 3, 4, 5, 5, 5, 8), c(4, 4, 4, 3, 6, 6, 6, 7)) = 0.83666002653407545)
 */
export function bootstrapReplicates(
  method: BootstrapMethod,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  reps: number,
  seed: number,
): Float64Array {
  const n = x.length;
  const rng = createRng(seed);
  const exact = resampleStatistic(method, x, y);
  const pearson = method === 'pearson' ? shiftedPearson(x, y, exact) : null;
  const counts = new Int32Array(n);
  const buf = new Int32Array(Math.min(CHUNK, n));
  const tail = buf.subarray(0, n % buf.length);
  const t = new Float64Array(reps);
  for (let b = 0; b < reps; b++) {
    counts.fill(0);
    for (let done = 0; done < n; done += buf.length) {
      const draws = rng.fillInt(n, n - done >= buf.length ? buf : tail);
      for (let i = 0; i < draws.length; i++) counts[draws[i]]++;
    }
    t[b] = pearson ? pearson(counts) : exact(counts);
  }
  return t;
}

/** Pearson's r of a resample of size n from count-weighted sums of the pre-centred pairs. */
function shiftedPearson(x: ArrayLike<number>, y: ArrayLike<number>, exact: (c: Int32Array) => number): (c: Int32Array) => number {
  const n = x.length;
  const { meanX, meanY } = centredCrossProducts(x, y);
  const dx = Float64Array.from(x, (v) => v - meanX);
  const dy = Float64Array.from(y, (v) => v - meanY);
  return (c) => {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let j = 0; j < n; j++) {
      const w = c[j];
      const a = dx[j];
      const d = dy[j];
      const wa = w * a;
      const wd = w * d;
      sx += wa;
      sy += wd;
      sxx += wa * a;
      syy += wd * d;
      sxy += wa * d;
    }
    const cxx = sxx - (sx * sx) / n;
    const cyy = syy - (sy * sy) / n;
    // false also for NaN or infinite sums; a constant variable leaves cxx (or cyy) ≈ 0
    if (!(cxx > 0.5 * sxx && cyy > 0.5 * syy)) return exact(c);
    const r = (sxy - (sx * sy) / n) / Math.sqrt(cxx * cyy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
  };
}
