import { StatInputError } from '../errors.ts';

/**
 * Normalises an equivalence margin: a positive number Δ gives the symmetric bounds (−Δ, Δ);
 * a pair [lower, upper] is used as given (lower < upper). The margin must be declared by the
 * analyst — there is no default.
 * @example equivalenceBounds(0.1) // [-0.1, 0.1]
 */
export function equivalenceBounds(margin: number | readonly [number, number]): [number, number] {
  const [lo, hi] = typeof margin === 'number' ? [-margin, margin] : margin;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi))
    throw new StatInputError(`equivalence margin must give finite bounds with lower < upper, got (${lo}, ${hi})`);
  return [lo, hi];
}
