import { StatInputError, TooFewError } from '../errors.ts';

/**
 * Throws StatInputError unless `x` and `y` have the same length, at least `minN` entries, and
 * only finite values (TooFewError when too short). Missing values (NaN) must be removed by the caller (pairwise deletion),
 * so that the caller can count and report the dropped pairs.
 */
export function assertPairedSample(x: ArrayLike<number>, y: ArrayLike<number>, minN: number, what: string): void {
  if (x.length !== y.length) throw new StatInputError(`${what}: x and y differ in length (${x.length} vs ${y.length})`);
  if (x.length < minN) throw new TooFewError(`${what}: needs at least ${minN} pairs, got ${x.length}`, minN, x.length);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new StatInputError(
        `${what}: non-finite value at index ${i} (x = ${x[i]}, y = ${y[i]}); delete incomplete pairs before calling`,
      );
    }
  }
}
