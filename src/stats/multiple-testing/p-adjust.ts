import { StatInputError } from '../errors.ts';

/** The adjustment methods of R's `p.adjust` ('fdr' is an alias of 'BH'). */
export type PAdjustMethod = 'holm' | 'hochberg' | 'hommel' | 'bonferroni' | 'BH' | 'BY' | 'fdr' | 'none';

/**
 * Adjusts p-values for multiple comparisons exactly as R's `p.adjust(p, method, n)`:
 * - `bonferroni`: min(1, n·p);
 * - `holm` (Holm 1979, Scand J Stat 6, 65–70): step-down, running max of (n − i + 1)·p₍ᵢ₎;
 * - `hochberg` (Hochberg 1988, Biometrika 75, 800–802, doi:10.1093/biomet/75.4.800): step-up;
 * - `hommel` (Hommel 1988, Biometrika 75, 383–386, doi:10.1093/biomet/75.2.383); O(n²);
 * - `BH`/`fdr` (Benjamini & Hochberg 1995, JRSS B 57, 289–300, doi:10.1111/j.2517-6161.1995.tb02031.x):
 *   running min of n/i·p₍ᵢ₎ from the largest p down; controls the false discovery rate under
 *   independence or positive dependence;
 * - `BY` (Benjamini & Yekutieli 2001, Ann Stat 29, 1165–1188, doi:10.1214/aos/1013699998): BH
 *   times Σ 1/k, valid under any dependence;
 * - `none`: unchanged.
 * `n` (≥ number of p-values) is the number of tests in the family, as R's argument. p-values
 * must lie in [0, 1]; NaN (R's NA) is rejected, so remove untested pairs first. Returns a new
 * array in the input order.
 * @example pAdjust([0.01, 0.04, 0.03], 'holm') // Float64Array [0.03, 0.06, 0.06] (R: p.adjust(c(0.01, 0.04, 0.03), "holm"))
 */
export function pAdjust(p: ArrayLike<number>, method: PAdjustMethod = 'holm', n: number = p.length): Float64Array {
  const lp = p.length;
  for (let i = 0; i < lp; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new StatInputError(`pAdjust: p-value at index ${i} is not in [0, 1] (${p[i]})`);
  }
  if (!(Number.isInteger(n) && n >= lp)) throw new StatInputError(`pAdjust: n must be an integer ≥ ${lp}, got ${n}`);
  const out = Float64Array.from(p);
  if (n <= 1 || method === 'none') return out;
  const m = method === 'hommel' && n === 2 ? 'hochberg' : method;
  if (m === 'bonferroni') return out.map((v) => Math.min(1, n * v));
  if (m === 'hommel') return hommel(p, n);
  // Ascending order, stable (ties keep input order, as R's order()).
  const asc = new Uint32Array(lp);
  for (let i = 0; i < lp; i++) asc[i] = i;
  asc.sort((a, b) => p[a] - p[b] || a - b);
  if (m === 'holm') {
    let run = 0;
    for (let i = 0; i < lp; i++) {
      run = Math.max(run, (n - i) * p[asc[i]]);
      out[asc[i]] = Math.min(1, run);
    }
    return out;
  }
  let factor: (rank: number) => number;
  if (m === 'hochberg') factor = (rank) => n - rank + 1;
  else if (m === 'BH' || m === 'fdr') factor = (rank) => n / rank;
  else if (m === 'BY') {
    let q = 0;
    for (let k = 1; k <= n; k++) q += 1 / k;
    factor = (rank) => (q * n) / rank;
  } else throw new StatInputError(`pAdjust: unknown method '${String(method)}'`);
  // Step-up: from the largest p (rank lp) down, running minimum.
  let run = Infinity;
  for (let i = lp - 1; i >= 0; i--) {
    run = Math.min(run, factor(i + 1) * p[asc[i]]);
    out[asc[i]] = Math.min(1, run);
  }
  return out;
}

/** Hommel's (1988) adjusted p-values; the family is padded to n tests with p = 1. */
function hommel(p0: ArrayLike<number>, n: number): Float64Array {
  const lp = p0.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const pv = (i: number): number => (i < lp ? p0[i] : 1);
  order.sort((a, b) => pv(a) - pv(b) || a - b);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = pv(order[i]);
  let start = Infinity;
  for (let i = 0; i < n; i++) start = Math.min(start, (n * p[i]) / (i + 1));
  const pa = new Float64Array(n).fill(start);
  const q = new Float64Array(n).fill(start);
  for (let m = n - 1; m >= 2; m--) {
    // Hypotheses n − m + 2 … n (1-based) against their Simes bound within a subset of size m.
    let q1 = Infinity;
    for (let k = n - m + 1; k < n; k++) q1 = Math.min(q1, (m * p[k]) / (k - (n - m) + 1));
    for (let k = 0; k <= n - m; k++) q[k] = Math.min(m * p[k], q1);
    for (let k = n - m + 1; k < n; k++) q[k] = q[n - m];
    for (let k = 0; k < n; k++) pa[k] = Math.max(pa[k], q[k]);
  }
  const out = new Float64Array(lp);
  for (let k = 0; k < n; k++) if (order[k] < lp) out[order[k]] = Math.max(pa[k], p[k]);
  return out;
}
