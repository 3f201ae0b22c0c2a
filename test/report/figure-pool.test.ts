// Figures rendered on worker threads (createFigurePool / renderFigures) must give the same bytes as on the main thread.
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFigurePool } from '../../src/report/chart/create-figure-pool.ts';
import { FigureRenderError } from '../../src/report/chart/figure-render-error.ts';
import { renderFigure } from '../../src/report/chart/render-figure.ts';
import { renderFigures } from '../../src/report/chart/render-figures.ts';
import { renderReport, renderSvgToPng, renderVegaLiteToSvg, withChartConfig } from '../../src/report/index.ts';
import { demoDocument } from './demo-document.ts';

const scatter = withChartConfig({
  data: { values: Array.from({ length: 200 }, (_, i) => ({ x: (i * 37) % 101, y: (i * 53) % 97, g: i % 3 === 0 ? 'a' : 'b' })) },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 'g', type: 'nominal' } },
});
const bars = withChartConfig({
  data: { values: [{ k: 'a', n: 3 }, { k: 'b', n: 5 }] },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
});
const broken = { mark: 'point', encoding: { x: { field: 'a', type: 'nope' } } };

describe('figure workers', () => {
  it('a pool of two renders the same SVG and PNG bytes as renderVegaLiteToSvg and renderSvgToPng on this thread', async () => {
    const pool = createFigurePool(2);
    try {
      const [a, b] = await Promise.all([pool.render({ spec: scatter, png: {} }), pool.render({ spec: bars, png: { dpi: 150 } })]);
      const svgA = await renderVegaLiteToSvg(scatter);
      expect(a!.svg).toBe(svgA);
      expect(Buffer.from(a!.png!).equals(renderSvgToPng(svgA))).toBe(true);
      const svgB = await renderVegaLiteToSvg(bars);
      expect(b!.svg).toBe(svgB);
      expect(Buffer.from(b!.png!).equals(renderSvgToPng(svgB, { dpi: 150 }))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a spec that does not compile rejects its own job with the phase, and the pool keeps working', async () => {
    const pool = createFigurePool(1);
    try {
      const bad = pool.render({ spec: broken, png: null });
      const good = pool.render({ spec: bars, png: null });
      const e = await bad.then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(FigureRenderError);
      expect((e as FigureRenderError).phase).toBe('svg');
      await expect(renderFigure({ spec: broken, png: null })).rejects.toThrow((e as Error).message);
      expect((await good).svg).toBe(await renderVegaLiteToSvg(bars));
    } finally {
      await pool.close();
    }
  });

  it('renderFigures answers in job order on one thread and on two, with the same bytes', async () => {
    const jobs = [{ spec: bars, png: {} }, { spec: scatter, png: null }, { spec: bars, png: null }];
    const one = renderFigures(jobs, { threads: 1 });
    const two = renderFigures(jobs, { threads: 2 });
    try {
      const [r1, r2] = await Promise.all([Promise.all(one.figures), Promise.all(two.figures)]);
      expect(r1.map((f) => f.svg)).toEqual(r2.map((f) => f.svg));
      expect(Buffer.from(r1[0]!.png!).equals(Buffer.from(r2[0]!.png!))).toBe(true);
      expect(r1[1]!.png).toBeUndefined();
      expect(r1[0]!.svg).toBe(r1[2]!.svg);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('renderReport writes the same files with figures on worker threads as on the main thread', async () => {
    const dirs = [1, 2].map((t) => resolve(`test/output/report-threads-${t}`));
    const results = [];
    for (const [i, threads] of [1, 2].entries()) {
      rmSync(dirs[i]!, { recursive: true, force: true });
      results.push(await renderReport(demoDocument(), dirs[i]!, { threads }));
    }
    expect(results[1]!.files).toEqual(results[0]!.files);
    expect(results[1]!.warnings).toEqual(results[0]!.warnings);
    for (const f of results[0]!.files) expect(readFileSync(join(dirs[1]!, f)).equals(readFileSync(join(dirs[0]!, f))), f).toBe(true);
  });

  it('renders a figure whose spec repeats an earlier one once, and writes both', async () => {
    const doc = demoDocument();
    const fig = { kind: 'figure' as const, title: 't', description: 'd', spec: bars };
    doc.sections = [{ id: 's', title: 'S', blocks: [{ ...fig, id: 'first' }, { ...fig, id: 'second' }] }];
    const dir = resolve('test/output/report-duplicate-figure');
    rmSync(dir, { recursive: true, force: true });
    await renderReport(doc, dir, { interactive: false });
    expect(readFileSync(join(dir, 'figures/second.svg')).equals(readFileSync(join(dir, 'figures/first.svg')))).toBe(true);
    expect(readFileSync(join(dir, 'figures/second.png')).equals(readFileSync(join(dir, 'figures/first.png')))).toBe(true);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('<figure class="figure" id="fig-first"');
    expect(html).toContain('<figure class="figure" id="fig-second"');
  });
});
