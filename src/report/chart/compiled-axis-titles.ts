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
  const titles = new Map<string, unknown>();
  for (const axis of compiledAxes(spec)) if (scale === undefined || axis.scale === scale) titles.set(axis.key, axis.title);
  return [...titles.values()];
}

/**
 * Every text-titled axis of the compiled spec with its scale, remembered by the spec's text (the
 * titles of a figure are read for each axis and each layered view, and figures repeat specs):
 * compiling is most of the cost.
 */
function compiledAxes(spec: VegaLiteSpec): { scale: unknown; title: unknown; key: string }[] {
  const emptied = withoutValues(spec);
  const memoKey = JSON.stringify(emptied);
  const known = remembered.get(memoKey);
  if (known) return known;
  let compiled: unknown;
  const axes: { scale: unknown; title: unknown; key: string }[] = [];
  try {
    compiled = vl.compile(emptied as unknown as TopLevelSpec, { logger: vega.logger(vega.None) }).spec;
  } catch {
    compiled = undefined;
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const { axes: here } = node as { axes?: unknown };
    for (const axis of Array.isArray(here) ? here : []) {
      const title = (axis as { title?: unknown }).title;
      if (typeof title === 'string' || (Array.isArray(title) && title.every((l) => typeof l === 'string'))) axes.push({ scale: (axis as { scale?: unknown }).scale, title, key: JSON.stringify(title) });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'data') visit(value);
  };
  visit(compiled);
  if (remembered.size >= 512) remembered.clear();
  remembered.set(memoKey, axes);
  return axes;
}

const remembered = new Map<string, { scale: unknown; title: unknown; key: string }[]>();

/**
 * The spec with every inline dataset emptied (`data.values`, `datasets`): the titles come from the
 * encodings, and a figure's thousands of data points would otherwise be copied into the compiled
 * spec and walked for nothing.
 */
function withoutValues(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutValues);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'data' && typeof value === 'object' && value !== null && 'values' in value) out[key] = { ...value, values: [] };
    else if (key === 'datasets' && typeof value === 'object' && value !== null) out[key] = Object.fromEntries(Object.keys(value).map((k) => [k, []]));
    else out[key] = key === 'config' ? value : withoutValues(value);
  }
  return out;
}
