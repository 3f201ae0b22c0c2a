import { StatInputError } from '../errors.ts';

/**
 * Input guard shared by the kernels: throws StatInputError when `x` has fewer than
 * `minLength` values or holds a value that is not a finite number (NaN, ±Infinity).
 * Missing values are removed by the caller (listwise), never silently here.
 * @example assertFinite(Float64Array.of(1, 2), 'pre', 2) // passes
 */
export function assertFinite(x: ArrayLike<number>, name: string, minLength = 1): void {
  if (x.length < minLength)
    throw new StatInputError(`${name} needs at least ${minLength} value(s), got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new StatInputError(`${name}[${i}] is not a finite number (${x[i]})`);
  }
}
