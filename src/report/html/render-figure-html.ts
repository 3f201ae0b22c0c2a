import { escapeHtml } from './escape-html.ts';
import { compactInlineSvg } from './compact-inline-svg.ts';
import { prefixSvgIds } from './prefix-svg-ids.ts';

export interface HtmlFigureInput {
  /** HTML id (already file-safe), also the prefix for the ids inside the SVG. */
  htmlId: string;
  /** "Figure 2". */
  label: string;
  title: string;
  description: string;
  /** Static SVG rendered by Vega (its text is already escaped by Vega). */
  svg: string;
  /** Index of the figure's spec in the page's JSON list; omitted for a static-only page. */
  specIndex?: number;
  /** Relative paths of the exported files; the PNG's with the resolution it was rasterized at (RenderedFigure.pngDpi). */
  files: { svg: string; png?: { href: string; dpi: number }; vl: string };
}

/**
 * An APA-style figure: number and title above (the `<figcaption>` that labels the figure for
 * screen readers), the static SVG (readable without scripts, and the one printed; slimmed by
 * compactInlineSvg), an empty
 * container the page script fills with the interactive Vega view, and the description below as
 * the figure note, which also describes the figure to assistive technology.
 * @example renderFigureHtml({ htmlId: 'fig-scatter', label: 'Figure 1', title, description, svg, specIndex: 0, files })
 */
export function renderFigureHtml(f: HtmlFigureInput): string {
  const id = escapeHtml(f.htmlId);
  const interactive =
    f.specIndex === undefined
      ? ''
      : `<div class="figure-interactive" data-spec-index="${f.specIndex}" hidden></div>`;
  return [
    `<figure class="figure" id="${id}" aria-labelledby="${id}-title" aria-describedby="${id}-desc">`,
    `<figcaption id="${id}-title"><span class="label">${escapeHtml(f.label)}</span><span class="title">${escapeHtml(f.title)}</span></figcaption>`,
    `<div class="figure-static" role="img" aria-label="${escapeHtml(f.title)}" aria-describedby="${id}-desc">${prefixSvgIds(compactInlineSvg(f.svg), `${f.htmlId}-`)}</div>`,
    interactive,
    `<p class="note" id="${id}-desc"><em>Note.</em> ${escapeHtml(f.description)}</p>`,
    `<p class="downloads">Download: <a href="${escapeHtml(f.files.svg)}">SVG</a> · ${f.files.png ? `<a href="${escapeHtml(f.files.png.href)}">PNG (${f.files.png.dpi} dpi)</a> · ` : ''}<a href="${escapeHtml(f.files.vl)}">Vega-Lite</a></p>`,
    `</figure>`,
  ]
    .filter((s) => s !== '')
    .join('\n');
}
