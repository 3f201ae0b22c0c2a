/**
 * Gives every `id` in an SVG string a prefix and rewrites its references (`url(#id)`,
 * `href="#id"`), so several inline SVGs in one HTML page (Vega names clip paths `clip1`,
 * `clip2`, … in each) do not resolve each other's clip paths and gradients.
 * @example prefixSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/>', 'f1-')
 * // '<clipPath id="f1-clip1"/><g clip-path="url(#f1-clip1)"/>'
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]!);
  if (ids.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (all, head: string, id: string) => `${head}${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => (ids.has(id) ? `url(#${prefix}${id})` : all))
    .replace(/(href=")#([^"]+)"/g, (all, head: string, id: string) => (ids.has(id) ? `${head}#${prefix}${id}"` : all));
}
