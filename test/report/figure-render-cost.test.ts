/**
 * The figure worker's CPU at 100,000 patients went to work whose result was thrown away or
 * already known: layOutFigure wrote a whole untitled SVG (2 MB for a 2,000-point scatter plot)
 * only to read its width, xmlSafeText's look-around pattern scanned every SVG in full, and the
 * correlation's and the bootstrap's scatter plots, whose specs differ only in their description,
 * were each laid out and rasterized. Reference: the figures must stay byte-identical, so each
 * shortcut is checked against the long way: vegaLiteSvgSize against svgSize of the SVG Vega
 * writes (vega-view render-size.js), xmlSafeText's quick scan against its full look-around pattern on every UTF-16 code unit,
 * and a shared figure against the figure rendered on its own (vega-lite compile.ts puts only the
 * top-level description in the Vega spec's `description`, which vega-view sets on a browser's
 * chart element; a nested view's description is drawn, as `aria-label`).
 */
import * as vega from 'vega';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFigureRenderer } from '../../src/report/chart/create-figure-renderer.ts';
import { layOutFigure } from '../../src/report/chart/lay-out-figure.ts';
import { renderFigure } from '../../src/report/chart/render-figure.ts';
import { renderVegaLiteToSvg } from '../../src/report/chart/render-vega-lite-to-svg.ts';
import { svgSize } from '../../src/report/chart/svg-size.ts';
import { vegaLiteSvgSize } from '../../src/report/chart/vega-lite-svg-size.ts';
import { withChartConfig } from '../../src/report/chart/with-chart-config.ts';
import { xmlSafeText } from '../../src/report/html/xml-safe-text.ts';
import type { VegaLiteSpec } from '../../src/report/types.ts';

const points = Array.from({ length: 40 }, (_, i) => ({ x: i * 1234.5, y: Math.sin(i) * 1e4, g: `group ${i % 3}` }));
const xy = { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } };

/** Views that size differently: axes with long labels, a legend, facets, concatenation, padding and autosize settings, a title. */
const SPECS: Record<string, VegaLiteSpec> = {
  'single view': { width: 200, height: 100, data: { values: points }, mark: 'point', encoding: xy },
  'layers and a legend': {
    width: 300,
    height: 150,
    data: { values: points },
    layer: [{ mark: 'point', encoding: { ...xy, color: { field: 'g', type: 'nominal', title: 'A rather long legend title' } } }, { mark: 'line', encoding: xy }],
  },
  facet: { data: { values: points }, facet: { field: 'g', type: 'nominal' }, columns: 2, spec: { width: 120, height: 80, mark: 'point', encoding: xy } },
  hconcat: { data: { values: points }, hconcat: [{ width: 90, mark: 'point', encoding: xy }, { width: 'container', mark: 'bar', encoding: { x: { field: 'g', type: 'nominal' }, y: { aggregate: 'count', type: 'quantitative' } } }] },
  'padding object, odd sizes': { width: 123.5, height: 77.25, padding: { left: 3, right: 11, top: 2, bottom: 7 }, data: { values: points }, mark: 'point', encoding: xy },
  'autosize fit': { width: 250, height: 120, autosize: { type: 'fit', contains: 'padding' }, data: { values: points }, mark: 'point', encoding: xy },
  'titled step width': { title: 'A title', width: { step: 17 }, data: { values: points }, mark: 'bar', encoding: { x: { field: 'g', type: 'nominal' }, y: { aggregate: 'count', type: 'quantitative' } } },
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vegaLiteSvgSize', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(`is the size of the SVG Vega writes: ${name}`, async () => {
      const themed = withChartConfig(spec);
      expect(await vegaLiteSvgSize(themed)).toEqual(svgSize(await renderVegaLiteToSvg(themed)));
    });
  }

  it('is 221 × 153 px for the 200 × 100 px plot of its example, as the SVG says', async () => {
    const spec: VegaLiteSpec = { width: 200, height: 100, data: { values: [{ x: 1 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } };
    expect(/^<svg[^>]* width="221" height="153"/.test(await renderVegaLiteToSvg(spec))).toBe(true);
    expect(await vegaLiteSvgSize(spec)).toEqual({ width: 221, height: 153 });
  });

  it('throws as renderVegaLiteToSvg does for a spec loading data from a URL', async () => {
    const spec = { data: { url: 'https://example.org/x.csv' }, mark: 'point' } as VegaLiteSpec;
    await expect(vegaLiteSvgSize(spec)).rejects.toThrow(/must be inline/);
  });
});

describe('layOutFigure', () => {
  it('writes the SVG once when it measures the untitled figure for a title wider than the chart', async () => {
    const spec = withChartConfig({ ...SPECS['layers and a legend']!, title: 'Early working alliance in sessions one to three against depressive symptom change' });
    const toSvg = vi.spyOn(vega.View.prototype, 'toSVG');
    const { spec: drawn } = await layOutFigure(spec);
    expect(Array.isArray(drawn.title)).toBe(true); // the title was measured against the untitled chart and broken
    expect(toSvg).toHaveBeenCalledTimes(1);
  });
});

describe('xmlSafeText with its quick scan', () => {
  // the long way: the look-around pattern applied to every text (XML 1.0 Char production; unpaired surrogates)
  const fullPattern = (t: string) =>
    t.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => (c.charCodeAt(0) < 0x20 ? ' ' : '\uFFFD'));
  it('equals the full pattern for every UTF-16 code unit, alone and in surrogate pairs', () => {
    for (let u = 0; u <= 0xffff; u++) {
      const s = `<text>a${String.fromCharCode(u)}b</text>`;
      expect(xmlSafeText(s)).toBe(fullPattern(s));
    }
    for (const s of ['x\uD83D\uDE00y', '\uD83D', '\uDE00x', 'x\uD83D', '\uDE00\uD83D', '\uFFFE\uFFFF']) expect(xmlSafeText(s)).toBe(fullPattern(s));
  });
});

describe('createFigureRenderer', () => {
  const scatter = (description: string): VegaLiteSpec => withChartConfig({ ...SPECS['layers and a legend']!, description });

  it('renders once for specs that differ only in their top-level description, with the bytes of each rendered alone', async () => {
    const a = scatter('r = .24 (unadjusted; Holm-adjusted p < .001)');
    const b = scatter('r = .24, bootstrap 95% CI [.23, .24]');
    const toSvg = vi.spyOn(vega.View.prototype, 'toSVG');
    const r = createFigureRenderer({ threads: 0, png: { dpi: 96 } });
    const [fa, fb] = await Promise.all([r.render(JSON.stringify(a), a), r.render(JSON.stringify(b), b)]);
    await r.close();
    expect(toSvg).toHaveBeenCalledTimes(1);
    const alone = await renderFigure({ spec: b, png: { dpi: 96 } });
    expect(fb.svg).toBe(alone.svg);
    expect(Buffer.compare(Buffer.from(fb.png!), Buffer.from(alone.png!))).toBe(0);
    expect(fa).toBe(fb);
  });

  it('renders specs apart whose descriptions differ inside a view (Vega-Lite writes those into the SVG)', async () => {
    const inner = (d: string): VegaLiteSpec => withChartConfig({ description: 'same', data: { values: points }, hconcat: [{ description: d, mark: 'point', encoding: xy }, { mark: 'point', encoding: xy }] });
    const a = inner('first');
    const b = inner('second');
    const r = createFigureRenderer({ threads: 0, png: null });
    const [fa, fb] = await Promise.all([r.render(JSON.stringify(a), a), r.render(JSON.stringify(b), b)]);
    await r.close();
    expect(fa).not.toBe(fb);
    expect(fa.svg).not.toBe(fb.svg);
  });
});
