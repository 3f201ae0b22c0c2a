import { describe, expect, it } from 'vitest';
import { cholesky, cholSolve, logDetCholesky, spdInverse } from '../../../src/stats/linalg/index.ts';
import { StatInputError } from '../../../src/stats/errors.ts';

describe('dense SPD linear algebra', () => {
  const a = Float64Array.of(4, 2, 0.6, 2, 3, 0.4, 0.6, 0.4, 2);
  it('cholesky reproduces A', () => {
    const l = cholesky(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
        expect(s).toBeCloseTo(a[i * 3 + j], 14);
      }
  });
  it('inverse times A is the identity', () => {
    const inv = spdInverse(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += inv[i * 3 + k] * a[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 13);
      }
  });
  it('solves and gives log-determinant (det computed by hand: 4·(6−0.16) − 2·(4−0.24) + 0.6·(0.8−1.8) = 15.24)', () => {
    const l = cholesky(a, 3);
    expect(logDetCholesky(l, 3)).toBeCloseTo(Math.log(15.24), 13);
    const x = cholSolve(l, 3, Float64Array.of(1, 2, 3));
    expect(4 * x[0] + 2 * x[1] + 0.6 * x[2]).toBeCloseTo(1, 13);
  });
  it('rejects a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(StatInputError);
  });
});
