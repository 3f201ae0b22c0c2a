import { StatInputError } from '../errors.ts';

/**
 * Fisher's (1915, 1921) variance-stabilising transform of a correlation, z = atanh(r) =
 * ½·ln((1 + r)/(1 − r)); approximately normal with variance 1/(n − 3) for a Pearson r from a
 * bivariate normal sample. Fisher, R. A. (1921). Metron 1, 3–32. r = ±1 gives ±Infinity.
 * @example fisherZ(0.278) // 0.28551324802232697 (R: psych::fisherz(0.278))
 */
export function fisherZ(r: number): number {
  if (!(Math.abs(r) <= 1)) throw new StatInputError(`a correlation must lie in [-1, 1], got ${r}`);
  return Math.atanh(r);
}
