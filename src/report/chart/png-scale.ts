import { svgSize } from './svg-size.ts';

/** Most pixels a figure's PNG may have (40 megapixels, 160 MB as RGBA); the largest demo figure has 6. */
export const PNG_PIXEL_BUDGET = 40_000_000;

/** How a PNG is rasterized: zoom (dpi/96), resolution, whether it was lowered, and the SVG's size in px. */
export interface PngScale {
  zoom: number;
  dpi: number;
  reduced: boolean;
  width: number;
  height: number;
}

/**
 * The zoom and resolution a PNG of `svg` is rasterized at: `dpi` (zoom dpi/96) when the image
 * has at most {@link PNG_PIXEL_BUDGET} pixels, else the highest resolution that stays within it,
 * so no SVG, however wide its text made it, makes resvg allocate gigabytes (a 56,000 px wide
 * chart at 300 dpi needed 175,013 × 1,197 px). The size is read by {@link svgSize}.
 * @example pngScale('<svg width="480" height="300">…', 300) // { zoom: 3.125, dpi: 300, reduced: false }
 */
export function pngScale(svg: string, dpi: number): PngScale {
  const { width, height } = svgSize(svg);
  const pixels = (d: number): number => pngPixels({ width, height, dpi: d });
  if (pixels(dpi) <= PNG_PIXEL_BUDGET) return { zoom: dpi / 96, dpi, reduced: false, width, height };
  let fit = Math.max(1, Math.floor(96 * Math.sqrt(PNG_PIXEL_BUDGET / (width * height))));
  while (fit > 1 && pixels(fit) > PNG_PIXEL_BUDGET) fit--;
  return { zoom: fit / 96, dpi: fit, reduced: true, width, height };
}

/** The pixels of a PNG of an SVG `width` × `height` px rasterized at `dpi`. */
export function pngPixels(scale: Pick<PngScale, 'width' | 'height' | 'dpi'>): number {
  return Math.ceil((scale.width * scale.dpi) / 96) * Math.ceil((scale.height * scale.dpi) / 96);
}
