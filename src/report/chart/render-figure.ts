import { FigureRenderError } from './figure-render-error.ts';
import { renderSvgToPng } from './render-svg-to-png.ts';
import { renderSvgToPngAsync } from './render-svg-to-png-async.ts';
import { layOutFigure } from './lay-out-figure.ts';
import { PNG_PIXEL_BUDGET, pngPixels, pngScale } from './png-scale.ts';
import { createPixelGate } from './pixel-gate.ts';
import { resvgOptions, type RenderPngOptions } from './resvg-options.ts';
import type { VegaLiteSpec } from '../types.ts';
import type { FigureTitleEdit } from './axis-title-edits.ts';

export interface FigureJob {
  /** The Vega-Lite spec, theme already merged (see withChartConfig). */
  spec: VegaLiteSpec;
  /** PNG options, or null for no PNG. */
  png: RenderPngOptions | null;
}

export interface RenderedFigure {
  /** The static SVG as Vega rendered it, ids numbered from 1 (see renderVegaLiteToSvg). */
  svg: string;
  /** The PNG (see renderSvgToPng), when the job asked for one. */
  png?: Uint8Array;
  /** The resolution the PNG was rasterized at (pngScale: the dpi asked for, or less when that would exceed the pixel budget). */
  pngDpi?: number;
  /** Vega-Lite / Vega warnings, in the order they were logged. */
  warnings: string[];
  /**
   * The chart and axis titles as drawn, when some were broken into lines to fit the chart (see
   * layOutFigure); the figure's exported spec should carry them (withTitleEdits). Only the titles
   * travel back, not the whole spec.
   */
  titles?: FigureTitleEdit[];
}

export interface RenderFigureOptions {
  /**
   * Rasterize the PNG on this thread, blocking it (as a figure worker does: less CPU and memory
   * than handing it to libuv's pool), instead of on libuv's pool while the next SVG is laid out.
   */
  blockingPng?: boolean;
}

/** Vega layouts of this thread, one after the other (a figure's PNG does not wait in it). */
let layouts: Promise<unknown> = Promise.resolve();

/** The PNGs this thread has on libuv's pool hold at most PNG_PIXEL_BUDGET pixels together (one larger alone). */
const pngPixelGate = createPixelGate(PNG_PIXEL_BUDGET);

/**
 * One figure, start to end: Vega-Lite → SVG ({@link layOutFigure}: renderVegaLiteToSvg, the
 * chart and axis titles broken into lines when they would stretch the chart) → PNG
 * (renderSvgToPngAsync, or renderSvgToPng with `blockingPng`). Calls may overlap: the SVGs of
 * one thread are laid out one at a time, in call order, while earlier figures' PNGs are
 * rasterized on libuv's thread pool (together at most PNG_PIXEL_BUDGET pixels, see
 * createPixelGate). Used on the main thread and, with `blockingPng`, in each figure worker (see
 * createFigurePool). Throws {@link FigureRenderError} with the phase that failed and the
 * original message. Same spec, same bytes, on any thread.
 * @example const { svg, png } = await renderFigure({ spec, png: { dpi: 300 } });
 */
export function renderFigure(job: FigureJob, options: RenderFigureOptions = {}): Promise<RenderedFigure> {
  const laidOut = layouts.then(async () => {
    const warnings: string[] = [];
    try {
      const { svg, edits } = await layOutFigure(job.spec, { onWarning: (m) => warnings.push(m) });
      return { svg, warnings, ...(edits.length === 0 ? {} : { titles: edits }) };
    } catch (e) {
      throw new FigureRenderError((e as Error).message, 'svg');
    }
  });
  layouts = laidOut.catch(() => {});
  return laidOut.then(async (figure): Promise<RenderedFigure> => {
    const { svg, warnings } = figure;
    if (job.png === null) return figure;
    try {
      const { dpi } = resvgOptions(job.png);
      const scale = pngScale(svg, dpi);
      if (scale.reduced) {
        warnings.push(`PNG at ${scale.dpi} dpi instead of ${dpi}: the ${scale.width} × ${scale.height} px figure would exceed ${PNG_PIXEL_BUDGET / 1e6} megapixels`);
      }
      const png = options.blockingPng ? renderSvgToPng(svg, job.png, scale) : await pngPixelGate.run(pngPixels(scale), () => renderSvgToPngAsync(svg, job.png!, scale));
      return { ...figure, png, pngDpi: scale.dpi };
    } catch (e) {
      throw new FigureRenderError((e as Error).message, 'png');
    }
  });
}
