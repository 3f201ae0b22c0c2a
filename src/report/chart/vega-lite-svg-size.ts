import type { VegaLiteSpec } from '../types.ts';
import { withVegaLiteView, type RenderSvgOptions } from './with-vega-lite-view.ts';
import { renderVegaLiteToSvg } from './render-vega-lite-to-svg.ts';
import { svgSize } from './svg-size.ts';

/**
 * The width and height (px) `svgSize(await renderVegaLiteToSvg(spec))` answers, without writing
 * the SVG: the view is laid out (`runAsync`) and its size read as Vega's headless renderer sizes
 * the SVG (vega-view `render-size.js`: the view's width plus its left and right padding, at least
 * 0; likewise the height). Writing and cleaning the SVG of a 2,000-point scatter plot is most of
 * its layout's cost, and layOutFigure lays a figure out untitled only to learn its width. A size
 * the SVG's root would not carry as a plain positive number (svgSize then asks resvg) is measured
 * on the SVG itself. Throws as renderVegaLiteToSvg does.
 * @example await vegaLiteSvgSize({ width: 200, height: 100, data: { values: [{ x: 1 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } })
 * // { width: 221, height: 153 }: the plot, its axis and the padding, as the SVG says
 */
export async function vegaLiteSvgSize(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<{ width: number; height: number }> {
  const size = await withVegaLiteView(spec, options, async (view) => {
    await view.runAsync();
    const padding = view.padding() as { top: number; bottom: number; left: number; right: number };
    const laidOut = view as unknown as { _viewWidth: number; _viewHeight: number };
    return { width: Math.max(0, laidOut._viewWidth + padding.left + padding.right), height: Math.max(0, laidOut._viewHeight + padding.top + padding.bottom) };
  });
  if (readAsWritten(size.width) && readAsWritten(size.height)) return size;
  return svgSize(await renderVegaLiteToSvg(spec, options));
}

/** Whether svgSize reads `x` back from the attribute Vega writes it as (digits and a point, positive). */
function readAsWritten(x: number): boolean {
  return /^[0-9.]+$/.test(String(x)) && x > 0;
}
