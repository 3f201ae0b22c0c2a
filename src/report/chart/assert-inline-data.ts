import { ReportError } from '../report-error.ts';

/**
 * Throws a {@link ReportError} naming the JSON path when a Vega-Lite spec loads data from a
 * URL or file (`data.url`, also inside `lookup` transforms or layers) instead of carrying it
 * inline. Reports must be self-contained, and a spec from someone else must not make the
 * renderer or the reader's browser read files or reach the network.
 * @example assertInlineData({ data: { url: "https://example.org/x.csv" } }) // throws ReportError "… found $.data.url"
 */
export function assertInlineData(spec: unknown, path = '$'): void {
  if (Array.isArray(spec)) {
    spec.forEach((v, i) => assertInlineData(v, `${path}[${i}]`));
    return;
  }
  if (typeof spec !== 'object' || spec === null) return;
  const obj = spec as Record<string, unknown>;
  const data = obj.data;
  if (typeof data === 'object' && data !== null && 'url' in data) {
    throw new ReportError(`figure data must be inline (values), not loaded from a URL or file: found ${path}.data.url`);
  }
  for (const [k, v] of Object.entries(obj)) assertInlineData(v, `${path}.${k}`);
}
