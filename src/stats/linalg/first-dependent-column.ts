/**
 * The first column of a k × p matrix (given as k rows) that the columns before it already span, or
 * −1 when the columns are linearly independent: the column a pivoted QR would set aside (R's
 * `qr`, which `lm` and metafor's `rma` use to drop redundant predictors). Modified Gram–Schmidt
 * over the columns in order (Golub & Van Loan 2013, Matrix Computations, 4th ed., §5.2.8); a
 * column counts as dependent when less than 1e-7 of its length is left after projecting out the
 * earlier ones (the tolerance of R's `qr`), or when it is zero.
 * @example firstDependentColumn([Float64Array.of(1, 2, 4), Float64Array.of(1, 3, 6)]) // 2 (twice column 1)
 */
export function firstDependentColumn(rows: readonly ArrayLike<number>[]): number {
  const k = rows.length;
  const p = k ? rows[0]!.length : 0;
  const basis: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const v = Float64Array.from(rows, (r) => r[j]!);
    let norm0 = 0;
    for (let i = 0; i < k; i++) norm0 += v[i]! * v[i]!;
    for (const q of basis) {
      let d = 0;
      for (let i = 0; i < k; i++) d += q[i]! * v[i]!;
      for (let i = 0; i < k; i++) v[i]! -= d * q[i]!;
    }
    let norm = 0;
    for (let i = 0; i < k; i++) norm += v[i]! * v[i]!;
    if (!(norm0 > 0 && norm > 1e-14 * norm0)) return j;
    const length = Math.sqrt(norm);
    basis.push(v.map((x) => x / length));
  }
  return -1;
}
