import { Resvg } from '@resvg/resvg-js';
import { withPhysicalDpi } from './png-physical-dpi.ts';
import { pngScale, type PngScale } from './png-scale.ts';
import { resvgOptions, type RenderPngOptions } from './resvg-options.ts';

export { DEJAVU_SANS_FILES, type RenderPngOptions } from './resvg-options.ts';

/**
 * Rasterizes an SVG to PNG with resvg (https://github.com/linebender/resvg) for journals that
 * want bitmaps: scaled by dpi/96 (300 dpi by default, so a 480 px wide chart becomes 1,500 px),
 * with only the given font files loaded (no system fonts), so the same SVG gives the same PNG on
 * every machine. The PNG carries a pHYs chunk with the resolution (PNG spec §11.3.5.3), so word
 * processors place it at its physical size. A figure that would exceed PNG_PIXEL_BUDGET pixels at
 * that resolution is rasterized at the highest resolution within it (see pngScale; pass `scale`
 * when it was computed already, as renderFigure does to report it). Throws a {@link ReportError}
 * when a font file is missing.
 * @example const png = renderSvgToPng(svg); // Buffer, width = round(svgWidth × 300 / 96)
 */
export function renderSvgToPng(svg: string, options: RenderPngOptions = {}, scale?: PngScale): Buffer {
  const { dpi, resvg } = resvgOptions(options);
  scale ??= pngScale(svg, dpi);
  return withPhysicalDpi(new Resvg(svg, { ...resvg, fitTo: { mode: 'zoom', value: scale.zoom } }).render().asPng(), scale.dpi);
}
