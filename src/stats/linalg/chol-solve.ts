/**
 * Solves A·x = b given the Cholesky factor L of A (row-major, from `cholesky`), by forward
 * then back substitution. `b` may hold m right-hand sides as an n × m row-major matrix.
 * @example cholSolve(cholesky(Float64Array.of(4, 2, 2, 3), 2), 2, Float64Array.of(2, 1)) // [0.5, 0]
 */
export function cholSolve(l: ArrayLike<number>, n: number, b: ArrayLike<number>, m = 1): Float64Array {
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = x[i * m + c];
      for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k * m + c];
      x[i * m + c] = s / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i * m + c];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k * m + c];
      x[i * m + c] = s / l[i * n + i];
    }
  }
  return x;
}
