import type { VegaLiteSpec } from '../types.ts';
import { withChartConfig } from './with-chart-config.ts';
import { wrapTextLines } from './wrap-text-lines.ts';
import { asObject, isPlainObject, positive } from './spec-values.ts';
import { compiledAxisTitles } from './compiled-axis-titles.ts';
import { expandRepeat } from './expand-repeat.ts';

/** Vega's default axis title font size (vega-parser config `axis.titleFontSize`). */
const VEGA_AXIS_TITLE_FONT_SIZE = 11;

/**
 * A title of a figure's spec as drawn: where it is (keys from the spec's root) and its text; or a
 * repeat whose cells draw titles broken differently, and the concatenation it is drawn as instead
 * (expandRepeat), before the edits of its cells' titles.
 */
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
 * explicit title or a merge of the layers' titles replaces it). A title Vega-Lite joins from the
 * layers of a layered view or layer repeat ("a, b": joinedLayerTitle) is broken as a whole and
 * written at `axis.title` in every layer, so each layer draws the same lines. A repeat by row,
 * column or list whose cells' titles (from their fields) break differently is written out as the
 * concatenation Vega-Lite draws (expandRepeat) and each cell's title broken there. An axis is as long as its view's
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
  const fontSizeOf = (axis: Record<string, unknown>, channel: 'x' | 'y'): number =>
    positive(axis.titleFontSize) ?? positive(asObject(config[channel === 'x' ? 'axisX' : 'axisY']).titleFontSize) ?? positive(asObject(config.axis).titleFontSize) ?? VEGA_AXIS_TITLE_FONT_SIZE;
  /** Breaks `title` to `length` and writes the lines at each path; an axis of unknown length only marks the figure unsized. */
  const wrapInto = (title: unknown, length: number | undefined, fontSize: number, paths: (string | number)[][], when: () => boolean = () => true): void => {
    if (length === undefined) {
      unsized ||= wrapTextLines(title, 0, fontSize) !== title;
      return;
    }
    const text = wrapTextLines(title, length, fontSize);
    if (text !== title && when()) for (const p of paths) edits.push({ path: p, text });
  };
  const visit = (view: Record<string, unknown>, path: (string | number)[], size: Partial<PlotSize>, joined: ReadonlySet<string>): void => {
    // a layered view without a size of its own is as large as its layers
    const inner = layerChildren(view).map(([layer]) => layer);
    const width = positive(view.width) ?? size.width ?? inner.map((l) => positive(l.width)).find((w) => w !== undefined);
    const height = positive(view.height) ?? size.height ?? inner.map((l) => positive(l.height)).find((h) => h !== undefined);
    const encoding = asObject(view.encoding);
    const handled = new Set(joined);
    for (const [channel, channel2, length] of [['x', 'x2', width], ['y', 'y2', height]] as const) {
      if (handled.has(channel)) continue;
      const merged = joinedLayerTitle(view, channel, channel2, config);
      if (merged === undefined) {
        if (!(channel in encoding)) continue;
        const def = asObject(encoding[channel]);
        if (def.axis === null || def.axis === false) continue;
        const { title, key, derived } = ownTitle(view, channel, channel2, config);
        wrapInto(title, length, fontSizeOf(asObject(def.axis), channel), [[...path, 'encoding', channel, ...key]], () => !derived || isDrawn(title));
        continue;
      }
      handled.add(channel);
      wrapInto(merged.title, length, fontSizeOf(merged.axis, channel), merged.sites.map((site) => [...path, ...site, 'encoding', channel, 'axis', 'title']));
    }
    for (const [child, childPath] of layerChildren(view)) visit(child, [...path, ...childPath], { width, height }, handled);
    if (typeof view.spec === 'object' && view.spec !== null && layerChildren(view).length === 0) {
      const cell = path.length === 0 ? (plot ?? {}) : {};
      const layers = asObject(view.repeat).layer;
      if (!visitRepeatCells(view, path, cell, handled)) {
        // a row or column repeat of layers whose cells break alike: the layers' joined title is broken in the repeated spec
        if (Array.isArray(layers)) visit({ repeat: { layer: layers }, spec: view.spec }, path, cell, handled);
        else visit(asObject(view.spec), [...path, 'spec'], cell, handled);
      }
    }
    for (const concat of ['hconcat', 'vconcat', 'concat']) {
      const views = Array.isArray(view[concat]) ? (view[concat] as unknown[]) : [];
      views.forEach((v, i) => visit(asObject(v), [...path, concat, i], {}, handled));
    }
  };
  /**
   * Visits the cells of a repeat by row, column or list written out (expandRepeat); when their
   * titles are broken differently from cell to cell (each cell's title comes from its own field),
   * keeps their edits after one that writes the repeat out, and answers true.
   */
  const visitRepeatCells = (view: Record<string, unknown>, path: (string | number)[], size: Partial<PlotSize>, joined: ReadonlySet<string>): boolean => {
    const expanded = expandRepeat(view);
    if (expanded === undefined) return false;
    const start = edits.length;
    const cells = expanded.concat as Record<string, unknown>[];
    cells.forEach((cell, i) => visit(cell, [...path, 'concat', i], size, joined));
    const inCell = cells.map((_, i) => JSON.stringify(edits.slice(start).flatMap((e) => (e.path[path.length + 1] === i ? [[e.path.slice(path.length + 2), e.text]] : []))));
    if (inCell.every((e) => e === inCell[0])) {
      edits.length = start;
      return false;
    }
    edits.splice(start, 0, { path, text: expanded });
    return true;
  };
  const composed = ['spec', 'hconcat', 'vconcat', 'concat'].some((k) => k in spec) && layerChildren(spec).length === 0;
  visit(spec, [], composed ? {} : (plot ?? {}), new Set());
  return { edits, unsized };
}

/**
 * The title a view's own definition of a channel gives its axis, and the keys under the channel
 * it is written at: `axis.title`, else the channel's `title` when x2/y2 has none, else the title
 * Vega-Lite derives (`derived`), to be written at `axis.title`.
 */
function ownTitle(view: Record<string, unknown>, channel: 'x' | 'y', channel2: 'x2' | 'y2', config: Record<string, unknown>): { title: unknown; key: string[]; derived: boolean } {
  const encoding = asObject(view.encoding);
  const def = asObject(encoding[channel]);
  const axis = asObject(def.axis);
  const derived = !('title' in axis) && (def.title === undefined || Boolean(asObject(encoding[channel2]).title));
  if (derived) return { title: derivedTitle(view, channel, channel2, config), key: ['axis', 'title'], derived };
  return 'title' in axis ? { title: axis.title, key: ['axis', 'title'], derived } : { title: def.title, key: ['title'], derived };
}

/**
 * The layers of a view with their keys: a layered view's `layer`, a layer repeat's `spec` (each
 * repeated layer is a copy of it); none for any other view.
 */
function layerChildren(view: Record<string, unknown>): [Record<string, unknown>, (string | number)[]][] {
  if (Array.isArray(view.layer)) return view.layer.map((layer, i) => [asObject(layer), ['layer', i]]);
  const repeat = asObject(view.repeat);
  return Array.isArray(repeat.layer) && !('row' in repeat) && !('column' in repeat) ? [[asObject(view.spec), ['spec']]] : [];
}

/**
 * The title Vega-Lite draws on the axis a layered view's layers share for `channel` when it is
 * none of their own titles (it joins the layers' titles, "a, b", or a layer repeat's fields), with
 * the places (under the view) of the channel definitions the layers' axes come from: a layer's
 * own definition when it has its own `axis` or inherits none from the view's or an outer layer's
 * `encoding`. The same title written at `axis.title` in all of them is the title every layer
 * draws, so Vega-Lite draws it once. Undefined when the view has no layers, its layers' axes are
 * independent, or it draws one layer's title (axisTitleEdits breaks that where it is given).
 */
function joinedLayerTitle(
  view: Record<string, unknown>,
  channel: 'x' | 'y',
  channel2: 'x2' | 'y2',
  config: Record<string, unknown>,
): { title: unknown; sites: (string | number)[][]; axis: Record<string, unknown> } | undefined {
  if (layerChildren(view).length === 0) return undefined;
  // unnamed, so that its scales are named after their channels
  const { name: _, ...unnamed } = view;
  const [title] = compiledAxisTitles({ ...unnamed, data: { values: [] }, config }, channel);
  if (title === undefined) return undefined;
  const sites: (string | number)[][] = [];
  const own: string[] = [];
  let axis: Record<string, unknown> | undefined;
  const walk = (node: Record<string, unknown>, path: (string | number)[], inherited: boolean): void => {
    const def = asObject(node.encoding)[channel];
    let passes = inherited;
    if (isPlainObject(def) && def.axis !== null && def.axis !== false) {
      own.push(JSON.stringify(ownTitle(node, channel, channel2, config).title));
      if (isPlainObject(def.axis) || !inherited) sites.push(path);
      axis ??= isPlainObject(def.axis) && 'titleFontSize' in def.axis ? def.axis : undefined;
      passes = true;
    }
    for (const [child, childPath] of layerChildren(node)) walk(child, [...path, ...childPath], passes);
  };
  walk(view, [], false);
  if (sites.length === 0 || own.includes(JSON.stringify(title))) return undefined;
  return { title, sites, axis: axis ?? {} };
}

/** The title Vega-Lite gives the axis of a view's channel (and its x2/y2) alone, or undefined. */
function derivedTitle(view: Record<string, unknown>, channel: string, channel2: string, config: Record<string, unknown>): unknown {
  const encoding = asObject(view.encoding);
  const own = { [channel]: encoding[channel], ...(channel2 in encoding ? { [channel2]: encoding[channel2] } : {}) };
  const titles = compiledAxisTitles({ data: { values: [] }, mark: view.mark ?? 'point', encoding: own, config });
  return titles.length === 1 ? titles[0] : undefined;
}
