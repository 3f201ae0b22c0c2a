import type { VegaLiteSpec } from '../types.ts';
import { withChartConfig } from './with-chart-config.ts';
import { wrapTextLines } from './wrap-text-lines.ts';
import { asObject, positive } from './spec-values.ts';

/** Vega's default chart title and subtitle font sizes (vega-parser config `group-title`, `group-subtitle`). */
const VEGA_TITLE_FONT_SIZE = 13;
const VEGA_SUBTITLE_FONT_SIZE = 12;

/**
 * The spec with its chart title and subtitle broken at spaces into lines (a Vega-Lite text array)
 * of at most `width` px each (wrapTextLines: Vega's estimate of 0.8 × font size per character).
 * Font sizes come from the title itself, else `config.title` (the house theme under the spec's
 * own: withChartConfig), else Vega's defaults. A word longer than a line breaks after its `_`, `-`
 * or `/`, else is cut across lines in pieces of at least 20 characters. A spec whose title
 * already fits, or that has none, comes back as it is (the same object). See layOutFigure, which
 * measures the width the chart has without its title.
 * @example wrapFigureTitle({ title: 'a '.repeat(20).trim(), config: { title: { fontSize: 10 } } }, 200).title
 * // ['a a a a a a a a a a a a a', 'a a a a a a a']: 25 characters a line (200 px / (0.8 × 10 px))
 */
export function wrapFigureTitle(spec: VegaLiteSpec, width: number): VegaLiteSpec {
  const title = spec.title;
  if (title === undefined || title === null) return spec;
  const titleConfig = asObject(asObject(withChartConfig(spec).config).title);
  if (typeof title === 'string' || Array.isArray(title)) {
    const text = wrapTextLines(title, width, positive(titleConfig.fontSize) ?? VEGA_TITLE_FONT_SIZE);
    return text === title ? spec : { ...spec, title: text };
  }
  if (typeof title !== 'object') return spec;
  const own = title as Record<string, unknown>;
  const text = wrapTextLines(own.text, width, positive(own.fontSize ?? titleConfig.fontSize) ?? VEGA_TITLE_FONT_SIZE);
  const subtitle = wrapTextLines(own.subtitle, width, positive(own.subtitleFontSize ?? titleConfig.subtitleFontSize) ?? VEGA_SUBTITLE_FONT_SIZE);
  if (text === own.text && subtitle === own.subtitle) return spec;
  return { ...spec, title: { ...own, text, ...(subtitle === undefined ? {} : { subtitle }) } };
}
