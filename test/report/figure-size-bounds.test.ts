/**
 * A long label (a correlate pair label of 1,000 words) or data value (a 100 kB modality name)
 * made the figure as wide as its text: an SVG 56,004 px wide, a 175,013 × 1,197 px PNG, 1.8 GB of
 * memory, and with 4,000 words an allocation of 3.3 GB that aborted the process. Reference: the
 * audit's expectation, bounded memory whatever the text: titles shortened to
 * FIGURE_TITLE_MAX_CHARS and other text to FIGURE_TEXT_MAX_CHARS with an ellipsis (the full text
 * stays in the HTML caption), and no PNG above PNG_PIXEL_BUDGET pixels (its resolution lowered,
 * with a warning). A 96-dpi PNG is the SVG at 1:1 (CSS: 96 px per inch), 3,780 px per metre.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIGURE_TEXT_MAX_CHARS, FIGURE_TITLE_MAX_CHARS, figureSafeSpec } from '../../src/report/chart/figure-safe-spec.ts';
import { PNG_PIXEL_BUDGET } from '../../src/report/chart/png-scale.ts';
import { renderFigure } from '../../src/report/chart/render-figure.ts';
import { renderReport } from '../../src/report/index.ts';
import type { ReportDocument } from '../../src/report/types.ts';

const words = (n: number): string => Array.from({ length: n }, () => 'word').join(' ');

function pngInfo(png: Uint8Array): { width: number; height: number; ppm: number } {
  const b = Buffer.from(png);
  const phys = b.indexOf('pHYs', 0, 'latin1');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), ppm: b.readUInt32BE(phys + 4) };
}

describe('figureSafeSpec', () => {
  it('shortens titles and drawn text with an ellipsis, the same value alike in data and domain', () => {
    const long = 'M'.repeat(100_000);
    const spec = figureSafeSpec({
      title: { text: words(1000), subtitle: words(50) },
      description: words(1000),
      data: { values: [{ group: long, title: long }] },
      mark: 'point',
      encoding: { x: { field: 'group', type: 'nominal', title: words(1000), scale: { domain: [long, 'CBT'] } } },
    }) as { title: { text: string; subtitle: string }; description: string; data: { values: { group: string; title: string }[] }; encoding: { x: { title: string; scale: { domain: string[] } } } };
    expect(spec.title.text).toHaveLength(FIGURE_TITLE_MAX_CHARS); // 119 characters of the text, then "…"
    expect(spec.title.text.endsWith('…')).toBe(true);
    expect(words(1000).startsWith(spec.title.text.slice(0, -1))).toBe(true);
    expect(spec.title.subtitle).toBe(`${words(50).slice(0, FIGURE_TITLE_MAX_CHARS - 1)}…`); // a subtitle is a title
    expect(spec.encoding.x.title.length).toBeLessThanOrEqual(FIGURE_TITLE_MAX_CHARS);
    expect(spec.description).toBe(words(1000)); // not drawn: kept whole
    const shortened = `${'M'.repeat(FIGURE_TEXT_MAX_CHARS - 1)}…`;
    expect(spec.data.values[0]).toEqual({ group: shortened, title: shortened });
    expect(spec.encoding.x.scale.domain).toEqual([shortened, 'CBT']);
  });

  it('returns a spec without long or forbidden text as the same object', () => {
    const spec = { title: 'Short', data: { values: [{ a: 'x', b: 1 }] }, mark: 'point' };
    expect(figureSafeSpec(spec)).toBe(spec);
  });
});

describe('figure size whatever the text', () => {
  it('renders a 300-word title, axis title and a 100 kB data label into a bounded SVG and PNG; the caption keeps the full title', async () => {
    const title = words(300);
    const label = 'M'.repeat(100_000);
    const doc: ReportDocument = {
      title: 'Long labels',
      methods: [],
      citations: [],
      sections: [
        {
          id: 'main',
          title: 'Main',
          blocks: [
            {
              kind: 'figure',
              id: 'long',
              title,
              description: 'A point per group, labelled.',
              spec: {
                title,
                data: { values: [{ group: label, n: 3 }, { group: 'CBT', n: 5 }] },
                layer: [
                  { mark: 'point', encoding: { y: { field: 'group', type: 'nominal', title }, x: { field: 'n', type: 'quantitative', title } } },
                  { mark: { type: 'text', align: 'left', dx: 5 }, encoding: { y: { field: 'group', type: 'nominal' }, x: { field: 'n', type: 'quantitative' }, text: { field: 'group' } } },
                ],
              },
            },
          ],
        },
      ],
      ledger: [],
      appendix: { spec: 'name: x\n', inputs: [], packages: {}, seed: 1, timings: [] },
    };
    const out = resolve('test/output/report-long-labels');
    rmSync(out, { recursive: true, force: true });
    await renderReport(doc, out, { threads: 0, interactive: false });
    const svg = readFileSync(join(out, 'figures/long.svg'), 'utf8');
    const width = Number(/width="([0-9.]+)"/.exec(svg)![1]);
    // Vega estimates a text 0.8 × font size wide per character (vega-scenegraph estimateWidth):
    // the shortened 11 px label beside a plot, its axis labels (labelLimit 180 px) and padding
    expect(width).toBeLessThan(FIGURE_TEXT_MAX_CHARS * 0.8 * 11 + 1000);
    const png = pngInfo(readFileSync(join(out, 'figures/long.png')));
    expect(png.width * png.height).toBeLessThanOrEqual(PNG_PIXEL_BUDGET);
    expect(png.ppm).toBe(11811); // 300 dpi kept
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(`<span class="title">${title}</span>`);
  });

  it('rasterizes a figure too large for 300 dpi at the highest resolution within the pixel budget, with a warning', async () => {
    // a 20,000 × 2,000 px view: 300 dpi would need 62,500 × 6,250 px; 96 dpi (1:1) fits 40 megapixels only if the padding does not
    const spec = { width: 20_000, height: 2_000, data: { values: [{ x: 1, y: 1 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } }, config: { axis: { labels: false, title: null, ticks: false }, padding: 0 } };
    const f = await renderFigure({ spec, png: {} });
    const svgW = Number(/width="([0-9.]+)"/.exec(f.svg)![1]);
    const svgH = Number(/height="([0-9.]+)"/.exec(f.svg)![1]);
    const png = pngInfo(f.png!);
    expect(png.width * png.height).toBeLessThanOrEqual(PNG_PIXEL_BUDGET);
    const dpi = png.ppm * 0.0254;
    expect(dpi).toBeLessThan(96);
    expect(png.width).toBe(Math.ceil((svgW * Math.round(dpi)) / 96));
    expect(f.warnings.join('\n')).toMatch(new RegExp(`PNG at ${Math.round(dpi)} dpi instead of 300`));
  });
});
