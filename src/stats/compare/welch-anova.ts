import { assertFinite } from '../descriptive/assert-finite.ts';
import { StatInputError } from '../errors.ts';
import { groupIndex } from './group-index.ts';
import { welchAnovaFromMoments } from './welch-anova-from-moments.ts';

/** An F test: statistic, degrees of freedom and upper-tail p. */
export interface FTest {
  F: number;
  df1: number;
  df2: number;
  p: number;
}

/** Welch's heteroscedastic one-way ANOVA with the classic equal-variance ANOVA beside it. */
export interface WelchAnova {
  n: number;
  k: number;
  /** Group codes (ascending) and per-group n, mean and variance (n − 1). */
  groups: Float64Array;
  groupN: Uint32Array;
  groupMean: Float64Array;
  groupVariance: Float64Array;
  /** `oneway.test(y ~ g, var.equal = FALSE)`. */
  welch: FTest;
  /** `oneway.test(y ~ g, var.equal = TRUE)` / `anova(lm(y ~ factor(g)))`, with sums of squares and η². */
  classic: FTest & { ssBetween: number; ssWithin: number; msBetween: number; msWithin: number; etaSquared: number };
}

/**
 * One-way ANOVA for k independent groups without assuming equal variances (Welch 1951, "On the
 * comparison of several mean values: an alternative approach", Biometrika 38(3/4), 330–336,
 * https://doi.org/10.2307/2332579), as R's `oneway.test(var.equal = FALSE)`: weights wᵢ = nᵢ/sᵢ²,
 * F = [Σwᵢ(ȳᵢ − ȳ_w)²/(k − 1)] / [1 + 2(k − 2)/(k² − 1)·Σ(1 − wᵢ/W)²/(nᵢ − 1)],
 * df₂ = (k² − 1)/(3·Σ(1 − wᵢ/W)²/(nᵢ − 1)). The classic Fisher ANOVA is returned as well.
 * `groupCodes` are numbers (e.g. modality ids). One pass over the data: O(n).
 * Throws StatInputError on unequal lengths, non-finite values, fewer than 2 groups, a group with
 * fewer than 2 observations or a group with zero variance.
 * @example welchAnova([1, 2, 3, 4, 6, 8, 5, 5, 7], [0, 0, 0, 1, 1, 1, 2, 2, 2]).welch // F ≈ 8.997, df1 = 2, df2 ≈ 3.793, p ≈ 0.0363 (R: oneway.test)
 */
export function welchAnova(values: ArrayLike<number>, groupCodes: ArrayLike<number>): WelchAnova {
  assertFinite(values, 'values', 2);
  const n = values.length;
  if (groupCodes.length !== n) throw new StatInputError(`values and groupCodes differ in length (${n} vs ${groupCodes.length})`);
  const { codes, index, size } = groupIndex(groupCodes);
  const k = codes.length;
  if (k < 2) throw new StatInputError(`need at least 2 groups, got ${k}`);
  const sum = new Float64Array(k);
  for (let i = 0; i < n; i++) sum[index[i]] += values[i];
  const gm = new Float64Array(k);
  for (let j = 0; j < k; j++) gm[j] = sum[j] / size[j];
  // each mean corrected by its mean deviation, as R's var() centres: a group of equal values then
  // has exactly that mean and ss 0 (the plain mean of 0.1, 0.1, 0.1 is off by an ulp, which gave
  // such a group a variance of 2.9e−34 and the test an F)
  const dev = new Float64Array(k);
  for (let i = 0; i < n; i++) dev[index[i]] += values[i] - gm[index[i]];
  for (let j = 0; j < k; j++) gm[j] += dev[j] / size[j];
  const ss = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const d = values[i] - gm[index[i]];
    ss[index[i]] += d * d;
  }
  return welchAnovaFromMoments({ codes, size, sum, ss });
}
