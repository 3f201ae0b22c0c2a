import { StatInputError } from '../errors.ts';

/**
 * Back-transform of Fisher's z to the correlation scale, r = tanh(z) (Fisher 1921).
 * @example fisherZInverse(0.28551324802232697) // 0.278 (R: psych::fisherz2r)
 */
export function fisherZInverse(z: number): number {
  if (Number.isNaN(z)) throw new StatInputError('Fisher z is NaN');
  return Math.tanh(z);
}
