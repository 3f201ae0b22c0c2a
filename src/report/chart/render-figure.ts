import { renderSvgToPng } from './render-svg-to-png.ts';
import { renderVegaLiteToSvg } from './render-vega-lite-to-svg.ts';
import type { RenderPngOptions } from './resvg-options.ts';
import type { VegaLiteSpec } from '../types.ts';
import { FigureRenderError } from './figure-render-error.ts';

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
  /** Vega-Lite / Vega warnings, in the order they were logged. */
  warnings: string[];
}

/**
 * One figure, start to end: Vega-Lite → SVG ({@link renderVegaLiteToSvg}) → PNG
 * ({@link renderSvgToPng}, synchronous: this runs in a figure worker, see createFigurePool, or
 * on the main thread for a single figure). Throws {@link FigureRenderError} with the phase that
 * failed and the original message. Same spec, same bytes, on any thread.
 * @example const { svg, png } = await renderFigure({ spec, png: { dpi: 300 } });
 */
export async function renderFigure(job: FigureJob): Promise<RenderedFigure> {
  const warnings: string[] = [];
  let svg: string;
  try {
    svg = await renderVegaLiteToSvg(job.spec, { onWarning: (m) => warnings.push(m) });
  } catch (e) {
    throw new FigureRenderError((e as Error).message, 'svg');
  }
  if (job.png === null) return { svg, warnings };
  let png: Uint8Array;
  try {
    png = renderSvgToPng(svg, job.png);
  } catch (e) {
    throw new FigureRenderError((e as Error).message, 'png');
  }
  return { svg, png, warnings };
}
