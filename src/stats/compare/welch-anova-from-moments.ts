import { pf } from '../distributions/index.ts';
import { StatInputError } from '../errors.ts';
import type { WelchAnova } from './welch-anova.ts';

/** Per-group moments that Welch's ANOVA needs, group by group in one order. */
export interface GroupMoments {
  /** Group codes, e.g. ascending modality ids (reported as `groups`). */
  codes: Float64Array;
  /** Observations per group. */
  size: Uint32Array;
  /** Σ y over each group, added in the order of its observations. */
  sum: Float64Array;
  /** Σ (y − ȳ)² over each group, added in the same order, ȳ = sum/size plus the mean of y − sum/size (R's `var` centring: exactly the value of a group of equal values). */
  ss: Float64Array;
}

/**
 * Welch's (1951) heteroscedastic one-way ANOVA and the classic Fisher ANOVA from per-group sums
 * and centred sums of squares, for callers that hold their data already grouped (e.g. stored
 * group by group) and need the moments for other tests too: Welch, B. L. (1951), "On the comparison
 * of several mean values: an alternative approach", Biometrika 38(3/4), 330–336,
 * https://doi.org/10.2307/2332579; as R's `oneway.test(var.equal = FALSE)` and `(var.equal = TRUE)`.
 * With moments summed in each group's observation order the result is, bit for bit, what
 * `welchAnova` gives on the ungrouped data (which calls this after its own pass). O(k).
 * Throws StatInputError for fewer than 2 groups, a group with fewer than 2 observations or a
 * group with zero variance.
 * @example welchAnovaFromMoments({ codes: Float64Array.of(0, 1, 2), size: Uint32Array.of(3, 3, 3), sum: Float64Array.of(6, 18, 17), ss: Float64Array.of(2, 8, 8 / 3) }).welch // F ≈ 8.997, df1 = 2, df2 ≈ 3.793, p ≈ 0.0363 (R: oneway.test(y ~ g) on y = c(1, 2, 3, 4, 6, 8, 5, 5, 7))
 */
export function welchAnovaFromMoments(m: GroupMoments): WelchAnova {
  const { codes, size, sum, ss } = m;
  const k = codes.length;
  if (size.length !== k || sum.length !== k || ss.length !== k)
    throw new StatInputError(`codes, size, sum and ss differ in length (${k}, ${size.length}, ${sum.length}, ${ss.length})`);
  if (k < 2) throw new StatInputError(`need at least 2 groups, got ${k}`);
  let n = 0;
  for (let j = 0; j < k; j++) n += size[j];
  const gm = new Float64Array(k);
  for (let j = 0; j < k; j++) gm[j] = sum[j] / size[j];
  const gv = new Float64Array(k);
  let grand = 0;
  let ssWithin = 0;
  for (let j = 0; j < k; j++) {
    if (size[j] < 2) throw new StatInputError(`group ${codes[j]} has ${size[j]} observation(s); at least 2 are needed`);
    gv[j] = ss[j] / (size[j] - 1);
    if (!(gv[j] > 0)) throw new StatInputError(`group ${codes[j]} has zero variance`);
    grand += sum[j];
    ssWithin += ss[j];
  }
  grand /= n;
  let W = 0;
  let wm = 0;
  let ssBetween = 0;
  for (let j = 0; j < k; j++) {
    const w = size[j] / gv[j];
    W += w;
    wm += w * gm[j];
    ssBetween += size[j] * (gm[j] - grand) ** 2;
  }
  wm /= W;
  let a = 0;
  let tmp = 0;
  for (let j = 0; j < k; j++) {
    const w = size[j] / gv[j];
    a += w * (gm[j] - wm) ** 2;
    tmp += (1 - w / W) ** 2 / (size[j] - 1);
  }
  const welchF = a / (k - 1) / (1 + ((2 * (k - 2)) / (k * k - 1)) * tmp);
  const welchDf2 = (k * k - 1) / (3 * tmp);
  const msBetween = ssBetween / (k - 1);
  const msWithin = ssWithin / (n - k);
  const classicF = msBetween / msWithin;
  return {
    n,
    k,
    groups: codes,
    groupN: size,
    groupMean: gm,
    groupVariance: gv,
    welch: { F: welchF, df1: k - 1, df2: welchDf2, p: pf(welchF, k - 1, welchDf2, false) },
    classic: {
      F: classicF,
      df1: k - 1,
      df2: n - k,
      p: pf(classicF, k - 1, n - k, false),
      ssBetween,
      ssWithin,
      msBetween,
      msWithin,
      etaSquared: ssBetween / (ssBetween + ssWithin),
    },
  };
}
