import { cholesky } from './cholesky.ts';
import { cholSolve } from './chol-solve.ts';

/**
 * Inverse of a symmetric positive-definite n × n matrix (row-major) through its Cholesky factor.
 * @example spdInverse(Float64Array.of(4, 2, 2, 3), 2) // [0.375, -0.25, -0.25, 0.5]
 */
export function spdInverse(a: ArrayLike<number>, n: number): Float64Array {
  const l = cholesky(a, n);
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return cholSolve(l, n, eye, n);
}
