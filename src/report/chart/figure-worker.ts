/**
 * Entry of a figure worker thread (started by createFigurePool): renders one {@link FigureJob}
 * per message with renderFigure (its PNG on this thread or on libuv's pool, as the message says) and answers `{ id, ok: true, figure }` or
 * `{ id, ok: false, message, phase }`. It exports nothing.
 */
import { parentPort } from 'node:worker_threads';
import { FigureRenderError } from './figure-render-error.ts';
import { renderFigure, type FigureJob } from './render-figure.ts';

const port = parentPort;
if (port === null) throw new Error('figure-worker.ts must run in a worker thread');
port.on('message', (msg: { id: number; job: FigureJob; blockingPng: boolean }) => {
  renderFigure(msg.job, { blockingPng: msg.blockingPng }).then(
    (figure) => {
      // hand the PNG's memory over instead of copying it, when the buffer owns all of it (not a slice of Node's pool)
      const png = figure.png;
      const own = png !== undefined && png.byteOffset === 0 && png.byteLength === png.buffer.byteLength;
      port.postMessage({ id: msg.id, ok: true, figure }, own ? [png.buffer as ArrayBuffer] : []);
    },
    (e: unknown) =>
      port.postMessage({ id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e), phase: e instanceof FigureRenderError ? e.phase : 'svg' }),
  );
});
port.postMessage({ ready: true });
