import { createFigurePool } from './create-figure-pool.ts';
import { FigureRenderError } from './figure-render-error.ts';
import type { FigureJob, RenderedFigure } from './render-figure.ts';

export interface RenderFiguresOptions {
  /** Worker threads to use (default 2); with fewer than 2 threads or figures everything runs on this thread. */
  threads?: number;
}

/**
 * Renders figures (Vega-Lite → SVG → PNG, see renderFigure) on a pool of worker threads, or on
 * this thread when there is one figure or one thread. Jobs start in the order given (put the
 * heaviest first); the answer has one promise per job, in that order, and settles each as soon
 * as its figure is done, so the caller can post-process figures while later ones render. Call
 * `close()` when done (also after a failure): it ends the workers.
 * @example const { figures, close } = renderFigures(jobs); try { for (const f of figures) use(await f); } finally { await close(); }
 */
export function renderFigures(jobs: readonly FigureJob[], options: RenderFiguresOptions = {}): { figures: Promise<RenderedFigure>[]; close: () => Promise<void> } {
  const threads = Math.min(options.threads ?? 2, jobs.length);
  if (threads >= 2) {
    const pool = createFigurePool(threads);
    const figures = jobs.map((job) => pool.render(job));
    for (const f of figures) f.catch(() => {}); // each is awaited by the caller; a failure must not also be an unhandled rejection
    return { figures, close: () => pool.close() };
  }
  // On this thread: the SVGs one at a time, each PNG rasterized on libuv's thread pool while the next SVG is laid out.
  // vega is imported only here, so a pooled run never loads it on the main thread.
  const load = Promise.all([import('./render-vega-lite-to-svg.ts'), import('./render-svg-to-png-async.ts')]);
  let chain: Promise<unknown> = Promise.resolve();
  const figures = jobs.map((job) => {
    const laidOut = chain.then(async () => {
      const [{ renderVegaLiteToSvg }] = await load;
      const warnings: string[] = [];
      try {
        return { svg: await renderVegaLiteToSvg(job.spec, { onWarning: (m) => warnings.push(m) }), warnings };
      } catch (e) {
        throw new FigureRenderError((e as Error).message, 'svg');
      }
    });
    chain = laidOut.catch(() => {});
    const f = laidOut.then(async ({ svg, warnings }): Promise<RenderedFigure> => {
      if (job.png === null) return { svg, warnings };
      const [, { renderSvgToPngAsync }] = await load;
      try {
        return { svg, warnings, png: await renderSvgToPngAsync(svg, job.png) };
      } catch (e) {
        throw new FigureRenderError((e as Error).message, 'png');
      }
    });
    f.catch(() => {});
    return f;
  });
  return { figures, close: () => Promise.allSettled(figures).then(() => undefined) };
}
