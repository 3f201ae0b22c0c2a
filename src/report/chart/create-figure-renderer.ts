import { createFigurePool, type FigurePool } from './create-figure-pool.ts';
import { FigureRenderError } from './figure-render-error.ts';
import type { RenderedFigure } from './render-figure.ts';
import type { RenderPngOptions } from './resvg-options.ts';
import type { VegaLiteSpec } from '../types.ts';

export interface FigureRendererOptions {
  /**
   * Worker threads (see createFigurePool), started with the first figure; 0 renders on the calling
   * thread (see renderFigure: SVGs one at a time, PNGs rasterized on libuv's thread pool meanwhile).
   */
  threads: number;
  /** PNG options for every figure, or null for SVG only. */
  png: RenderPngOptions | null;
  /** Heap limit of each worker in MB (see createFigurePool). */
  workerHeapMb?: number;
}

export interface FigureRenderer {
  readonly threads: number;
  readonly png: RenderPngOptions | null;
  /**
   * Starts rendering `spec` unless a spec with the same `key` (its exported .vl.json text), or one
   * that differs from it only in its top-level `description`, was started before, and answers
   * that figure. Figures start in the order they are asked for.
   */
  render(key: string, spec: VegaLiteSpec): Promise<RenderedFigure>;
  /**
   * Renders figures still waiting for a worker on the calling thread, last queued first, until
   * none waits (the workers keep taking them from the front), provided at least `minWaiting` wait
   * (default 4): helping loads vega on this thread (about 0.5 s of CPU and 100 MB), which pays off
   * only for a backlog, e.g. a small run whose stages ended before the worker got going (rom-small:
   * about 0.3 s less wall time for 1 s more CPU). renderReport does not call it.
   */
  help(minWaiting?: number): Promise<void>;
  /** Tells the workers that nothing else needs the cores any more (see FigurePool.widen). */
  widen(): void;
  /** Waits for the figures started on this thread, or ends the workers. */
  close(): Promise<void>;
}

/**
 * A figure renderer that remembers what it rendered, so the same figure is never rendered
 * twice, nor two figures whose specs differ only in their top-level `description` (Vega sets
 * that on a browser's chart element, not in the SVG, so they draw the same SVG and PNG: e.g. a
 * correlation's and its bootstrap's scatter plot of the same patients). It can be started
 * before the report is assembled: the engine may hand it each stage's figures as the stage finishes (see reportFigureSpec and renderReport's `figures`
 * option), so Vega and resvg run on a spare core while later stages compute. Output bytes do
 * not depend on the thread or the order. A figure whose worker dies (out of memory, or tsx could
 * not start) is rendered on the calling thread instead. Failures of the figure itself reject its
 * promise with {@link FigureRenderError}.
 * @example const r = createFigureRenderer({ threads: 1, png: {} }); const f = await r.render(key, spec); await r.close();
 */
export function createFigureRenderer(options: FigureRendererOptions): FigureRenderer {
  const { threads, png } = options;
  if (!Number.isInteger(threads) || threads < 0) throw new RangeError(`createFigureRenderer: threads must be a non-negative integer, got ${threads}`);
  const started = new Map<string, Promise<RenderedFigure>>();
  // the same figures by their spec without its top-level description, which the drawing never shows
  const drawn = new Map<string, Promise<RenderedFigure>>();
  let pool: FigurePool | undefined;
  let closed = false;
  // on this thread: vega is imported only here, so a pooled run never loads it on the main thread
  let local: Promise<typeof import('./render-figure.ts')> | undefined;
  const onThisThread = async (spec: VegaLiteSpec): Promise<RenderedFigure> => (await (local ??= import('./render-figure.ts'))).renderFigure({ spec, png });

  return {
    threads,
    png,
    render(key, spec) {
      let f = started.get(key);
      if (f !== undefined) return f;
      const look = JSON.stringify({ ...spec, description: undefined });
      f = drawn.get(look);
      if (f === undefined) {
        if (threads === 0) f = onThisThread(spec);
        else {
          // a worker that died (out of memory, or could not start) fails its figures: render those here instead
          f = (pool ??= createFigurePool(threads, { heapMb: options.workerHeapMb }))
            .render({ spec, png })
            .catch((e: unknown) => (e instanceof FigureRenderError || closed ? Promise.reject(e) : onThisThread(spec)));
        }
        f.catch(() => {}); // awaited by whoever asked; not also an unhandled rejection
        drawn.set(look, f);
      }
      started.set(key, f);
      return f;
    },
    async help(minWaiting = 4) {
      if (pool === undefined || pool.waiting() < minWaiting) return;
      for (let s = pool.steal(); s !== undefined && !closed; s = pool.steal()) {
        const f = onThisThread(s.job.spec);
        s.settle(f);
        await f.catch(() => {});
      }
    },
    widen() {
      pool?.widen();
    },
    async close() {
      closed = true;
      if (pool) await pool.close();
      await Promise.allSettled(started.values());
    },
  };
}
