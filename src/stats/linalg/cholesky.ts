import { StatInputError } from '../errors.ts';

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite n × n matrix stored
 * row-major in a Float64Array. Returns a new array holding L (upper triangle zero).
 * Throws a NotPositiveDefinite (a StatInputError) when A is not positive definite (to within
 * `tol` on a pivot), naming the first pivot that fails: column `pivot` is the first one the
 * columns before it (nearly) span.
 * Golub & Van Loan, Matrix Computations (4th ed.), Algorithm 4.2.1.
 * @example cholesky(Float64Array.of(4, 2, 2, 3), 2) // [2, 0, 1, 1.4142135623730951]
 */
export function cholesky(a: ArrayLike<number>, n: number, tol = 0): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > tol)) throw new NotPositiveDefinite(j, d);
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** A matrix that `cholesky` cannot factor: its 0-based `pivot` (the message numbers it from 1). */
export class NotPositiveDefinite extends StatInputError {
  constructor(readonly pivot: number, value: number) {
    super(`matrix is not positive definite (pivot ${pivot + 1} is ${value})`);
  }
}
