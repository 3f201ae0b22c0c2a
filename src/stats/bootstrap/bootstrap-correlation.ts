import { StatInputError } from '../errors.ts';
import { assertLevel, assertPairedSample, unitScaled } from '../correlation/index.ts';
import { bcaInterval } from './bca-interval.ts';
import { bootstrapReplicates } from './bootstrap-replicates.ts';
import { type BootstrapMethod, correlationStatistic } from './correlation-statistic.ts';
import { jackknifeCorrelation } from './jackknife-correlation.ts';
import { percentileInterval } from './percentile-interval.ts';

export interface BootstrapCorrelationOptions {
  /** Bootstrap replicates (default 2000). */
  reps?: number;
  /** Seed for createRng (xoshiro128**); required so that results are reproducible. */
  seed: number;
  level?: number;
  method?: BootstrapMethod;
  /**
   * The replicates when they are computed already, e.g. in ranges on several threads: they must
   * be `bootstrapReplicates(method, x, y, reps, seed)` (length reps); computed here when absent.
   */
  replicates?: Float64Array;
}

export interface BootstrapCorrelationResult {
  method: BootstrapMethod;
  n: number;
  /** The estimate on the full sample. */
  r: number;
  reps: number;
  /** Replicates with a finite value (resamples with a constant variable are dropped). */
  valid: number;
  seed: number;
  level: number;
  /** Standard deviation of the finite replicates. */
  se: number;
  /** Mean of the finite replicates minus r. */
  bias: number;
  percentileLower: number;
  percentileUpper: number;
  bcaLower: number;
  bcaUpper: number;
  z0: number;
  acceleration: number;
  /** The percentile interval has an end at an extreme order statistic (boot.ci warns: too few replicates). */
  percentileExtreme: boolean;
  /** The BCa interval has an end at an extreme order statistic at its adjusted level. */
  bcaExtreme: boolean;
}

/**
 * Nonparametric bootstrap of a correlation (Efron 1979, Ann Stat 7, 1–26, doi:10.1214/aos/1176344552):
 * `reps` resamples of the n pairs drawn with replacement from createRng(seed) (n draws of
 * `rng.int(n)` per resample, each statistic evaluated from the draw counts by
 * `bootstrapReplicates`), the percentile
 * interval, and the BCa interval (Efron 1987, doi:10.1080/01621459.1987.10478410) with bias
 * correction from the replicates and acceleration from the jackknife. Intervals are computed as
 * R's `boot::boot.ci(type = c("perc", "bca"), L = jackknife influence)` computes them from the same
 * replicates; the replicates themselves come from our generator, so they differ from R's draws.
 * Pairs are assumed independent (resample patients, not sessions). Time O(reps·n) for Pearson
 * and Spearman, O(reps·n log n) for Kendall, plus the jackknife (O(n) for Pearson, O(n log n)
 * otherwise). Samples whose spread is far from 1 are first scaled by a power of two
 * (`unitScaled`, exact), so replicates given in `options.replicates` must come from the same.
 * @example bootstrapCorrelation([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7], { seed: 1, reps: 999 }).percentileLower // 0.7715167498104595 (same value on every platform for seed 1)
 */
export function bootstrapCorrelation(
  xIn: ArrayLike<number>,
  yIn: ArrayLike<number>,
  options: BootstrapCorrelationOptions,
): BootstrapCorrelationResult {
  // far from unit spread, squared deviations leave the double range; r does not depend on scale
  const x = unitScaled(xIn);
  const y = unitScaled(yIn);
  const reps = options.reps ?? 2000;
  const level = options.level ?? 0.95;
  const method = options.method ?? 'pearson';
  const { seed } = options;
  assertLevel(level);
  if (!Number.isInteger(reps) || reps < 10) throw new StatInputError(`bootstrap needs an integer reps ≥ 10, got ${reps}`);
  if (!Number.isFinite(seed)) throw new StatInputError(`bootstrap needs a finite seed, got ${seed}`);
  assertPairedSample(x, y, 5, 'bootstrap');
  const n = x.length;
  const stat = correlationStatistic(method);
  const r = stat(Float64Array.from(x), Float64Array.from(y));
  if (!Number.isFinite(r)) throw new StatInputError('bootstrap: a variable has zero variance');

  if (options.replicates !== undefined && options.replicates.length !== reps) throw new StatInputError(`bootstrapCorrelation: ${options.replicates.length} replicates given for reps = ${reps}`);
  const t = options.replicates ?? bootstrapReplicates(method, x, y, reps, seed);
  let valid = 0;
  let sum = 0;
  for (let b = 0; b < reps; b++) {
    if (Number.isFinite(t[b])) {
      valid++;
      sum += t[b];
    }
  }
  const mean = sum / valid;
  let ss = 0;
  for (let b = 0; b < reps; b++) if (Number.isFinite(t[b])) ss += (t[b] - mean) ** 2;

  const jack = jackknifeCorrelation(x, y, method);
  let jm = 0;
  for (let i = 0; i < n; i++) jm += jack[i];
  jm /= n;
  const influence = jack.map((v) => (n - 1) * (jm - v));
  const perc = percentileInterval(t, level);
  const bca = bcaInterval(r, t, influence, level);
  return {
    method,
    n,
    r,
    reps,
    valid,
    seed,
    level,
    se: Math.sqrt(ss / (valid - 1)),
    bias: mean - r,
    percentileLower: perc.lower,
    percentileUpper: perc.upper,
    bcaLower: bca.lower,
    bcaUpper: bca.upper,
    z0: bca.z0,
    acceleration: bca.acceleration,
    percentileExtreme: perc.extreme,
    bcaExtreme: bca.extreme,
  };
}
