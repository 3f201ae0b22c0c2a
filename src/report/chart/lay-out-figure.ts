import type { VegaLiteSpec } from '../types.ts';
import { axisTitleEdits, type FigureTitleEdit } from './axis-title-edits.ts';
import { plotSize } from './plot-size.ts';
import { renderVegaLiteToSvg, type RenderSvgOptions } from './render-vega-lite-to-svg.ts';
import { vegaLiteSvgSize } from './vega-lite-svg-size.ts';
import { withChartConfig } from './with-chart-config.ts';
import { withTitleEdits } from './with-title-edits.ts';
import { wrapFigureTitle } from './wrap-figure-title.ts';
import { positive } from './spec-values.ts';

/** Vega-Lite's padding when the config sets none (px on each side). */
const VEGA_LITE_PADDING = 5;

/**
 * A figure's static SVG whose titles stay within the chart: Vega sizes a figure to its text, so a
 * 120-character title stretched a 420 px scatter plot to 1,360 px, and a 52-character y-axis title
 * a 300 px high plot to a 556 px figure. First the x and y axis titles longer than their axis are
 * broken into lines of its length (axisTitleEdits; an axis of no numeric length is measured on the
 * figure laid out once, plotSize). Then a chart title that may be wider than the chart (wider than
 * its `width`, or any title of a composed chart) is measured against the figure laid out without
 * it, and when it is wider, broken into lines of that width (wrapFigureTitle) and the figure laid
 * out again; the figure then keeps the width it has without a title. Answers the SVG, the spec it
 * was drawn from (`spec` itself when every title fits) and the titles that were broken (`edits`,
 * withTitleEdits applies them), so the exported .vl.json and the interactive view show the same
 * lines. Warnings are those of the drawn spec only. Throws as renderVegaLiteToSvg does.
 * @example const { svg, spec: drawn, edits } = await layOutFigure(spec); // drawn.title: ['…', '…'] when it was too wide
 */
export async function layOutFigure(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<{ svg: string; spec: VegaLiteSpec; edits: FigureTitleEdit[] }> {
  let axes = axisTitleEdits(spec);
  if (axes.unsized) {
    const plot = plotSize(await renderVegaLiteToSvg(spec));
    if (plot !== undefined) axes = axisTitleEdits(spec, plot);
  }
  const edits = axes.edits;
  const wrapped = withTitleEdits(spec, edits);
  if (wrapFigureTitle(wrapped, smallestWidth(wrapped)) === wrapped) return { svg: await renderVegaLiteToSvg(wrapped, options), spec: wrapped, edits };
  const { title: _, ...untitled } = wrapped;
  const bare = await vegaLiteSvgSize(untitled);
  const drawn = wrapFigureTitle(wrapped, bare.width - horizontalPadding(withChartConfig(wrapped).config));
  if (drawn !== wrapped) edits.push({ path: ['title'], text: drawn.title });
  return { svg: await renderVegaLiteToSvg(drawn, options), spec: drawn, edits };
}

/** A width the laid-out chart is at least as wide as: its own `width`, a facet's or repeat's cell `width`, else 0. */
function smallestWidth(spec: VegaLiteSpec): number {
  const inner = spec.spec;
  const cell = typeof inner === 'object' && inner !== null ? (inner as { width?: unknown }).width : undefined;
  return positive(spec.width) ?? positive(cell) ?? 0;
}

function horizontalPadding(config: unknown): number {
  const padding = typeof config === 'object' && config !== null ? (config as { padding?: unknown }).padding : undefined;
  if (typeof padding === 'number') return 2 * padding;
  if (typeof padding === 'object' && padding !== null) {
    const { left, right } = padding as { left?: unknown; right?: unknown };
    return (typeof left === 'number' ? left : 0) + (typeof right === 'number' ? right : 0);
  }
  return 2 * VEGA_LITE_PADDING;
}
