/**
 * The report's download link said "PNG (300 dpi)" whatever resolution the PNG was written at: a
 * figure too large for 300 dpi within PNG_PIXEL_BUDGET is rasterized at a lower one, and the
 * `dpi` option changes it too. Reference: the file itself, whose pHYs chunk records its pixels per
 * metre (PNG specification §11.3.5.3; dpi = ppm × 0.0254, rounded back to the whole dpi written).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/index.ts';
import type { ReportDocument, VegaLiteSpec } from '../../src/report/types.ts';

function pngDpi(file: string): number {
  const b = readFileSync(file);
  return Math.round(b.readUInt32BE(b.indexOf('pHYs', 0, 'latin1') + 4) * 0.0254);
}

function points(width: number, height: number): VegaLiteSpec {
  return { width, height, data: { values: [{ x: 1, y: 1 }, { x: 2, y: 3 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } };
}

function doc(figures: Record<string, VegaLiteSpec>): ReportDocument {
  const blocks = Object.entries(figures).map(([id, spec]) => ({ kind: 'figure' as const, id, title: id, description: 'Two points.', spec }));
  return { title: 'PNG links', methods: [], citations: [], sections: [{ id: 'main', title: 'Main', blocks }], ledger: [], appendix: { spec: 'name: x\n', inputs: [], packages: {}, seed: 1, timings: [] } };
}

describe('PNG download link', () => {
  it('states the resolution each PNG was written at, also when the pixel budget lowered it', async () => {
    const out = resolve('test/output/report-png-link-dpi');
    rmSync(out, { recursive: true, force: true });
    // 3,000 × 1,500 px: at 300 dpi 9,375 × 4,688 px, over the 40-megapixel budget
    const result = await renderReport(doc({ wide: points(3_000, 1_500), small: points(300, 200) }), out, { threads: 0, interactive: false });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const wide = pngDpi(join(out, 'figures/wide.png'));
    expect(wide).toBeLessThan(300);
    expect(result.warnings.join('\n')).toContain(`PNG at ${wide} dpi instead of 300`);
    expect(html).toContain(`<a href="figures/wide.png">PNG (${wide} dpi)</a>`);
    expect(pngDpi(join(out, 'figures/small.png'))).toBe(300);
    expect(html).toContain('<a href="figures/small.png">PNG (300 dpi)</a>');
  });

  it('states the dpi option', async () => {
    const out = resolve('test/output/report-png-link-150');
    rmSync(out, { recursive: true, force: true });
    await renderReport(doc({ small: points(300, 200) }), out, { threads: 0, interactive: false, dpi: 150 });
    expect(pngDpi(join(out, 'figures/small.png'))).toBe(150);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<a href="figures/small.png">PNG (150 dpi)</a>');
  });
});
