import { pnorm } from './pnorm.ts';

/**
 * Null distribution of Spearman's S = Σ dᵢ² (the squared rank differences of n untied pairs) under
 * independence, as the exact test of `cor.test(method = "spearman")` computes it: by counting
 * all n! rankings for n ≤ 9, and by the Edgeworth series of Algorithm AS 89 (Best & Roberts 1975,
 * Applied Statistics 24, 377–379) for larger n. S is even for untied ranks,
 * so the series is evaluated half a step (1) inside the tail: P(S ≥ s) at s − 1 and
 * P(S ≤ s) = P(S < s + 2) at s + 1.
 */
/** Up to this n the null distribution is counted over all n! rankings (R's `n_small`); beyond it, AS 89. */
export const SPEARMAN_COUNTED_MAX_N = 9;
/** R's `cor.test` uses the exact test up to this n (beyond it, the t approximation). */
export const SPEARMAN_EXACT_MAX_N = 1290;

/** The Edgeworth series coefficients of AS 89. */
const C = [0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4];

const counts = new Map<number, Float64Array>();

/** counts[s] = the number of permutations π of 1..n with Σ (i − π(i))² = s (n ≤ 9). */
function permutationCounts(n: number): Float64Array {
  const cached = counts.get(n);
  if (cached) return cached;
  const out = new Float64Array((n * n * n - n) / 3 + 1);
  const used = new Uint8Array(n);
  const place = (i: number, s: number): void => {
    if (i === n) {
      out[s]++;
      return;
    }
    for (let v = 0; v < n; v++) {
      if (used[v]) continue;
      used[v] = 1;
      place(i + 1, s + (i - v) * (i - v));
      used[v] = 0;
    }
  };
  place(0, 0);
  counts.set(n, out);
  return out;
}

/** The AS 89 tail beyond `at`: upper P(S ≥ at + 1) or lower P(S ≤ at − 1), by the Edgeworth series. */
function edgeworth(at: number, n: number, lowerTail: boolean): number {
  const b = 1 / n;
  // standardised S: −rho·√(n − 1) at the half-step point
  const x = ((6 * at * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  const y = x * x;
  const [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12] = C;
  const u = x * b * (c1 + b * (c2 + c3 * b) + y * (-c4 + b * (c5 + c6 * b) - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
  const correction = u / Math.exp(y / 2);
  const p = lowerTail ? pnorm(x, true) - correction : pnorm(x, false) + correction;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * P(S ≤ s) and P(S ≥ s) for n untied pairs (2 ≤ n ≤ 1290); s is rounded to the nearest integer.
 */
export function spearmanExactTails(s: number, n: number): { lower: number; upper: number } {
  if (!Number.isInteger(n) || n < 2 || n > SPEARMAN_EXACT_MAX_N) throw new RangeError(`spearmanExactTails: n must be an integer in 2..${SPEARMAN_EXACT_MAX_N}, got ${n}`);
  const q = Math.round(s);
  const max = (n * n * n - n) / 3;
  // outside the support the tails are 0 or 1 (also what keeps the series from running off)
  const upper = q <= 0 ? 1 : q > max ? 0 : n <= SPEARMAN_COUNTED_MAX_N ? tailCount(permutationCounts(n), q, max, n, false) : edgeworth(q - 1, n, false);
  const lower = q + 2 <= 0 ? 0 : q + 2 > max ? 1 : n <= SPEARMAN_COUNTED_MAX_N ? tailCount(permutationCounts(n), q, max, n, true) : edgeworth(q + 1, n, true);
  return { lower, upper };
}

function tailCount(c: Float64Array, q: number, max: number, n: number, lowerTail: boolean): number {
  let hits = 0;
  // lower: P(S < q + 2), which is P(S ≤ q) as S is even
  if (lowerTail) for (let v = 0; v <= Math.min(q + 1, max); v++) hits += c[v];
  else for (let v = Math.max(q, 0); v <= max; v++) hits += c[v];
  let total = 1;
  for (let k = 2; k <= n; k++) total *= k;
  return hits / total;
}

/**
 * Two-sided p value of `cor.test(x, y, method = "spearman")` (exact = NULL) for n untied pairs
 * with S = Σ dᵢ²: twice the tail on S's side of its mean (n³ − n)/6, at most 1.
 */
export function spearmanExactTwoSided(s: number, n: number): number {
  const { lower, upper } = spearmanExactTails(s, n);
  const p = s > (n * n * n - n) / 6 ? upper : lower;
  return Math.min(1, 2 * p);
}
