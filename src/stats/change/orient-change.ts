import { assertFinite } from '../descriptive/assert-finite.ts';
import { assertDirection } from './assert-direction.ts';
import type { Direction } from './types.ts';

/**
 * Orients change scores so that positive means improvement (the project's sign convention:
 * effects are coded so that "positive = better"). For a 'lower-is-better' scale the sign is
 * flipped; for a 'higher-is-better' scale the values are copied. Returns a new array; O(n).
 * @example orientChange([-10, 4], 'lower-is-better') // Float64Array [10, -4]
 */
export function orientChange(change: ArrayLike<number>, direction: Direction): Float64Array {
  assertDirection(direction);
  assertFinite(change, 'change', 0);
  const s = direction === 'lower-is-better' ? -1 : 1;
  const out = new Float64Array(change.length);
  for (let i = 0; i < change.length; i++) out[i] = s * change[i];
  return out;
}
