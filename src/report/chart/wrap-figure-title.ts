import type { VegaLiteSpec } from '../types.ts';
import { withChartConfig } from './with-chart-config.ts';

/** Width of one character as Vega lays text out without a canvas, in font sizes (vega-scenegraph `estimateWidth`: 0.8 × size per character). */
const CHAR_WIDTH_EM = 0.8;
/** Vega's default chart title and subtitle font sizes (vega-parser config `group-title`, `group-subtitle`). */
const VEGA_TITLE_FONT_SIZE = 13;
const VEGA_SUBTITLE_FONT_SIZE = 12;
/** Lines are never made shorter than this, however narrow the chart (characters). */
const MIN_LINE_CHARS = 20;

/**
 * The spec with its chart title and subtitle broken at spaces into lines (a Vega-Lite text array)
 * of at most `width` px each, as Vega lays out text without a canvas (vega-scenegraph
 * `estimateWidth`: 0.8 × font size per character, the estimate the static SVG is drawn with;
 * browsers draw narrower glyphs, so the lines fit there too). Font sizes come from the title
 * itself, else `config.title` (the house theme under the spec's own: withChartConfig), else
 * Vega's defaults. A word longer than a line is cut across lines; no line is made shorter than
 * 20 characters. A spec whose title already fits, or that has none, comes back as it is (the same
 * object). See layOutFigure, which measures the width the chart has without its title.
 * @example wrapFigureTitle({ title: 'a '.repeat(20).trim(), config: { title: { fontSize: 10 } } }, 200).title
 * // ['a a a a a a a a a a a a a', 'a a a a a a a']: 25 characters a line (200 px / (0.8 × 10 px))
 */
export function wrapFigureTitle(spec: VegaLiteSpec, width: number): VegaLiteSpec {
  const title = spec.title;
  if (title === undefined || title === null) return spec;
  const titleConfig = asObject(asObject(withChartConfig(spec).config).title);
  const fits = (fontSize: unknown, fallback: number): number => Math.max(MIN_LINE_CHARS, Math.floor(width / (CHAR_WIDTH_EM * (positive(fontSize) ?? fallback))));
  if (typeof title === 'string' || Array.isArray(title)) {
    const text = wrapText(title, fits(titleConfig.fontSize, VEGA_TITLE_FONT_SIZE));
    return text === title ? spec : { ...spec, title: text };
  }
  if (typeof title !== 'object') return spec;
  const own = title as Record<string, unknown>;
  const text = wrapText(own.text, fits(own.fontSize ?? titleConfig.fontSize, VEGA_TITLE_FONT_SIZE));
  const subtitle = wrapText(own.subtitle, fits(own.subtitleFontSize ?? titleConfig.subtitleFontSize, VEGA_SUBTITLE_FONT_SIZE));
  if (text === own.text && subtitle === own.subtitle) return spec;
  return { ...spec, title: { ...own, text, ...(subtitle === undefined ? {} : { subtitle }) } };
}

/** A string or lines of text as lines of at most `max` characters; the value itself when every line fits. */
function wrapText(text: unknown, max: number): unknown {
  const lines = typeof text === 'string' ? [text] : Array.isArray(text) && text.every((l) => typeof l === 'string') ? (text as string[]) : undefined;
  if (lines === undefined || lines.every((l) => l.length <= max)) return text;
  return lines.flatMap((l) => wrapLine(l, max));
}

function wrapLine(line: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/\s+/).filter((w) => w !== '')) {
    if (current !== '' && current.length + 1 + word.length <= max) {
      current += ` ${word}`;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    for (const ch of word) {
      if (current.length + ch.length > max) {
        out.push(current);
        current = '';
      }
      current += ch;
    }
  }
  if (current !== '') out.push(current);
  return out.length > 0 ? out : [line];
}

function positive(x: unknown): number | undefined {
  return typeof x === 'number' && x > 0 ? x : undefined;
}

function asObject(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}
