import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../engine/start-module-worker.ts';
import { FigureRenderError } from './figure-render-error.ts';
import type { FigureJob, RenderedFigure } from './render-figure.ts';

export interface FigurePoolOptions {
  /**
   * Old-generation heap limit of each worker in MB (default 512, ample for a 10,000-point
   * figure). A limit also makes V8 collect sooner: at 100,000 patients a worker peaks about
   * 100 MB lower than with Node's default. A worker that runs out dies and fails its figures.
   */
  heapMb?: number;
}

export interface FigurePool {
  /** Queues a figure; jobs start in the order they are queued, each on the first free worker. */
  render(job: FigureJob): Promise<RenderedFigure>;
  /**
   * Takes the job queued last that no worker has started yet, so the caller can render it
   * itself and settle it with `settle`; undefined when nothing waits.
   */
  steal(): { job: FigureJob; settle: (f: Promise<RenderedFigure>) => void } | undefined;
  /** Jobs queued that no worker has started yet. */
  waiting(): number;
  /**
   * From now on hands each worker two figures at once, their PNGs rasterized on libuv's pool
   * while the worker lays out the next SVG: for the figures left when nothing else needs the
   * cores (the stages have ended). Before that, one figure at a time with the PNG on the worker's
   * own thread leaves the other core to the stages.
   */
  widen(): void;
  /** Ends the workers (their heaps and resvg's pixel buffers go with them); figures not done by then reject. */
  close(): Promise<void>;
}

/**
 * Figures handed to a worker at once while the stages run. One, rasterized on the worker's own
 * thread: at 100,000 patients that took less CPU and about 40 MB less memory than two in flight
 * with the PNG on libuv's pool, in the same wall time (measured). `widen()` raises it to
 * WIDE_IN_FLIGHT for the figures left at the end.
 */
const IN_FLIGHT = 1;
const WIDE_IN_FLIGHT = 2;

type Reply =
  | { ready: true }
  | { id: number; ok: true; figure: RenderedFigure }
  | { id: number; ok: false; message: string; phase: 'svg' | 'png' };

interface Pending {
  id: number;
  job: FigureJob;
  resolve: (f: RenderedFigure) => void;
  reject: (e: Error) => void;
}

/**
 * Starts `size` worker threads that each render figures with renderFigure (Vega-Lite → SVG →
 * PNG), so a report's figures use several cores: Vega layout is JavaScript and would otherwise
 * run on the main thread one figure at a time. A worker costs about 0.3 s of CPU to start (tsx,
 * vega, vega-lite), so the report renderer uses a pool only for two or more figures. Output does
 * not depend on the thread: the same job gives the same bytes. A job that fails rejects with
 * {@link FigureRenderError}; a worker that dies rejects its job and every queued one.
 * @example const pool = createFigurePool(2); const fig = await pool.render({ spec, png: {} }); await pool.close();
 */
export function createFigurePool(size: number, options: FigurePoolOptions = {}): FigurePool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`createFigurePool: size must be a positive integer, got ${size}`);
  const queue: Pending[] = [];
  const pending = new Map<number, Pending>();
  const load = new Map<Worker, number>(); // figures in flight per ready worker
  const workers: Worker[] = [];
  let nextId = 0;
  let inFlight = IN_FLIGHT;
  let failure: Error | undefined;
  let closing = false;

  const pump = (): void => {
    while (queue.length > 0) {
      let best: Worker | undefined;
      for (const [w, n] of load) if (n < inFlight && (best === undefined || n < load.get(best)!)) best = w;
      if (best === undefined) return;
      const p = queue.shift()!;
      pending.set(p.id, p);
      load.set(best, load.get(best)! + 1);
      best.postMessage({ id: p.id, job: p.job, blockingPng: inFlight === IN_FLIGHT });
    }
  };
  const fail = (e: Error): void => {
    failure ??= e;
    for (const p of [...pending.values(), ...queue.splice(0)]) p.reject(failure);
    pending.clear();
  };

  for (let i = 0; i < size; i++) {
    // the bundled figure worker when the CLI runs from its bundle, else figure-worker.ts through tsx
    const w = startModuleWorker(new URL('./figure-worker.ts', import.meta.url), 'figureWorker', { resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? 512 } });
    workers.push(w);
    w.on('message', (m: Reply) => {
      if ('id' in m) {
        load.set(w, load.get(w)! - 1);
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (p !== undefined) {
          if (m.ok) p.resolve(m.figure);
          else p.reject(new FigureRenderError(m.message, m.phase));
        }
      } else load.set(w, 0);
      pump();
    });
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => {
      if (!closing) fail(new Error(`a figure worker stopped (exit code ${code})`));
    });
  }

  return {
    render(job) {
      if (failure) return Promise.reject(failure);
      return new Promise<RenderedFigure>((resolve, reject) => {
        queue.push({ id: nextId++, job, resolve, reject });
        pump();
      });
    },
    waiting: () => queue.length,
    widen() {
      inFlight = WIDE_IN_FLIGHT;
      pump();
    },
    steal() {
      const p = queue.pop();
      return p && { job: p.job, settle: (f) => void f.then(p.resolve, p.reject) };
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
      fail(new Error('the figure pool was closed before this figure was rendered'));
    },
  };
}
