import { StatInputError } from '../errors.ts';

/**
 * Input guard for a correlation and its sample size: −1 < r < 1 and n > 3 (Fisher's z needs
 * n − 3 > 0). Throws StatInputError naming the bad value.
 * @example assertCorrelation(0.3, 50, 'r1') // passes
 */
export function assertCorrelation(r: number, n: number, name = 'r'): void {
  if (!(r > -1 && r < 1)) throw new StatInputError(`${name} must be strictly between −1 and 1, got ${r}`);
  if (!(n > 3) || !Number.isFinite(n)) throw new StatInputError(`the n for ${name} must be a finite number above 3, got ${n}`);
}
