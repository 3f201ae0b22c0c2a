import { formatP } from './format-p.ts';

/**
 * A p-value as it stands in an APA sentence: "p = .023", "p < .001", "p > .999".
 * @example apaP(0.0234) // "p = .023"
 */
export function apaP(p: number): string {
  const v = formatP(p);
  return v.startsWith('<') || v.startsWith('>') ? `p ${v}` : `p = ${v}`;
}
