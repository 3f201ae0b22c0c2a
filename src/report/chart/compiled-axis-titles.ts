import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../types.ts';

/**
 * The titles of the axes Vega-Lite compiles a spec to (`axes[].title` anywhere in the Vega spec:
 * a view's, a layer's merged axis, a facet's header axes), as Vega-Lite derives them: an
 * explicit title, else one from the field (`mean_alliance`, `Mean of alliance`), merged with the
 * x2/y2 field's ("a, b"). Only text titles (a string or lines), each once. Empty when the spec
 * does not compile; warnings are dropped (renderVegaLiteToSvg reports them when it draws). With
 * `scale`, only the axes of that scale (`'y'`: the y axis of a top-level single or layered view).
 * @example compiledAxisTitles({ data: { values: [] }, mark: 'point', encoding: { y: { aggregate: 'mean', field: 'x', type: 'quantitative' } } })
 * // ['Mean of x']
 */
export function compiledAxisTitles(spec: VegaLiteSpec, scale?: string): unknown[] {
  let compiled: unknown;
  try {
    compiled = vl.compile(spec as unknown as TopLevelSpec, { logger: vega.logger(vega.None) }).spec;
  } catch {
    return [];
  }
  const titles = new Map<string, unknown>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const { axes } = node as { axes?: unknown };
    for (const axis of Array.isArray(axes) ? axes : []) {
      if (scale !== undefined && (axis as { scale?: unknown }).scale !== scale) continue;
      const title = (axis as { title?: unknown }).title;
      if (typeof title === 'string' || (Array.isArray(title) && title.every((l) => typeof l === 'string'))) titles.set(JSON.stringify(title), title);
    }
    Object.values(node).forEach(visit);
  };
  visit(compiled);
  return [...titles.values()];
}
