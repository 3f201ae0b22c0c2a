/**
 * A chart title longer than the chart is wide (a correlate pair label of 120 characters) made the
 * figure as wide as the title: a 420 px scatter plot became 1,360 px (120 × 0.8 × 14 px, Vega's
 * estimate of text width without a canvas, vega-scenegraph estimateWidth, plus 2 × 8 px padding).
 * Reference: the audit's expectation, the figure keeps the width it has without a title and the
 * title wraps onto lines (a Vega-Lite title `text` array) that together say the same; a title
 * that fits stays one string.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIGURE_TITLE_MAX_CHARS } from '../../src/report/chart/figure-safe-spec.ts';
import { wrapFigureTitle } from '../../src/report/chart/wrap-figure-title.ts';
import { renderReport, renderVegaLiteToSvg, withChartConfig } from '../../src/report/index.ts';
import type { ReportDocument, VegaLiteSpec } from '../../src/report/types.ts';

const LONG = 'Early working alliance in sessions one to three measured by WAI-SR total score against PHQ-9 depressive symptom change';
const svgWidth = (svg: string): number => Number(/^<svg[^>]*\swidth="([0-9.]+)"/.exec(svg)![1]);

function scatter(title: unknown): VegaLiteSpec {
  return {
    title,
    width: 420,
    height: 300,
    data: { values: [{ x: 1, y: 2 }, { x: 3, y: 5 }] },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative', title: 'Alliance' }, y: { field: 'y', type: 'quantitative', title: 'Improvement' } },
  };
}

function doc(figures: { id: string; spec: VegaLiteSpec }[]): ReportDocument {
  return {
    title: 'Titles',
    methods: [],
    citations: [],
    sections: [{ id: 'main', title: 'Main', blocks: figures.map((f) => ({ kind: 'figure' as const, id: f.id, title: LONG, description: 'Two points.', spec: f.spec })) }],
    ledger: [],
    appendix: { spec: 'name: x\n', inputs: [], packages: {}, seed: 1, timings: [] },
  };
}

describe('wrapFigureTitle', () => {
  it('breaks at spaces into lines of width / (0.8 × font size) characters and keeps a title that fits', () => {
    // 200 px at 10 px: 25 characters a line
    expect(wrapFigureTitle({ title: 'a '.repeat(20).trim(), config: { title: { fontSize: 10 } } }, 200).title).toEqual(['a a a a a a a a a a a a a', 'a a a a a a a']);
    const fits = { title: 'a '.repeat(12).trim(), config: { title: { fontSize: 10 } } };
    expect(wrapFigureTitle(fits, 200)).toBe(fits);
    // a title object: text at its own 8 px (31 characters a line: a longer word is cut), subtitle at Vega's 12 px (20 characters)
    const obj = wrapFigureTitle({ title: { text: 'x'.repeat(40), fontSize: 8, subtitle: 'b '.repeat(15).trim() } }, 200).title;
    expect(obj).toEqual({ text: ['x'.repeat(31), 'x'.repeat(9)], fontSize: 8, subtitle: ['b b b b b b b b b b', 'b b b b b'] });
  });
});

describe('report figure with a long title', () => {
  it('keeps the width of the untitled figure; the title wraps into lines saying the same, in the SVG, .vl.json and interactive spec', async () => {
    const out = resolve('test/output/report-title-wrap');
    rmSync(out, { recursive: true, force: true });
    await renderReport(doc([{ id: 'long', spec: scatter(LONG) }, { id: 'short', spec: scatter('Alliance × outcome') }]), out, { threads: 0, png: false });
    const normal = svgWidth(await renderVegaLiteToSvg(withChartConfig(scatter(undefined))));
    expect(normal).toBeLessThan(520); // a 420 px plot with its y axis, not the 1,360 px of the unwrapped title
    const svg = readFileSync(join(out, 'figures/long.svg'), 'utf8');
    expect(svgWidth(svg)).toBe(normal);
    const spec = JSON.parse(readFileSync(join(out, 'figures/long.vl.json'), 'utf8')) as { title: string[] };
    expect(LONG.length).toBeLessThanOrEqual(FIGURE_TITLE_MAX_CHARS);
    expect(Array.isArray(spec.title) && spec.title.length).toBeGreaterThan(1);
    expect(spec.title.join(' ')).toBe(LONG);
    // each line within the plot: house title size 14 px, 0.8 × 14 px a character, 2 × 8 px padding
    for (const line of spec.title) expect(0.8 * 14 * line.length).toBeLessThanOrEqual(normal - 16);
    for (const line of spec.title) expect(svg.includes(`>${line}</tspan>`), line).toBe(true);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const specs = JSON.parse(/<script type="application\/json" id="alliance-figure-specs">([\s\S]*?)<\/script>/.exec(html)![1]!) as { title: unknown }[];
    expect(specs[0]!.title).toEqual(spec.title);
    // a title that fits stays one string, and the figure its usual width
    const short = JSON.parse(readFileSync(join(out, 'figures/short.vl.json'), 'utf8')) as { title: unknown };
    expect(short.title).toBe('Alliance × outcome');
    expect(svgWidth(readFileSync(join(out, 'figures/short.svg'), 'utf8'))).toBe(normal);
  });

  it('leaves a title that is wider than `width` but fits the figure with its axes on one line', async () => {
    // 38 characters: 426 px at 14 px, more than the 380 px plot but less than the plot with its 200 px of y labels
    const title = 'Equivalence of correlations (Fisher z)';
    const spec: VegaLiteSpec = {
      title,
      width: 380,
      data: { values: [{ label: 'A rather long modality label of some length', x: 1 }] },
      mark: 'point',
      encoding: { y: { field: 'label', type: 'nominal', axis: { labelLimit: 300 } }, x: { field: 'x', type: 'quantitative' } },
    };
    const out = resolve('test/output/report-title-fits');
    rmSync(out, { recursive: true, force: true });
    await renderReport(doc([{ id: 'fits', spec }]), out, { threads: 0, png: false });
    expect((JSON.parse(readFileSync(join(out, 'figures/fits.vl.json'), 'utf8')) as { title: unknown }).title).toBe(title);
  });
});
