import { StatInputError } from '../errors.ts';
import type { BootstrapMethod } from './correlation-statistic.ts';
import { prepareBootstrapReplicates } from './prepare-bootstrap-replicates.ts';

/**
 * The `reps` bootstrap replicates of a correlation (Efron 1979, Ann Stat 7, 1–26,
 * doi:10.1214/aos/1176344552; Efron & Tibshirani 1993, ch. 6): resample b takes the next n draws
 * of `createRng(seed).int(n)` as the pair indices, counted per pair (in bulk, four resamples at a
 * time by `createLaneTally`: the same stream). Spearman and Kendall are evaluated from the counts by `resampleStatistic`.
 * Pearson is evaluated in one pass over the counts, from count-weighted sums of x and y centred at
 * their full-sample means (a shifted one-pass formula, Chan, Golub & LeVeque 1983, Am Stat 37,
 * 242–247, doi:10.1080/00031305.1983.10483115): accurate because a resample's mean lies close
 * to the full-sample mean. When the shift cancels half or more of a sum of squares (a constant
 * or near-constant resample, extreme outliers) that resample is evaluated by `resampleStatistic`
 * instead, which also makes a constant resample NaN exactly as before. When at most n/2 of the
 * (x, y) pairs are distinct (questionnaire scores: 26,409 of 99,719 in the 100k demo), draws are
 * counted per distinct pair rather than per patient, so the pass is over the distinct pairs. The replicates therefore equal
 * `resampleStatistic(method, x, y)` on the same counts up to rounding (bit for bit for Spearman
 * and Kendall). With `range`, only replicates from…to−1 are computed (the generator jumps to
 * resample `from`, see `prepareBootstrapReplicates`), bit for bit the same values as in the full
 * run: ranges computed apart, e.g. on several threads, join into it exactly. Time O(reps·n) for
 * Pearson and Spearman, O(reps·n log n) for Kendall; memory O(n). Throws StatInputError for
 * unpaired or non-finite input, n < 2, reps not a positive integer, or a range that is not
 * integers 0 ≤ from ≤ to ≤ reps; an unknown method throws as in `resampleStatistic`.
 * @example bootstrapReplicates('pearson', [1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7], 10, 1)[0] // 0.8366600265340756 (pairs 3, 3, 3, 4, 5, 5, 5, 8 drawn; R: cor(c(3, 3, 3, 4, 5, 5, 5, 8), c(4, 4, 4, 3, 6, 6, 6, 7)) = 0.83666002653407545)
 */
export function bootstrapReplicates(
  method: BootstrapMethod,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  reps: number,
  seed: number,
  range: { from: number; to: number } = { from: 0, to: reps },
): Float64Array {
  if (!Number.isInteger(reps) || reps < 1) throw new StatInputError(`bootstrapReplicates needs an integer reps ≥ 1, got ${reps}`);
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > reps) throw new StatInputError(`bootstrapReplicates needs a range of integers 0 ≤ from ≤ to ≤ reps = ${reps}, got ${from}…${to}`);
  return prepareBootstrapReplicates(method, x, y, seed)(from, to, new Float64Array(to - from));
}
