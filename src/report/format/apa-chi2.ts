import { apaP } from './apa-p.ts';
import { formatDf } from './format-df.ts';
import { formatNumber } from './format-number.ts';

/**
 * A chi-square test in an APA sentence: "χ²(df, N = n) = value, p = …" (N only when given).
 * Also the form for Cochran's Q in a meta-analysis ("Q(df) = …" via `symbol: 'Q'`).
 * @example apaChi2({ chi2: 7.8147, df: 3, n: 150, p: 0.05 }) // "χ²(3, N = 150) = 7.81, p = .050"
 */
export function apaChi2(x: { chi2: number; df: number; p: number; n?: number; symbol?: string }): string {
  const n = x.n === undefined ? '' : `, N = ${formatNumber(x.n, 0)}`;
  return `${x.symbol ?? 'χ²'}(${formatDf(x.df)}${n}) = ${formatNumber(x.chi2, 2)}, ${apaP(x.p)}`;
}
