import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../../src/stats/linalg/symmetric-eigen.ts';

describe('symmetricEigen', () => {
  it('eigen(matrix(c(4,1,0.5, 1,3,0.2, 0.5,0.2,2), 3))$values is 4.721570078 2.398343019 1.880086903 (print digits = 10), and A·v = λ·v', () => {
    const a = Float64Array.of(4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2);
    const { values, vectors } = symmetricEigen(a, 3);
    [4.721570078, 2.398343019, 1.880086903].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 8));
    for (let k = 0; k < 3; k++)
      for (let i = 0; i < 3; i++) {
        let s = 0;
        for (let j = 0; j < 3; j++) s += a[i * 3 + j] * vectors[j * 3 + k];
        expect(s).toBeCloseTo(values[k] * vectors[i * 3 + k], 12);
      }
  });
});
