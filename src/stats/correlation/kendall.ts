import { StatInputError } from '../errors.ts';
import { kendallExactTwoSided, pnorm } from '../distributions/index.ts';
import { assertPairedSample } from './assert-paired-sample.ts';
import { fisherInterval } from './fisher-interval.ts';
import type { CorrelationTest } from './types.ts';

export interface KendallOptions {
  level?: number;
  /** Continuity correction of S, as `cor.test(..., continuity = TRUE)` (default false); only the normal test uses it. */
  continuity?: boolean;
  /**
   * As `cor.test`'s `exact`. Omitted (or null, R's default `exact = NULL`): the exact p value when
   * n < 50 and neither variable has ties, the normal test otherwise. true (`exact = TRUE`): the
   * exact p value whenever neither variable has ties, for up to `KENDALL_EXACT_MAX_N` pairs (R
   * also falls back to the normal test when there are ties). false (`exact = FALSE`): always the
   * normal test.
   */
  exact?: boolean | null;
}

/** Below this n, untied samples get the exact test by default, as `cor.test`'s `exact = NULL`. */
export const KENDALL_EXACT_BELOW_N = 50;

/**
 * The largest n for which `exact: true` computes the exact distribution: O(n³) time, about 0.7 s
 * at n = 1000 (the normal approximation is then accurate to far below any reported digit). R's own
 * exact counts overflow to NaN from n = 171.
 */
export const KENDALL_EXACT_MAX_N = 1000;

export interface KendallResult extends Omit<CorrelationTest, 'method' | 't' | 'df'> {
  method: 'kendall';
  /** Concordant minus discordant pairs. */
  S: number;
  /** Null variance of S with R's tie correction. */
  varS: number;
  /** Normal test statistic S/√varS (after the continuity correction when requested); p comes from it unless `pMethod` is `exact`. */
  z: number;
  /**
   * How p was obtained: `exact`, from the null distribution of T over all n! rankings
   * (`kendallExactTwoSided`); `normal`, from z.
   */
  pMethod: 'exact' | 'normal';
  /** R's exact statistic T, the number of concordant pairs (null unless `pMethod` is `exact`). */
  T: number | null;
  /** The interval's se is √(0.437/(n − 4)), Fieller, Hartley & Pearson (1957). */
  ciMethod: 'fieller';
  continuity: boolean;
}

/**
 * Kendall's tau-b (Kendall 1938, Biometrika 30, 81–93, doi:10.1093/biomet/30.1-2.81; ties: Kendall
 * 1945) by Knight's (1966, JASA 61, 436–439, doi:10.1080/01621459.1966.10480879) O(n log n)
 * algorithm: sort by x (then y), count tied pairs, and count discordant pairs as the swaps of a
 * merge sort of y. The test is R's `cor.test(x, y, method = "kendall")`: for n < 50 untied pairs
 * (any n up to 1000 with `exact: true`) the exact two-sided p of T, the number of concordant pairs
 * (`kendallExactTwoSided`); otherwise (or with `exact: false`) z = S/√Var(S) with the tie-corrected null
 * variance of S (Kendall 1970, Rank Correlation Methods, 4th ed., ch. 4) and a normal two-sided
 * p. z is reported either way. The interval uses Fisher's z of tau with
 * se = √(0.437/(n − 4)) (Fieller, Hartley & Pearson 1957, doi:10.1093/biomet/44.3-4.470); R
 * gives none. Needs n ≥ 5 finite pairs.
 * @example kendall([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r // 0.6 (R: cor(1:5, c(2, 1, 4, 3, 5), method = "kendall"))
 */
export function kendall(x: ArrayLike<number>, y: ArrayLike<number>, options: KendallOptions = {}): KendallResult {
  const level = options.level ?? 0.95;
  const continuity = options.continuity ?? false;
  const exact = options.exact ?? null;
  assertPairedSample(x, y, 5, 'kendall');
  const n = x.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) ys[i] = y[order[i]];

  // Ties in x, and ties in both x and y (runs within an x run, as y is sorted there).
  const tx = new TieSums();
  let jointPairs = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && x[order[j]] === x[order[i]]) j++;
    tx.add(j - i);
    for (let k = i; k < j; ) {
      let m = k + 1;
      while (m < j && ys[m] === ys[k]) m++;
      jointPairs += ((m - k) * (m - k - 1)) / 2;
      k = m;
    }
    i = j;
  }
  const { sorted, inversions } = mergeSortCountingInversions(ys);
  const ty = new TieSums();
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    ty.add(j - i);
    i = j;
  }

  const n0 = (n * (n - 1)) / 2;
  const S = n0 - tx.pairs - ty.pairs + jointPairs - 2 * inversions;
  if (!(n0 > tx.pairs) || !(n0 > ty.pairs)) throw new StatInputError('kendall: a variable has zero variance (all values tied)');
  const tau = S / Math.sqrt((n0 - tx.pairs) * (n0 - ty.pairs));
  const varS =
    (n * (n - 1) * (2 * n + 5) - tx.c - ty.c) / 18 +
    (tx.a * ty.a) / (2 * n * (n - 1)) +
    (tx.b * ty.b) / (9 * n * (n - 1) * (n - 2));
  const Sc = continuity ? Math.sign(S) * (Math.abs(S) - 1) : S;
  const z = Sc / Math.sqrt(varS);
  const r = tau > 1 ? 1 : tau < -1 ? -1 : tau;
  const ci = fisherInterval(r, Math.sqrt(0.437 / (n - 4)), level);
  // untied: every pair is concordant or discordant, and the discordant ones are the inversions
  const untied = tx.pairs === 0 && ty.pairs === 0;
  if (exact === true && untied && n > KENDALL_EXACT_MAX_N) {
    throw new StatInputError(`kendall: exact p values are computed for at most ${KENDALL_EXACT_MAX_N.toLocaleString('en-US')} untied pairs, got ${n.toLocaleString('en-US')}; leave exact unset (R's default: the normal test from n = 50) or set it to false`);
  }
  const T = untied && (exact === true || (exact === null && n < KENDALL_EXACT_BELOW_N)) ? n0 - inversions : null;
  const p = T === null ? Math.min(1, 2 * pnorm(-Math.abs(z))) : kendallExactTwoSided(T, n);
  return { method: 'kendall', n, r, S, varS, z, p, pMethod: T === null ? 'normal' : 'exact', T, ...ci, level, ciMethod: 'fieller', continuity };
}

/** Sums over tie groups of size t: t(t−1)/2, t(t−1), t(t−1)(t−2), t(t−1)(2t+5). */
class TieSums {
  pairs = 0;
  a = 0;
  b = 0;
  c = 0;
  add(t: number): void {
    if (t < 2) return;
    const tt = t * (t - 1);
    this.pairs += tt / 2;
    this.a += tt;
    this.b += tt * (t - 2);
    this.c += tt * (2 * t + 5);
  }
}

/** Bottom-up merge sort; counts pairs i < j with a[i] > a[j] (equal values are not counted). */
function mergeSortCountingInversions(a: Float64Array): { sorted: Float64Array; inversions: number } {
  const n = a.length;
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (src[j] < src[i]) {
          inversions += mid - i;
          dst[k++] = src[j++];
        } else dst[k++] = src[i++];
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const tmp = src;
    src = dst;
    dst = tmp;
  }
  return { sorted: src, inversions };
}
