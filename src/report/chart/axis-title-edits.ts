import type { VegaLiteSpec } from '../types.ts';
import { withChartConfig } from './with-chart-config.ts';
import { wrapTextLines } from './wrap-text-lines.ts';
import { asObject, positive } from './spec-values.ts';
import { compiledAxisTitles } from './compiled-axis-titles.ts';

/** Vega's default axis title font size (vega-parser config `axis.titleFontSize`). */
const VEGA_AXIS_TITLE_FONT_SIZE = 11;

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
 * The x and y axis titles of a spec that are longer than their axis, broken into lines (a
 * Vega-Lite text array, wrapTextLines: Vega's estimate of 0.8 × font size per character, lines
 * as long as the axis) as edits to apply with withTitleEdits. The title of an axis is the
 * channel's `axis.title`, else its `title` when the x2/y2 channel has none, else the title
 * Vega-Lite derives (from the field, `Mean of …`, merged with x2/y2's: compiledAxisTitles),
 * which is broken into the channel's `axis.title` when the figure draws it (not when a layer's
 * explicit title or a merge of the layers' titles replaces it). An axis is as long as its view's
 * `width` (x) or `height` (y), inherited by layers; when that is not a number (a step, or none),
 * as long as `plot`, the measured size of the top-level view or of a top-level facet's or
 * repeat's cell (see layOutFigure); a concatenated view of no numeric size is left alone. Font
 * sizes come from the channel's `axis.titleFontSize`, else `config.axisX`/`axisY`, else
 * `config.axis` (the house theme under the spec's own: withChartConfig), else Vega's 11 px.
 * `unsized` says whether a title that could be broken lies on an axis of unknown length: lay the
 * figure out and call again with `plot`.
 * @example axisTitleEdits({ width: 200, encoding: { x: { field: 'a', title: 'b '.repeat(20).trim() } }, config: { axis: { titleFontSize: 10 } } })
 * // { edits: [{ path: ['encoding', 'x', 'title'], text: ['b b b b b b b b b b b b b', 'b b b b b b b'] }], unsized: false }
 */
export function axisTitleEdits(spec: VegaLiteSpec, plot?: PlotSize): { edits: FigureTitleEdit[]; unsized: boolean } {
  const themed = withChartConfig(spec);
  const config = asObject(themed.config);
  const edits: FigureTitleEdit[] = [];
  let unsized = false;
  let drawn: Set<string> | undefined;
  const isDrawn = (title: unknown): boolean => (drawn ??= new Set(compiledAxisTitles(themed).map((t) => JSON.stringify(t)))).has(JSON.stringify(title));
  const visit = (view: Record<string, unknown>, path: (string | number)[], size: Partial<PlotSize>): void => {
    const width = positive(view.width) ?? size.width;
    const height = positive(view.height) ?? size.height;
    const encoding = asObject(view.encoding);
    for (const [channel, channel2, length] of [['x', 'x2', width], ['y', 'y2', height]] as const) {
      if (!(channel in encoding)) continue;
      const def = asObject(encoding[channel]);
      if (def.axis === null || def.axis === false) continue;
      const axis = asObject(def.axis);
      const derived = !('title' in axis) && (def.title === undefined || Boolean(asObject(encoding[channel2]).title));
      const key = derived || 'title' in axis ? ['axis', 'title'] : ['title'];
      const title = derived ? derivedTitle(view, channel, channel2, config) : 'title' in axis ? axis.title : def.title;
      const fontSize =
        positive(axis.titleFontSize) ?? positive(asObject(config[channel === 'x' ? 'axisX' : 'axisY']).titleFontSize) ?? positive(asObject(config.axis).titleFontSize) ?? VEGA_AXIS_TITLE_FONT_SIZE;
      if (length === undefined) {
        unsized ||= wrapTextLines(title, 0, fontSize) !== title;
        continue;
      }
      const text = wrapTextLines(title, length, fontSize);
      if (text !== title && (!derived || isDrawn(title))) edits.push({ path: [...path, 'encoding', channel, ...key], text });
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

/** The title Vega-Lite gives the axis of a view's channel (and its x2/y2) alone, or undefined. */
function derivedTitle(view: Record<string, unknown>, channel: string, channel2: string, config: Record<string, unknown>): unknown {
  const encoding = asObject(view.encoding);
  const own = { [channel]: encoding[channel], ...(channel2 in encoding ? { [channel2]: encoding[channel2] } : {}) };
  const titles = compiledAxisTitles({ data: { values: [] }, mark: view.mark ?? 'point', encoding: own, config });
  return titles.length === 1 ? titles[0] : undefined;
}
