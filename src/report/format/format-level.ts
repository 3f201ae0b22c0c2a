import { formatNumber } from './format-number.ts';

/**
 * A confidence level as a percentage label. Accepts a proportion (0.95) or a percentage (95,
 * as metafor's `level`); the value is printed without trailing zeros.
 * @example formatLevel(0.95) // "95%"
 * @example formatLevel(99.5) // "99.5%"
 */
export function formatLevel(level: number): string {
  if (!(level > 0 && level < 100) || level === 1) throw new RangeError(`formatLevel: level must be in (0, 1) or (1, 100), got ${level}`);
  const pct = level < 1 ? level * 100 : level;
  const rounded = Math.round(pct * 1e6) / 1e6;
  return `${formatNumber(rounded, Number.isInteger(rounded) ? 0 : String(rounded).split('.')[1]!.length)}%`;
}
