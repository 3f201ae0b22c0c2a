import type { VegaLiteSpec } from '../types.ts';
import { renderVegaLiteToSvg, type RenderSvgOptions } from './render-vega-lite-to-svg.ts';
import { svgSize } from './svg-size.ts';
import { withChartConfig } from './with-chart-config.ts';
import { wrapFigureTitle } from './wrap-figure-title.ts';

/** Vega-Lite's padding when the config sets none (px on each side). */
const VEGA_LITE_PADDING = 5;

/**
 * A figure's static SVG whose chart title stays within the chart: Vega sizes a figure to its
 * text, so a 120-character title stretched a 420 px scatter plot to 1,360 px. A title that may be
 * wider than the chart (wider than its `width`, or any title of a composed chart) is measured
 * against the figure laid out without it, and when it is wider, broken into lines of that width
 * (wrapFigureTitle) and the figure laid out again; the figure then keeps the width it has without
 * a title. Answers the SVG and the spec it was drawn from (`spec` itself when the title fits), so
 * the exported .vl.json and the interactive view show the same lines. Warnings are those of the
 * drawn spec only. Throws as renderVegaLiteToSvg does.
 * @example const { svg, spec: drawn } = await layOutFigure(spec); // drawn.title: ['…', '…'] when it was too wide
 */
export async function layOutFigure(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<{ svg: string; spec: VegaLiteSpec }> {
  if (wrapFigureTitle(spec, smallestWidth(spec)) === spec) return { svg: await renderVegaLiteToSvg(spec, options), spec };
  const { title: _, ...untitled } = spec;
  const bare = await renderVegaLiteToSvg(untitled);
  const drawn = wrapFigureTitle(spec, svgSize(bare).width - horizontalPadding(withChartConfig(spec).config));
  return { svg: await renderVegaLiteToSvg(drawn, options), spec: drawn };
}

/** A width the laid-out chart is at least as wide as: its own `width`, a facet's or repeat's cell `width`, else 0. */
function smallestWidth(spec: VegaLiteSpec): number {
  const inner = spec.spec;
  const cell = typeof inner === 'object' && inner !== null ? (inner as { width?: unknown }).width : undefined;
  for (const w of [spec.width, cell]) if (typeof w === 'number' && w > 0) return w;
  return 0;
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
