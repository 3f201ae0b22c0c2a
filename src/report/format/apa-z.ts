import { apaP } from './apa-p.ts';
import { formatNumber } from './format-number.ts';

/**
 * A z test in an APA sentence.
 * @example apaZ({ z: 2.104, p: 0.0354 }) // "z = 2.10, p = .035"
 */
export function apaZ(x: { z: number; p: number }): string {
  return `z = ${formatNumber(x.z, 2)}, ${apaP(x.p)}`;
}
