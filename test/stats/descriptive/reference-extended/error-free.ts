/** Veltkamp's splitting constant 2^27 + 1: splits a double into two halves of at most 26 bits. */
const SPLIT = 134217729;

/**
 * The rounding error of the double sum s = fl(a + b): a + b − s, exactly (Knuth's branch-free
 * two-sum, The Art of Computer Programming 2, 3rd ed. 1997, §4.2.2, Theorem B; valid in
 * round-to-nearest whatever the magnitudes of a and b, barring overflow).
 * @example twoSumError(1, 2 ** -60, 1 + 2 ** -60) // 8.673617379884035e-19 (= 2^-60, lost by the sum)
 */
export function twoSumError(a: number, b: number, s: number): number {
  const bv = s - a;
  return a - (s - bv) + (b - bv);
}

/**
 * The rounding error of the double product p = fl(a · b): a · b − p, exactly (Dekker 1971,
 * A floating-point technique for extending the available precision, Numerische Mathematik 18,
 * 224–242, https://doi.org/10.1007/BF01397083, with Veltkamp's splitting; valid barring overflow
 * and underflow).
 * @example twoProductError(1 + 2 ** -30, 1 + 2 ** -30, (1 + 2 ** -30) ** 2) // 8.673617379884035e-19 (= 2^-60)
 */
export function twoProductError(a: number, b: number, p: number): number {
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - ah * bl - al * bh);
}
