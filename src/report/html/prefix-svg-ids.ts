import { rewriteSvgIds } from './rewrite-svg-ids.ts';

/**
 * Gives every `id` in an SVG string a prefix and rewrites its references, so several inline
 * SVGs in one HTML page (Vega names clip paths `clip1`, `clip2`, … in each) do not resolve
 * each other's clip paths and gradients.
 * @example prefixSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/>', 'f1-')
 * // '<clipPath id="f1-clip1"/><g clip-path="url(#f1-clip1)"/>'
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return rewriteSvgIds(svg, (id) => prefix + id);
}
