// firstDependentColumn: the column R's pivoted qr() sets aside. Reference: R 4.2.2, qr(X)$rank and
// qr(X)$pivot for each matrix below (rank 2, pivot 1 2 3 → column 3 set aside, our index 2; rank 3,
// pivot 1 2 4 3; rank 3, pivot 1 2 3 4 with p = 4; rank 2, pivot 1 3 2; rank 3, pivot 1 2 3 4 with
// p = 4; rank 3 of 3 for the rescaled columns). Exact: the matrices are built as copies, sums and
// zero columns. A column of 1e-6 or 1e6 is not dependent for its scale (the tolerance is relative).
import { describe, expect, it } from 'vitest';
import { firstDependentColumn } from '../../../src/stats/linalg/index.ts';

const rows = (...cols: number[][]) => cols[0]!.map((_, i) => Float64Array.from(cols, (c) => c[i]!));
const one = [1, 1, 1, 1, 1];
const x = [3, 1, 4, 1, 5];
const z = [2, 7, 1, 8, 2];

describe('firstDependentColumn', () => {
  it('is −1 for independent columns, whatever their scale', () => {
    expect(firstDependentColumn(rows(one, x, z))).toBe(-1);
    expect(firstDependentColumn(rows(one, x.map((v) => v * 1e-6), z.map((v) => v * 1e6)))).toBe(-1);
  });

  it('finds a constant column beside the intercept, a multiple, a sum and a zero column', () => {
    expect(firstDependentColumn(rows(one, x, one.map((v) => 7 * v)))).toBe(2);
    expect(firstDependentColumn(rows(one, x, x.map((v) => 2 * v), z))).toBe(2);
    expect(firstDependentColumn(rows(one, x, z, x.map((v, i) => v - 3 * z[i]! + 0.5)))).toBe(3);
    expect(firstDependentColumn(rows(one, [0, 0, 0, 0, 0], x))).toBe(1);
  });

  it('names the later of two equal columns, as qr() pivots it to the end', () => {
    expect(firstDependentColumn(rows(one, z, x, z))).toBe(3);
  });
});
