/**
 * Three ways an axis title still ran past its axis after 5051f69 (axis titles wrap onto lines):
 * 1. lines were never shorter than 20 characters (192 px at the house 12 px), so on an axis of
 *    120 px a 19-character line still stuck out;
 * 2. a title given on x2/y2 (Vega-Lite draws it on the x/y axis) was not broken;
 * 3. a title Vega-Lite derives from the field (`mean_alliance_at_session_3_by_modality`,
 *    `Mean of …`) was not broken.
 * Reference: the audit's expectation, measured on the rendered SVG: each line of the axis title,
 * at Vega's estimate of text width without a canvas (vega-scenegraph estimateWidth, 0.8 × font
 * size per character, the estimate the SVG is laid out with), is no longer than its axis unless
 * it is one word; the lines say the title Vega-Lite draws; and the figure keeps the size it has
 * with a short title along that axis (x lines stand one under the other, y lines side by side).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrapTextLines } from '../../src/report/chart/wrap-text-lines.ts';
import { renderReport } from '../../src/report/index.ts';
import type { ReportDocument, VegaLiteSpec } from '../../src/report/types.ts';

/** vega-scenegraph estimateWidth: 0.8 × font size per character. */
const CHAR_WIDTH_EM = 0.8;

interface AxisTitle {
  lines: string[];
  fontSize: number;
}

const size = (svg: string): { width: number; height: number } => {
  const [, width, height] = /^<svg[^>]*\swidth="([0-9.]+)"[^>]*\sheight="([0-9.]+)"/.exec(svg)!;
  return { width: Number(width), height: Number(height) };
};

/** The axis titles of an SVG as Vega drew them: each title's lines (its tspans, else its text) and font size. */
function axisTitles(svg: string): AxisTitle[] {
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<g class="mark-text role-axis-title"[^>]*><text([^>]*)>(.*?)<\/text>/g)].map(([, attrs, body]) => {
    const spans = [...body!.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((m) => unescape(m[1]!));
    return { lines: spans.length > 0 ? spans : [unescape(body!)], fontSize: Number(/font-size="([0-9.]+)px"/.exec(attrs!)![1]) };
  });
}

const extent = (t: AxisTitle): number => Math.max(...t.lines.map((l) => l.length)) * CHAR_WIDTH_EM * t.fontSize;
const sameWords = (lines: string[], title: string): boolean => lines.join('').replace(/\s/g, '') === title.replace(/\s/g, '');

function doc(figures: Record<string, VegaLiteSpec>): ReportDocument {
  return {
    title: 'Axis titles',
    methods: [],
    citations: [],
    sections: [
      { id: 'main', title: 'Main', blocks: Object.entries(figures).map(([id, spec]) => ({ kind: 'figure' as const, id, title: id, description: 'Two points.', spec })) },
    ],
    ledger: [],
    appendix: { spec: 'name: x\n', inputs: [], packages: {}, seed: 1, timings: [] },
  };
}

async function render(name: string, figures: Record<string, VegaLiteSpec>): Promise<{ svg: (id: string) => string; vl: (id: string) => Record<string, any> }> {
  const out = resolve(`test/output/${name}`);
  rmSync(out, { recursive: true, force: true });
  await renderReport(doc(figures), out, { threads: 0, png: false });
  return {
    svg: (id) => readFileSync(join(out, `figures/${id}.svg`), 'utf8'),
    vl: (id) => JSON.parse(readFileSync(join(out, `figures/${id}.vl.json`), 'utf8')) as Record<string, any>,
  };
}

const values = [{ a: 1, b: 2, c: 3, g: 'A' }, { a: 3, b: 5, c: 6, g: 'B' }];

function scatter(side: number, x: Record<string, unknown>, y: Record<string, unknown>, data: unknown[] = values): VegaLiteSpec {
  return { width: side, height: side, data: { values: data }, mark: 'point', encoding: { x: { type: 'quantitative', ...x }, y: { type: 'quantitative', ...y } } };
}

describe('wrapTextLines', () => {
  it('makes lines as long as the axis holds, breaks field names after _, and lets only a single word stick out', () => {
    // 120 px at 12 px: 12 characters a line (the old rule kept 20, 192 px)
    expect(wrapTextLines('Improvement on PHQ-9', 120, 12)).toEqual(['Improvement', 'on PHQ-9']);
    // 300 px at 12 px: 31 characters; the field name breaks after an underscore, not inside a word
    expect(wrapTextLines('mean_alliance_at_session_3_by_modality', 300, 12)).toEqual(['mean_alliance_at_session_3_by_', 'modality']);
    // one word of 17 characters on a 100 px axis (10 characters) stays whole: it is the title
    const word = 'Psychotherapeutic';
    expect(wrapTextLines(word, 100, 12)).toBe(word);
  });
});

describe('axis titles that ran past their axis', () => {
  it('on an axis shorter than 20 characters, every line fits the axis', async () => {
    const LONG_X = 'Alliance at session three'; // 25 characters: 240 px on a 120 px axis; the old rule drew 'Alliance at session' (182 px)
    const LONG_Y = 'Improvement on PHQ-9'; // 20 characters: 192 px, never broken by the old rule
    const { svg } = await render('report-axis-title-short-axis', {
      short: scatter(120, { field: 'a', title: 'Alliance' }, { field: 'b', title: 'PHQ' }),
      'long-x': scatter(120, { field: 'a', title: LONG_X }, { field: 'b', title: 'PHQ' }),
      'long-y': scatter(120, { field: 'a', title: 'Alliance' }, { field: 'b', title: LONG_Y }),
    });
    const [x] = axisTitles(svg('long-x'));
    const [, y] = axisTitles(svg('long-y'));
    for (const [title, text] of [[x!, LONG_X], [y!, LONG_Y]] as const) {
      expect(title.lines.length, text).toBeGreaterThan(1);
      expect(title.lines.join(' ')).toBe(text);
      expect(extent(title), text).toBeLessThanOrEqual(120);
    }
    expect(size(svg('long-x')).width).toBe(size(svg('short')).width);
    expect(size(svg('long-y')).height).toBe(size(svg('short')).height);
  });

  it('a title given on x2 is broken on the x axis it is drawn on', async () => {
    const X2 = 'Range of the alliance from the first to the last session'; // 56 characters: 538 px on a 200 px axis
    const range = (title: string): VegaLiteSpec => ({
      width: 200,
      height: 200,
      data: { values },
      mark: 'bar',
      encoding: { y: { field: 'g', type: 'nominal' }, x: { field: 'a', type: 'quantitative' }, x2: { field: 'c', title } },
    });
    const { svg, vl } = await render('report-axis-title-x2', { short: range('Range'), long: range(X2) });
    const [x] = axisTitles(svg('long'));
    expect(x!.lines.length).toBeGreaterThan(1);
    expect(x!.lines.join(' ')).toBe(X2);
    expect(extent(x!)).toBeLessThanOrEqual(200);
    expect(size(svg('long')).width).toBe(size(svg('short')).width);
    // the exported spec draws the same lines
    expect(vl('long').encoding.x.axis.title).toEqual(x!.lines);
  });

  it('a title Vega-Lite derives from the field name or aggregate is broken; a layer whose derived title is not drawn is left alone', async () => {
    const FIELD = 'mean_alliance_at_session_3_by_modality'; // 38 characters: 365 px on a 200 px axis
    const OUTCOME = 'improvement_in_phq_total_from_intake'; // y title 'Mean of …': 44 characters, 422 px
    const SPACED = 'treatment modality of the patient'; // a field name with spaces, on a step-sized y axis of 3 × 40 px
    const row = { [FIELD]: 1, [OUTCOME]: 2, m: 1, i: 2, [SPACED]: 'A', g: 'A' };
    const data = [row, { ...row, [SPACED]: 'B', g: 'B' }, { ...row, [SPACED]: 'C', g: 'C' }];
    const bars = (field: string): VegaLiteSpec => ({
      width: 200,
      height: { step: 40 },
      data: { values: data },
      mark: 'bar',
      encoding: { y: { field, type: 'nominal' }, x: { field: 'm', type: 'quantitative' } },
    });
    const layered: VegaLiteSpec = {
      width: 200,
      height: 200,
      data: { values: data },
      layer: [
        { mark: 'point', encoding: { x: { field: 'm', type: 'quantitative', title: 'Alliance' }, y: { field: 'i', type: 'quantitative' } } },
        { mark: 'line', encoding: { x: { field: FIELD, type: 'quantitative' }, y: { field: 'i', type: 'quantitative' } } },
      ],
    };
    const { svg, vl } = await render('report-axis-title-derived', {
      short: scatter(200, { field: 'm' }, { aggregate: 'mean', field: 'i' }, data),
      'long-x': scatter(200, { field: FIELD }, { aggregate: 'mean', field: 'i' }, data),
      'long-y': scatter(200, { field: 'm' }, { aggregate: 'mean', field: OUTCOME }, data),
      'bars-short': bars('g'),
      'bars-long': bars(SPACED),
      layered,
    });
    const checks: [string, AxisTitle, string, number][] = [
      ['long-x', axisTitles(svg('long-x'))[0]!, FIELD, 200],
      ['long-y', axisTitles(svg('long-y'))[1]!, `Mean of ${OUTCOME}`, 200],
      ['bars-long', axisTitles(svg('bars-long'))[1]!, SPACED, 120],
    ];
    for (const [id, title, text, axis] of checks) {
      expect(title.lines.length, id).toBeGreaterThan(1);
      expect(sameWords(title.lines, text), id).toBe(true);
      expect(extent(title), id).toBeLessThanOrEqual(axis);
    }
    expect(size(svg('long-x')).width).toBe(size(svg('short')).width);
    expect(size(svg('long-y')).height).toBe(size(svg('short')).height);
    expect(size(svg('bars-long')).height).toBe(size(svg('bars-short')).height);
    expect(vl('long-x').encoding.x.axis.title).toEqual(checks[0]![1].lines);
    expect(vl('long-x').encoding.x.title).toBeUndefined();
    // Vega-Lite draws the explicit 'Alliance' of the first layer (an explicit title wins over a derived one):
    // giving the second layer its own title would have merged them into 'Alliance, …'
    expect(axisTitles(svg('layered'))[0]!.lines).toEqual(['Alliance']);
    expect(vl('layered').layer[1].encoding.x.axis).toBeUndefined();
  });
});
