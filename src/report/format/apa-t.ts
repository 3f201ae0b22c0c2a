import { apaP } from './apa-p.ts';
import { formatDf } from './format-df.ts';
import { formatNumber } from './format-number.ts';

/**
 * A t test in an APA sentence: "t(df) = value, p = …"; the statistic to two decimals,
 * fractional (Welch/Satterthwaite) df to two decimals.
 * @example apaT({ t: -2.4512, df: 97.534, p: 0.016 }) // "t(97.53) = −2.45, p = .016"
 */
export function apaT(x: { t: number; df: number; p: number }): string {
  return `t(${formatDf(x.df)}) = ${formatNumber(x.t, 2)}, ${apaP(x.p)}`;
}
