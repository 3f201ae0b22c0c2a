/**
 * log|A| from the Cholesky factor L of A: 2·Σ log L_ii.
 * @example logDetCholesky(Float64Array.of(2, 0, 1, 1), 2) // 2·log 2 = 1.3862943611198906
 */
export function logDetCholesky(l: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return 2 * s;
}
