import { StatInputError } from '../errors.ts';

/**
 * Solves A·X = B for a general square n × n matrix A (row-major) by Gaussian elimination with
 * partial pivoting (Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 3.4.1). B holds m
 * right-hand sides as an n × m row-major matrix; pass the identity (m = n) for the inverse.
 * Throws StatInputError when A is singular to working precision.
 * @example solveLinear(Float64Array.of(0, 1, 1, 0), 2, Float64Array.of(2, 3)) // [3, 2]
 */
export function solveLinear(a: ArrayLike<number>, n: number, b: ArrayLike<number>, m = 1): Float64Array {
  const A = Float64Array.from(a);
  const X = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(A[i]));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[piv * n + c])) piv = r;
    if (!(Math.abs(A[piv * n + c]) > 1e-14 * scale)) throw new StatInputError('matrix is singular to working precision');
    if (piv !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[piv * n + k]] = [A[piv * n + k], A[c * n + k]];
      for (let k = 0; k < m; k++) [X[c * m + k], X[piv * m + k]] = [X[piv * m + k], X[c * m + k]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / A[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      for (let k = 0; k < m; k++) X[r * m + k] -= f * X[c * m + k];
    }
  }
  for (let r = n - 1; r >= 0; r--)
    for (let k = 0; k < m; k++) {
      let s = X[r * m + k];
      for (let j = r + 1; j < n; j++) s -= A[r * n + j] * X[j * m + k];
      X[r * m + k] = s / A[r * n + r];
    }
  return X;
}
