import { xmlSafeText } from '../html/xml-safe-text.ts';
import type { VegaLiteSpec } from '../types.ts';

/**
 * The spec with every string and key made XML-safe ({@link xmlSafeText}): a control character
 * in a cell or a label (FileMaker's vertical tab) would otherwise reach the SVG, which no XML
 * parser (resvg included) then reads. Parts that need no change are returned as they are (a
 * clean spec comes back as the same object).
 * @example figureSafeSpec({ mark: 'point', title: 'a\u000bb' }).title // "a b"
 */
export function figureSafeSpec(spec: VegaLiteSpec): VegaLiteSpec {
  return clean(spec) as VegaLiteSpec;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return xmlSafeText(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const c = clean(v);
      if (c !== v) (out ??= value.slice())[i] = c;
    });
    return out ?? value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const obj = value as Record<string, unknown>;
  let out: [string, unknown][] | undefined;
  keys.forEach((k, i) => {
    const v = obj[k];
    const c = clean(v);
    const key = xmlSafeText(k);
    if (out === undefined && (key !== k || c !== v)) out = keys.slice(0, i).map((p) => [p, obj[p]]);
    out?.push([key, c]);
  });
  return out === undefined ? value : Object.fromEntries(out);
}
