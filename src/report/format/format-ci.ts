import { formatNumber } from './format-number.ts';
import { formatR } from './format-r.ts';

/**
 * A confidence interval in APA brackets. Without `digits` the bounds are printed like
 * correlations (no leading zero, two decimals); with `digits` as ordinary numbers.
 * @example formatCi([0.12, 0.42]) // "[.12, .42]"
 * @example formatCi([-1.5, 2.25], 2) // "[−1.50, 2.25]"
 */
export function formatCi(ci: readonly [number, number], digits?: number): string {
  const [lower, upper] = ci;
  if (lower > upper) throw new RangeError(`formatCi: lower bound ${lower} exceeds upper bound ${upper}`);
  const f = digits === undefined ? (x: number) => formatR(x) : (x: number) => formatNumber(x, digits);
  return `[${f(lower)}, ${f(upper)}]`;
}
