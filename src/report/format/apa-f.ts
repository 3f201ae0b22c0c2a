import { apaP } from './apa-p.ts';
import { formatDf } from './format-df.ts';
import { formatNumber } from './format-number.ts';

/**
 * An F test in an APA sentence: "F(df1, df2) = value, p = …".
 * @example apaF({ f: 3.2149, df1: 2, df2: 147, p: 0.0431 }) // "F(2, 147) = 3.21, p = .043"
 */
export function apaF(x: { f: number; df1: number; df2: number; p: number }): string {
  return `F(${formatDf(x.df1)}, ${formatDf(x.df2)}) = ${formatNumber(x.f, 2)}, ${apaP(x.p)}`;
}
