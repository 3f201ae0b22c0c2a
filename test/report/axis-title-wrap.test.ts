/**
 * An axis title longer than its axis made the figure as long as the title: in the demo report a
 * 52-character y-axis title (52 × 0.8 × 12 px = 499 px, Vega's estimate of text width without a
 * canvas, vega-scenegraph estimateWidth, at the house axis title size) made a figure with a
 * 300 px high plot 556 px high, and a long x-axis title widens a figure the same way.
 * Reference: the audit's expectation, the figure keeps its plot and the size it has with a short
 * axis title, and the title wraps onto lines (a Vega-Lite axis `title` array) that together say
 * the same, by the rule of the chart-title wrapping (max(20, floor(length / (0.8 × font size)))
 * characters a line); a title that fits stays one string.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axisTitleEdits } from '../../src/report/chart/axis-title-edits.ts';
import { renderReport } from '../../src/report/index.ts';
import type { ReportDocument, VegaLiteSpec } from '../../src/report/types.ts';

const LONG_Y = 'phq_total improvement t→t+1 (centred within patient)';
const LONG_X = 'Sessions from the event (0 = post-change session), mean over all patients';
const size = (svg: string): { width: number; height: number } => {
  const [, width, height] = /^<svg[^>]*\swidth="([0-9.]+)"[^>]*\sheight="([0-9.]+)"/.exec(svg)!;
  return { width: Number(width), height: Number(height) };
};
const plot = (svg: string): string => /class="background"[^>]*\sd="(M0,0h[1-9][0-9.]*v[0-9.]*)/.exec(svg)![1]!;

function scatter(x: string, y: string): VegaLiteSpec {
  const encoding = { x: { field: 'x', type: 'quantitative', title: x }, y: { field: 'y', type: 'quantitative', title: y } };
  return {
    width: 420,
    height: 300,
    data: { values: [{ x: 1, y: 2 }, { x: 3, y: 5 }] },
    // the y title in both layers, as the demo's scatter plots carry it: drawn once, as lines
    layer: [{ mark: 'point', encoding }, { mark: 'line', encoding }],
  };
}

function bars(y: string): VegaLiteSpec {
  return {
    width: 380,
    height: { step: 80 },
    data: { values: [{ g: 'A', n: 1 }, { g: 'B', n: 2 }, { g: 'C', n: 3 }] },
    mark: 'bar',
    encoding: { y: { field: 'g', type: 'nominal', axis: { title: y } }, x: { field: 'n', type: 'quantitative', title: 'Count' } },
  };
}

function doc(figures: { id: string; spec: VegaLiteSpec }[]): ReportDocument {
  return {
    title: 'Axis titles',
    methods: [],
    citations: [],
    sections: [{ id: 'main', title: 'Main', blocks: figures.map((f) => ({ kind: 'figure' as const, id: f.id, title: f.id, description: 'Two points.', spec: f.spec })) }],
    ledger: [],
    appendix: { spec: 'name: x\n', inputs: [], packages: {}, seed: 1, timings: [] },
  };
}

describe('axisTitleEdits', () => {
  it('breaks x titles at the width and y titles at the height, by the chart-title rule, and leaves titles that fit', () => {
    // x: 200 px at 10 px, 25 characters a line; y: 100 px at 10 px, 12 (lines as long as the axis, no 20-character minimum)
    const spec = { width: 200, height: 100, config: { axis: { titleFontSize: 10 } }, layer: [{ encoding: { x: { title: 'a '.repeat(20).trim() }, y: { title: 'b '.repeat(15).trim(), axis: { title: 'c '.repeat(11).trim() } } } }] };
    expect(axisTitleEdits(spec)).toEqual({
      edits: [
        { path: ['layer', 0, 'encoding', 'x', 'title'], text: ['a a a a a a a a a a a a a', 'a a a a a a a'] },
        { path: ['layer', 0, 'encoding', 'y', 'axis', 'title'], text: ['c c c c c c', 'c c c c c'] },
      ],
      unsized: false,
    });
    expect(axisTitleEdits({ ...spec, width: 400, height: 400 })).toEqual({ edits: [], unsized: false });
    // a step height is measured on the laid-out figure
    expect(axisTitleEdits(bars(LONG_Y)).unsized).toBe(true);
    expect(axisTitleEdits(bars(LONG_Y), { width: 380, height: 240 }).edits).toHaveLength(1);
  });
});

describe('report figure with a long axis title', () => {
  it('keeps the plot and the size of the figure with short axis titles; the titles wrap into lines in the SVG, .vl.json and interactive spec', async () => {
    const out = resolve('test/output/report-axis-title-wrap');
    rmSync(out, { recursive: true, force: true });
    const figures = [
      { id: 'short', spec: scatter('Alliance', 'Improvement') },
      { id: 'long-y', spec: scatter('Alliance', LONG_Y) },
      { id: 'long-x', spec: scatter(LONG_X, 'Improvement') },
      { id: 'bars-short', spec: bars('Group') },
      { id: 'bars-long', spec: bars(LONG_Y) },
    ];
    await renderReport(doc(figures), out, { threads: 0, png: false });
    const svg = (id: string): string => readFileSync(join(out, `figures/${id}.svg`), 'utf8');
    const vl = (id: string): { layer?: { encoding: { x: { title: unknown }; y: { title: unknown } } }[]; encoding?: { y: { axis: { title: unknown } } } } =>
      JSON.parse(readFileSync(join(out, `figures/${id}.vl.json`), 'utf8'));
    expect(plot(svg('long-y'))).toBe('M0,0h420v300');
    expect(plot(svg('long-x'))).toBe('M0,0h420v300');
    // the y title's lines stand side by side: as high as with a short title (not 556 px)
    expect(size(svg('long-y')).height).toBe(size(svg('short')).height);
    // the x title's lines stand one under the other: as wide as with a short title
    expect(size(svg('long-x')).width).toBe(size(svg('short')).width);
    expect(size(svg('bars-long')).height).toBe(size(svg('bars-short')).height);

    const checks: [string, unknown, string, number][] = [
      ['long-y', vl('long-y').layer![0]!.encoding.y.title, LONG_Y, 300],
      ['long-x', vl('long-x').layer![0]!.encoding.x.title, LONG_X, 420],
      ['bars-long', vl('bars-long').encoding!.y.axis.title, LONG_Y, 240],
    ];
    for (const [id, lines, text, axis] of checks) {
      expect(Array.isArray(lines) && lines.length, id).toBeGreaterThan(1);
      expect((lines as string[]).join(' '), id).toBe(text);
      // house axis title size 12 px, 0.8 × 12 px a character, at least 20 characters a line
      for (const line of lines as string[]) expect(line.length, line).toBeLessThanOrEqual(Math.max(20, Math.floor(axis / (0.8 * 12))));
      for (const line of lines as string[]) expect(svg(id).includes(`>${line}</tspan>`), line).toBe(true);
    }
    // both layers carry the same lines; the tooltip-free short figure keeps its strings
    expect(vl('long-y').layer![1]!.encoding.y.title).toEqual(vl('long-y').layer![0]!.encoding.y.title);
    expect(vl('short').layer![0]!.encoding.y.title).toBe('Improvement');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const specs = JSON.parse(/<script type="application\/json" id="alliance-figure-specs">([\s\S]*?)<\/script>/.exec(html)![1]!) as typeof figures[number]['spec'][];
    expect(specs[1]).toEqual(vl('long-y'));
    expect(specs[4]).toEqual(vl('bars-long'));
  });
});
