import { apaP } from './apa-p.ts';
import { formatCi } from './format-ci.ts';
import { formatLevel } from './format-level.ts';
import { formatNumber } from './format-number.ts';

export interface ApaEstimateInput {
  /** Symbol printed before the estimate, e.g. "b", "g", "d", "ρ". */
  symbol: string;
  estimate: number;
  se?: number;
  ciLower?: number;
  ciUpper?: number;
  /** Confidence level as a proportion (0.95) or a percentage (95); required with a CI. */
  level?: number;
  p?: number;
  /** Decimals for estimate, SE and CI bounds (default 2). */
  digits?: number;
}

/**
 * An estimate with optional standard error, confidence interval and p-value, as for a
 * regression coefficient or a pooled effect size: "b = 0.25, SE = 0.05, 95% CI [0.15, 0.35], p < .001".
 * @example apaEstimate({ symbol: 'g', estimate: 0.4512, ciLower: 0.3, ciUpper: 0.6, level: 0.95 })
 * // "g = 0.45, 95% CI [0.30, 0.60]"
 */
export function apaEstimate(x: ApaEstimateInput): string {
  const digits = x.digits ?? 2;
  const parts = [`${x.symbol} = ${formatNumber(x.estimate, digits)}`];
  if (x.se !== undefined) parts.push(`SE = ${formatNumber(x.se, digits)}`);
  if (x.ciLower !== undefined || x.ciUpper !== undefined) {
    if (x.ciLower === undefined || x.ciUpper === undefined || x.level === undefined) {
      throw new RangeError('apaEstimate: a confidence interval needs ciLower, ciUpper and level');
    }
    parts.push(`${formatLevel(x.level)} CI ${formatCi([x.ciLower, x.ciUpper], digits)}`);
  }
  if (x.p !== undefined) parts.push(apaP(x.p));
  return parts.join(', ');
}
