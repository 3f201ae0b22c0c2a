/**
 * A control character that XML 1.0 forbids (vertical tab: FileMaker's line break inside a cell;
 * NUL; ESC) in a data value or a spec label reached the figure SVG unchanged: resvg refused it
 * ("SVG data parsing failed … non-XML character", an internal error) and with `png: false` the
 * exported SVG was not well-formed XML. Reference: XML 1.0 §2.2 (Char production,
 * https://www.w3.org/TR/xml/#charsets) and README's promise of success or one clear message.
 * The XML check is resvg's own parser (roxmltree, a strict XML 1.0 parser).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { xmlSafeText } from '../../src/report/html/xml-safe-text.ts';
import { renderReport, renderVegaLiteToSvg } from '../../src/report/index.ts';
import type { ReportDocument } from '../../src/report/types.ts';

const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Throws unless `svg` is well-formed XML that resvg reads as an SVG. */
function parseSvg(svg: string): void {
  new Resvg(svg, { font: { loadSystemFonts: false } });
  expect(svg).not.toMatch(NOT_XML_CHAR);
}

function documentWith(label: string, value: string): ReportDocument {
  const data = Array.from({ length: 12 }, (_, i) => ({ group: i % 2 ? value : 'CBT', session: i + 1, score: 10 + (i % 5) }));
  return {
    title: `Report ${label}`,
    methods: [],
    citations: [],
    sections: [
      {
        id: 'main',
        title: `Section ${label}`,
        blocks: [
          {
            kind: 'figure',
            id: 'fig',
            title: `Scores by ${label}`,
            description: `One line per group ${label}`,
            spec: {
              title: `Scores by ${label}`,
              data: { values: data },
              mark: { type: 'point', tooltip: true },
              encoding: {
                x: { field: 'session', type: 'quantitative', title: `Session ${label}` },
                y: { field: 'score', type: 'quantitative' },
                color: { field: 'group', type: 'nominal', title: label },
              },
            },
          },
          { kind: 'table', id: 'tab', caption: `Groups ${label}`, columns: [{ key: 'group', label }], rows: [{ group: value }] },
        ],
      },
    ],
    ledger: [],
    appendix: { spec: 'name: x\n', inputs: [], packages: {}, seed: 1, timings: [] },
  };
}

describe('text XML forbids in figures', () => {
  it('xmlSafeText turns control characters into spaces and unpaired surrogates into U+FFFD, keeping tab, newlines and pairs', () => {
    expect(xmlSafeText('IPT\u000bgroup\u0000\u001b')).toBe('IPT group  ');
    expect(xmlSafeText('a\tb\nc\rd \u{1F600}')).toBe('a\tb\nc\rd \u{1F600}');
    expect(xmlSafeText('x\uD83Dy\uDE00\uFFFF')).toBe('x\uFFFDy\uFFFD\uFFFD');
  });

  it('renderVegaLiteToSvg gives well-formed XML for a spec with control characters', async () => {
    const block = documentWith('Early\u000balliance', 'IPT\u000bgroup').sections[0]!.blocks[0]!;
    const svg = await renderVegaLiteToSvg(block.kind === 'figure' ? block.spec : {});
    parseSvg(svg);
    expect(svg).toContain('IPT group');
  });

  for (const [name, ch] of [
    ['vertical tab', '\u000b'],
    ['NUL', '\u0000'],
    ['ESC', '\u001b'],
  ] as const) {
    it(`renders a report whose data value and labels hold a ${name}: every SVG parses, every .vl.json is JSON`, async () => {
      const out = resolve(`test/output/report-xml-safe-${name.replace(' ', '-')}`);
      rmSync(out, { recursive: true, force: true });
      const result = await renderReport(documentWith(`Early${ch}alliance`, `IPT${ch}group`), out, { threads: 0, interactive: false });
      const svgs = result.files.filter((f) => f.endsWith('.svg'));
      expect(svgs.length).toBeGreaterThan(0);
      for (const f of svgs) parseSvg(readFileSync(join(out, f), 'utf8'));
      for (const f of result.files.filter((x) => x.endsWith('.vl.json'))) {
        const spec = JSON.parse(readFileSync(join(out, f), 'utf8')) as { title: string };
        expect(spec.title).toBe('Scores by Early alliance');
      }
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      const inline = html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
      expect(inline.length).toBe(svgs.length);
      for (const svg of inline) parseSvg(svg);
      // the table keeps the value as the data had it
      expect(readFileSync(join(out, 'tables/tab.csv'), 'utf8')).toContain(`IPT${ch}group`);
    });
  }
});
