import { rewriteSvgIds } from '../html/rewrite-svg-ids.ts';
import type { VegaLiteSpec } from '../types.ts';
import { withVegaLiteView, type RenderSvgOptions } from './with-vega-lite-view.ts';
import { xmlSafeText } from '../html/xml-safe-text.ts';

export type { RenderSvgOptions } from './with-vega-lite-view.ts';

/**
 * Renders a Vega-Lite spec to a static SVG string in Node, without a browser or canvas:
 * `vl.compile` (with {@link chartConfig} merged under the spec's config) → `vega.parse` →
 * a headless `vega.View` (`renderer: 'none'`) → `toSVG()` (see withVegaLiteView). Text widths
 * are estimated, so label placement can differ slightly from a browser. Data must be inline
 * (`values`): the view's loader refuses every URL and file, so an untrusted spec cannot read the
 * disk or the network. Vega escapes all text and attributes it writes into the SVG; characters
 * XML forbids even escaped (control characters from a cell or label) become spaces
 * (xmlSafeText), so the SVG is always well-formed. Ids inside the SVG (clip paths, gradients)
 * are numbered from 1 in each SVG, so the output is deterministic.
 * @example await renderVegaLiteToSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } })
 * // '<svg xmlns="http://www.w3.org/2000/svg" … </svg>'
 */
export async function renderVegaLiteToSvg(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<string> {
  const svg = await withVegaLiteView(spec, options, (view) => view.toSVG());
  return renumberIds(xmlSafeText(svg));
}

/** Vega numbers clip paths and gradients with a process-wide counter; restart it per SVG so output is reproducible. */
function renumberIds(svg: string): string {
  const counters = new Map<string, number>();
  return rewriteSvgIds(svg, (id) => {
    const base = id.replace(/\d+$/, '');
    const k = (counters.get(base) ?? 0) + 1;
    counters.set(base, k);
    return `${base}${k}`;
  });
}
