import { renderAsync } from '@resvg/resvg-js';
import { withPhysicalDpi } from './png-physical-dpi.ts';
import { pngScale, type PngScale } from './png-scale.ts';
import { resvgOptions, type RenderPngOptions } from './resvg-options.ts';

/**
 * {@link renderSvgToPng} off the JavaScript thread: resvg rasterizes on libuv's thread pool, so
 * the report renderer can lay out the next figure (Vega, JavaScript) while earlier PNGs are
 * drawn, and several PNGs are drawn at once on a multi-core machine. Same options, same bytes
 * as the synchronous function (and the same optional `scale`); option errors (dpi, missing fonts)
 * are thrown synchronously.
 * @example const png = await renderSvgToPngAsync(svg); // Buffer, identical to renderSvgToPng(svg)
 */
export function renderSvgToPngAsync(svg: string, options: RenderPngOptions = {}, scale?: PngScale): Promise<Buffer> {
  const { dpi, resvg } = resvgOptions(options);
  const { zoom, dpi: drawn } = scale ?? pngScale(svg, dpi);
  return renderAsync(svg, { ...resvg, fitTo: { mode: 'zoom', value: zoom } }).then((image) => withPhysicalDpi(image.asPng(), drawn));
}
