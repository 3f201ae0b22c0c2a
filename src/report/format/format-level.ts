import { formatPercentage } from './format-percentage.ts';

/**
 * A confidence level as a percentage label. Accepts a proportion (0.95) or a percentage (95,
 * as metafor's `level`); the value is printed without trailing zeros.
 * @example formatLevel(0.95) // "95%"
 * @example formatLevel(99.5) // "99.5%"
 */
export function formatLevel(level: number): string {
  if (!(level > 0 && level < 100) || level === 1) throw new RangeError(`formatLevel: level must be in (0, 1) or (1, 100), got ${level}`);
  return formatPercentage(level < 1 ? level : level / 100, 6);
}
