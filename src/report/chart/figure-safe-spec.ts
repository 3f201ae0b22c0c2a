import { xmlSafeText } from '../html/xml-safe-text.ts';
import type { VegaLiteSpec } from '../types.ts';

/** Longest chart, axis, legend or header title drawn (characters); longer ones end in "…". */
export const FIGURE_TITLE_MAX_CHARS = 120;
/** Longest other text drawn, e.g. a data value shown as a label, a text mark or a tooltip (characters). */
export const FIGURE_TEXT_MAX_CHARS = 300;

/** Strings that are not drawn as they stand (names, expressions, the description) are never shortened. */
const NOT_SHORTENED = new Set(['$schema', 'description', 'field', 'filter', 'calculate', 'expr', 'test']);
const TITLE_KEYS = new Set(['title', 'subtitle']);

/**
 * The spec with every string and key made XML-safe ({@link xmlSafeText}: a control character
 * in a cell or a label would make the SVG unreadable) and every drawn string shortened with an
 * ellipsis: titles (`title`, `subtitle`, a title object's `text`) to {@link FIGURE_TITLE_MAX_CHARS},
 * other text (data values, domains) to {@link FIGURE_TEXT_MAX_CHARS}. Vega sizes a chart to its
 * text, so an unbounded label made a 56,000 px wide SVG and a PNG of gigabytes; the full text
 * stays in the report's caption and tables. Every string in inline data (`values`, `datasets`) counts as
 * other text, whatever its field is called, so data values and the domains or sort orders naming
 * them are shortened alike and still match.
 * Parts that need no change are returned as they are (a clean spec comes back as the same object).
 * @example figureSafeSpec({ mark: 'point', title: 'a\u000bb' }).title // "a b"
 */
export function figureSafeSpec(spec: VegaLiteSpec): VegaLiteSpec {
  return clean(spec, FIGURE_TEXT_MAX_CHARS, 'spec') as VegaLiteSpec;
}

/** Where a value sits: in the spec, in a title object (whose `text` is a title), or in inline data (all of it data). */
type Place = 'spec' | 'title' | 'data';

function clean(value: unknown, max: number, place: Place): unknown {
  if (typeof value === 'string') return shorten(xmlSafeText(value), max);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const c = clean(v, max, place === 'data' ? 'data' : 'spec');
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
    const c = place === 'data' ? clean(v, FIGURE_TEXT_MAX_CHARS, 'data') : clean(v, limit(k, place), k === 'values' || k === 'datasets' ? 'data' : k === 'title' ? 'title' : 'spec');
    const key = xmlSafeText(k);
    if (out === undefined && (key !== k || c !== v)) out = keys.slice(0, i).map((p) => [p, obj[p]]);
    out?.push([key, c]);
  });
  return out === undefined ? value : Object.fromEntries(out);
}

function limit(key: string, place: Place): number {
  if (NOT_SHORTENED.has(key)) return Infinity;
  return TITLE_KEYS.has(key) || (place === 'title' && key === 'text') ? FIGURE_TITLE_MAX_CHARS : FIGURE_TEXT_MAX_CHARS;
}

/** At most `max` UTF-16 units, the last an ellipsis, never splitting a surrogate pair. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head.trimEnd()}…`;
}
