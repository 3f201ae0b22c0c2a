import { MINUS } from './minus.ts';
import { toFixedHalfEven } from './to-fixed-half-even.ts';

/**
 * A number with a fixed count of decimals in APA style: a true minus sign (U+2212), commas
 * between thousands (APA Publication Manual, 7th ed., §6.38), no negative zero after rounding,
 * and `∞` for infinities. Rounding is that of R's `sprintf` (exact binary value, ties to even).
 * Throws on NaN: a formatter must never print a silent "NaN".
 * @example formatNumber(-1234.567, 2) // "−1,234.57"
 * @example formatNumber(-0.001, 2) // "0.00"
 */
export function formatNumber(x: number, digits: number): string {
  if (Number.isNaN(x)) throw new RangeError('formatNumber: value is NaN');
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`formatNumber: digits must be an integer in 0..20, got ${digits}`);
  }
  if (x === Infinity) return '∞';
  if (x === -Infinity) return `${MINUS}∞`;
  if (Math.abs(x) >= 1e21) return (x < 0 ? MINUS : '') + String(Math.abs(x));
  const fixed = toFixedHalfEven(x, digits);
  const [whole, frac] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.length > 3 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  const body = frac === undefined ? grouped : `${grouped}.${frac}`;
  const isZero = /^[0.]*$/.test(fixed);
  return x < 0 && !isZero ? MINUS + body : body;
}
