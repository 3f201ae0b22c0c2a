// Figures rendered on worker threads (createFigurePool / renderFigures) must give the same bytes as on the main thread.
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFigurePool } from '../../src/report/chart/create-figure-pool.ts';
import { FigureRenderError } from '../../src/report/chart/figure-render-error.ts';
import { renderFigure } from '../../src/report/chart/render-figure.ts';
import { createFigureRenderer } from '../../src/report/chart/create-figure-renderer.ts';
import { reportFigureSpec } from '../../src/report/chart/report-figure-spec.ts';
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

  it('after widen() a worker takes two figures at once, PNGs on libuv\'s pool, with the same bytes as before', async () => {
    const pool = createFigurePool(1);
    try {
      const first = await pool.render({ spec: scatter, png: {} });
      const queued = [pool.render({ spec: bars, png: {} }), pool.render({ spec: scatter, png: { dpi: 150 } }), pool.render({ spec: bars, png: null })];
      expect(pool.waiting()).toBe(2); // one in flight before widening
      pool.widen();
      expect(pool.waiting()).toBe(1); // a second handed over at once
      const [b, s150, bNoPng] = await Promise.all(queued);
      const svgS = await renderVegaLiteToSvg(scatter);
      const svgB = await renderVegaLiteToSvg(bars);
      expect(Buffer.from(first.png!).equals(renderSvgToPng(svgS))).toBe(true);
      expect(b!.svg).toBe(svgB);
      expect(Buffer.from(b!.png!).equals(renderSvgToPng(svgB))).toBe(true);
      expect(Buffer.from(s150!.png!).equals(renderSvgToPng(svgS, { dpi: 150 }))).toBe(true);
      expect(bNoPng!.png).toBeUndefined();
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

  it('createFigureRenderer gives the same bytes on this thread and on workers, and renders a key once', async () => {
    const on = [0, 2].map((threads) => createFigureRenderer({ threads, png: {} }));
    try {
      const [r0, r2] = await Promise.all(on.map((r) => Promise.all([r.render('bars', bars), r.render('scatter', scatter), r.render('bars', scatter)])));
      expect(r0!.map((f) => f.svg)).toEqual(r2!.map((f) => f.svg));
      r0!.forEach((f, i) => expect(Buffer.from(f.png!).equals(Buffer.from(r2![i]!.png!))).toBe(true));
      expect(r0![2]).toBe(r0![0]); // same key: the first figure, not the spec given the second time
      expect(r2![2]).toBe(r2![0]);
      const bad = await on[1]!.render('broken', broken).then(() => null, (e: unknown) => e);
      expect(bad).toBeInstanceOf(FigureRenderError);
    } finally {
      await Promise.all(on.map((r) => r.close()));
    }
  });

  it('renderReport reuses figures a renderer started before (the engine feeds it stage by stage)', async () => {
    const doc = demoDocument();
    const renderer = createFigureRenderer({ threads: 1, png: {} });
    const blocks = doc.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'figure');
    const early = blocks.map((b) => {
      const { spec, vlJson } = reportFigureSpec(b);
      return renderer.render(vlJson, spec);
    });
    const dirs = ['prerendered', 'plain'].map((n) => resolve(`test/output/report-${n}`));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    try {
      const a = await renderReport(doc, dirs[0]!, { figures: renderer });
      const b = await renderReport(demoDocument(), dirs[1]!, { threads: 0 });
      expect(a.files).toEqual(b.files);
      for (const f of a.files) expect(readFileSync(join(dirs[0]!, f)).equals(readFileSync(join(dirs[1]!, f))), f).toBe(true);
      expect(await Promise.all(early)).toHaveLength(blocks.length);
      await expect(renderReport(doc, dirs[0]!, { figures: renderer, dpi: 150 })).rejects.toThrow(/other PNG options/);
    } finally {
      await renderer.close();
    }
  });

  it('renderReport writes the same files with figures on worker threads as on the main thread', async () => {
    const dirs = [0, 2].map((t) => resolve(`test/output/report-threads-${t}`));
    const results = [];
    for (const [i, threads] of [0, 2].entries()) {
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

describe('helping', () => {
  it('help() renders queued figures on this thread, with the same bytes, and leaves none waiting', async () => {
    const r = createFigureRenderer({ threads: 1, png: {} });
    const local = createFigureRenderer({ threads: 0, png: {} });
    const specs = [scatter, bars, withChartConfig({ ...bars, mark: 'point' }), withChartConfig({ ...scatter, mark: 'circle' })];
    try {
      const pooled = specs.map((s, i) => r.render(String(i), s));
      await r.help(1);
      const [a, b] = await Promise.all([Promise.all(pooled), Promise.all(specs.map((s, i) => local.render(String(i), s)))]);
      a.forEach((f, i) => {
        expect(f.svg).toBe(b[i]!.svg);
        expect(Buffer.from(f.png!).equals(Buffer.from(b[i]!.png!))).toBe(true);
      });
    } finally {
      await Promise.all([r.close(), local.close()]);
    }
  });
});

describe('a worker that dies', () => {
  it('createFigureRenderer renders the figures of a worker that ran out of memory on this thread, same bytes', async () => {
    const starved = createFigureRenderer({ threads: 1, png: {}, workerHeapMb: 4 }); // too small to even load vega
    const local = createFigureRenderer({ threads: 0, png: {} });
    try {
      const [a, b] = await Promise.all([starved, local].map((r) => r.render('scatter', scatter)));
      expect(a!.svg).toBe(b!.svg);
      expect(Buffer.from(a!.png!).equals(Buffer.from(b!.png!))).toBe(true);
      await expect(createFigurePool(1, { heapMb: 4 }).render({ spec: bars, png: null })).rejects.not.toBeInstanceOf(FigureRenderError);
    } finally {
      await Promise.all([starved.close(), local.close()]);
    }
  });

  it('widen() on a renderer whose worker cannot start (heap too small): every queued figure is drawn on this thread, same bytes', async () => {
    const starved = createFigureRenderer({ threads: 1, png: {}, workerHeapMb: 4 });
    try {
      const pending = [starved.render('bars', bars), starved.render('scatter', scatter), starved.render('bars-150', bars)];
      starved.widen();
      const [b, s] = await Promise.all(pending);
      expect(b!.svg).toBe(await renderVegaLiteToSvg(bars));
      expect(Buffer.from(s!.png!).equals(renderSvgToPng(await renderVegaLiteToSvg(scatter)))).toBe(true);
    } finally {
      await starved.close();
    }
  });
});

describe('closing', () => {
  it('a pool closed with figures still queued rejects them instead of leaving them pending', async () => {
    const pool = createFigurePool(1);
    const queued = [pool.render({ spec: scatter, png: {} }), pool.render({ spec: bars, png: {} })];
    await pool.close();
    const settled = await Promise.allSettled(queued);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    await expect(pool.render({ spec: bars, png: null })).rejects.toThrow(/closed/);
  });
});
