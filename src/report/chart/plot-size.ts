import type { PlotSize } from './axis-title-edits.ts';

/**
 * The size of the plot area in an SVG Vega drew: the background of its first view with an area,
 * the root frame of a single or layered view, else the first facet or repeat cell; undefined when
 * there is none (a concatenation).
 * @example plotSize('<svg …><g class="mark-group role-frame root" …><g transform="translate(0,0)"><path class="background" aria-hidden="true" d="M0,0h380v136h-380Z"/>…') // { width: 380, height: 136 }
 */
export function plotSize(svg: string): PlotSize | undefined {
  const view = /<g class="mark-group role-(?:frame root|scope cell)"[^>]*><g transform="[^"]*"><path class="background"[^>]*\sd="M0,0h([0-9.]+)v([0-9.]+)h/g;
  for (const m of svg.matchAll(view)) {
    const width = Number(m[1]);
    const height = Number(m[2]);
    if (width > 0 && height > 0) return { width, height };
  }
  return undefined;
}
