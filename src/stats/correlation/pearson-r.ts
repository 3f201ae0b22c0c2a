import { StatInputError } from '../errors.ts';
import { centredCrossProducts } from './centred-cross-products.ts';
import { unitScaled } from './unit-scaled.ts';

/**
 * Pearson's product-moment correlation r = Sxy/√(Sxx·Syy) (Pearson 1896, Phil Trans R Soc A 187,
 * 253–318, doi:10.1098/rsta.1896.0007), from centred sums in two passes as R's `cor(x, y)` does.
 * A sample whose spread lies far from 1 (beyond 2^±230) is first scaled by a power of two
 * (`unitScaled`), so that r stays exact at any magnitude, as R's extended-precision sums keep it.
 * Inputs are assumed validated (same length, finite); throws StatInputError when either
 * variable has zero variance (and, as a guard that unitScaled leaves no way to, when squared
 * deviations overflow). Clamped to [−1, 1] against rounding.
 * @example pearsonR([1, 2, 3, 4], [2, 1, 4, 3]) // 0.6 (R: cor(1:4, c(2, 1, 4, 3)))
 */
export function pearsonR(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const { sxx, syy, sxy } = centredCrossProducts(unitScaled(x), unitScaled(y));
  // squared deviations past the largest double would make r 0 without a word
  if (sxx === Infinity || syy === Infinity) throw new StatInputError('correlation not computed: the values are too large in magnitude (their squared deviations overflow)');
  if (!(sxx > 0) || !(syy > 0)) throw new StatInputError('correlation undefined: a variable has zero variance');
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}
