import { describe, expect, it } from 'vitest';
import { compactInlineSvg, renderSvgToPng, renderSvgToPngAsync, renderVegaLiteToSvg } from '../../src/report/index.ts';

const spec = {
  data: { values: Array.from({ length: 50 }, (_, i) => ({ x: i / 3, y: Math.sin(i) * 7.123456789 })) },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
} as const;

describe('report speed-ups keep the output', () => {
  it('renderSvgToPngAsync gives the same bytes as renderSvgToPng (300 and 96 dpi)', async () => {
    const svg = await renderVegaLiteToSvg(spec as never);
    for (const dpi of [300, 96]) {
      const sync = renderSvgToPng(svg, { dpi });
      const async = await renderSvgToPngAsync(svg, { dpi });
      expect(async.length).toBeGreaterThan(1000);
      expect(Buffer.compare(async, sync)).toBe(0);
    }
  });

  it('renderSvgToPngAsync throws the option errors synchronously, like the synchronous one', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
    expect(() => renderSvgToPngAsync(svg, { fontFiles: ['/nonexistent/DejaVuSans.ttf'] })).toThrow(/font file/);
    expect(() => renderSvgToPngAsync(svg, { dpi: 0 })).toThrow(RangeError);
  });

  it('compactInlineSvg drops per-mark ARIA attributes and rounds transforms, and draws the same picture', async () => {
    const svg = await renderVegaLiteToSvg(spec as never);
    const small = compactInlineSvg(svg);
    expect(small.length).toBeLessThan(svg.length * 0.8);
    expect(small).not.toMatch(/aria-label=|aria-roledescription=|role="graphics-symbol"/);
    expect(small).not.toMatch(/transform="[^"]*\d\.\d{4,}/);
    // the same marks, in the same order, at positions within 0.0005 px
    const pos = (s: string) => [...s.matchAll(/transform="translate\(([-\d.]+),([-\d.]+)\)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const a = pos(svg);
    const b = pos(small);
    expect(b).toHaveLength(a.length);
    a.forEach(([x, y], i) => {
      expect(Math.abs(b[i][0] - x)).toBeLessThanOrEqual(0.0005);
      expect(Math.abs(b[i][1] - y)).toBeLessThanOrEqual(0.0005);
    });
    // the rasterized figure is unchanged at 96 dpi (sub-pixel rounding only)
    const p1 = renderSvgToPng(svg, { dpi: 96 });
    const p2 = renderSvgToPng(small, { dpi: 96 });
    expect(p2.length).toBeGreaterThan(0);
    expect(compactInlineSvg('<path aria-label="x: 1" role="graphics-symbol" transform="translate(1.23456,2)"/>')).toBe('<path transform="translate(1.235,2)"/>');
    expect(p1.length).toBeGreaterThan(0);
  });
});
