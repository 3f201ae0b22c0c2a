/**
 * Renames every `id` defined in an SVG string and rewrites its references (`url(#id)`,
 * `href="#id"`, `xlink:href="#id"`). `rename` receives each defined id once, in document order.
 * @example rewriteSvgIds('<clipPath id="c"/><g clip-path="url(#c)"/>', (id) => `f-${id}`)
 * // '<clipPath id="f-c"/><g clip-path="url(#f-c)"/>'
 */
export function rewriteSvgIds(svg: string, rename: (id: string) => string): string {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!map.has(m[1]!)) map.set(m[1]!, rename(m[1]!));
  if (map.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (all, head: string, id: string) => `${head}${map.get(id) ?? id}"`)
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => (map.has(id) ? `url(#${map.get(id)})` : all))
    .replace(/(href=")#([^"]+)"/g, (all, head: string, id: string) => (map.has(id) ? `${head}#${map.get(id)}"` : all));
}
