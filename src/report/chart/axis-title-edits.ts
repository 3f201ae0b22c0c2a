import type { VegaLiteSpec } from '../types.ts';
import { withChartConfig } from './with-chart-config.ts';
import { wrapTextLines } from './wrap-text-lines.ts';
import { asObject, positive } from './spec-values.ts';

/** Vega's default axis title font size (vega-parser config `axis.titleFontSize`). */
const VEGA_AXIS_TITLE_FONT_SIZE = 11;
/** Titles of at most this many characters are never broken (wrapTextLines keeps lines of 20 characters). */
const UNBROKEN_CHARS = 20;

/** A title of a figure's spec as drawn: where it is (keys from the spec's root) and its text. */
export interface FigureTitleEdit {
  path: (string | number)[];
  text: unknown;
}

/** The size of a figure's plot area (a facet's or repeat's cell), as laid out. */
export interface PlotSize {
  width: number;
  height: number;
}

/**
 * The x and y axis titles of a spec (a channel's `axis.title`, else its `title`) that are longer
 * than their axis, broken at spaces into lines (a Vega-Lite text array, wrapTextLines: Vega's
 * estimate of 0.8 × font size per character) as edits to apply with withTitleEdits. An axis is as
 * long as its view's `width` (x) or `height` (y), inherited by layers; when that is not a number
 * (a step, or none), as long as `plot`, the measured size of the top-level view or of a top-level
 * facet's or repeat's cell (see layOutFigure); a concatenated view of no numeric size is left alone. Font
 * sizes come from the channel's `axis.titleFontSize`, else `config.axisX`/`axisY`, else
 * `config.axis` (the house theme under the spec's own: withChartConfig), else Vega's 11 px.
 * `unsized` says whether a title longer than 20 characters lies on an axis of unknown length:
 * lay the figure out and call again with `plot`.
 * @example axisTitleEdits({ width: 200, encoding: { x: { field: 'a', title: 'b '.repeat(20).trim() } }, config: { axis: { titleFontSize: 10 } } })
 * // { edits: [{ path: ['encoding', 'x', 'title'], text: ['b b b b b b b b b b b b b', 'b b b b b b b'] }], unsized: false }
 */
export function axisTitleEdits(spec: VegaLiteSpec, plot?: PlotSize): { edits: FigureTitleEdit[]; unsized: boolean } {
  const config = asObject(withChartConfig(spec).config);
  const edits: FigureTitleEdit[] = [];
  let unsized = false;
  const visit = (view: Record<string, unknown>, path: (string | number)[], size: Partial<PlotSize>): void => {
    const width = positive(view.width) ?? size.width;
    const height = positive(view.height) ?? size.height;
    const encoding = asObject(view.encoding);
    for (const [channel, length] of [['x', width], ['y', height]] as const) {
      const def = asObject(encoding[channel]);
      if (def.axis === null || def.axis === false) continue;
      const axis = asObject(def.axis);
      const key = 'title' in axis ? ['axis', 'title'] : ['title'];
      const title = 'title' in axis ? axis.title : def.title;
      const chars = typeof title === 'string' ? title.length : Array.isArray(title) ? Math.max(0, ...title.map((l) => String(l).length)) : 0;
      if (chars <= UNBROKEN_CHARS) continue;
      if (length === undefined) {
        unsized = true;
        continue;
      }
      const fontSize =
        positive(axis.titleFontSize) ?? positive(asObject(config[channel === 'x' ? 'axisX' : 'axisY']).titleFontSize) ?? positive(asObject(config.axis).titleFontSize) ?? VEGA_AXIS_TITLE_FONT_SIZE;
      const text = wrapTextLines(title, length, fontSize);
      if (text !== title) edits.push({ path: [...path, 'encoding', channel, ...key], text });
    }
    const layers = Array.isArray(view.layer) ? view.layer : [];
    layers.forEach((layer, i) => visit(asObject(layer), [...path, 'layer', i], { width, height }));
    if (typeof view.spec === 'object' && view.spec !== null) visit(asObject(view.spec), [...path, 'spec'], path.length === 0 ? (plot ?? {}) : {});
    for (const concat of ['hconcat', 'vconcat', 'concat']) {
      const views = Array.isArray(view[concat]) ? (view[concat] as unknown[]) : [];
      views.forEach((v, i) => visit(asObject(v), [...path, concat, i], {}));
    }
  };
  const composed = ['spec', 'hconcat', 'vconcat', 'concat'].some((k) => k in spec);
  visit(spec, [], composed ? {} : (plot ?? {}));
  return { edits, unsized };
}
