import { Resvg } from '@resvg/resvg-js';

/**
 * The width and height (px) of an SVG: the root element's `width` and `height`, as Vega writes
 * them, else resvg's parse of the whole document.
 * @example svgSize('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300">…') // { width: 480, height: 300 }
 */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /^\s*<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([0-9.]+)"/.exec(open)?.[1]);
  const height = Number(/\sheight="([0-9.]+)"/.exec(open)?.[1]);
  if (width > 0 && height > 0) return { width, height };
  const parsed = new Resvg(svg, { font: { loadSystemFonts: false } });
  return { width: parsed.width, height: parsed.height };
}
