import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { rewriteSvgIds } from '../html/rewrite-svg-ids.ts';
import { xmlSafeText } from '../html/xml-safe-text.ts';
import { ReportError } from '../report-error.ts';
import { assertInlineData } from './assert-inline-data.ts';
import type { VegaLiteSpec } from '../types.ts';
import { withChartConfig } from './with-chart-config.ts';

export interface RenderSvgOptions {
  /** Receives each Vega-Lite / Vega warning (otherwise warnings are dropped). */
  onWarning?: (message: string) => void;
}

/**
 * Renders a Vega-Lite spec to a static SVG string in Node, without a browser or canvas:
 * `vl.compile` (with {@link chartConfig} merged under the spec's config) → `vega.parse` →
 * a headless `vega.View` (`renderer: 'none'`) → `toSVG()`. Text widths are estimated, so
 * label placement can differ slightly from a browser. Data must be inline (`values`): the
 * view's loader refuses every URL and file, so an untrusted spec cannot read the disk or the
 * network. Vega escapes all text and attributes it writes into the SVG; characters XML forbids
 * even escaped (control characters from a cell or label) become spaces (xmlSafeText), so the
 * SVG is always well-formed. Ids inside the SVG
 * (clip paths, gradients) are numbered from 1 in each SVG, so the output is deterministic.
 * @example await renderVegaLiteToSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } })
 * // '<svg xmlns="http://www.w3.org/2000/svg" … </svg>'
 */
export async function renderVegaLiteToSvg(spec: VegaLiteSpec, options: RenderSvgOptions = {}): Promise<string> {
  const warn = options.onWarning ?? (() => {});
  assertInlineData(spec);
  const errors: string[] = [];
  const logger = makeLogger(warn, errors);
  let vgSpec: vega.Spec;
  try {
    vgSpec = vl.compile(withChartConfig(spec) as unknown as TopLevelSpec, { logger }).spec as vega.Spec;
  } catch (e) {
    throw new ReportError(`Vega-Lite spec does not compile: ${(e as Error).message}`);
  }
  // Second line of defence behind assertInlineData: a loader that refuses everything.
  const loader = vega.loader();
  const refuse = (uri: string): Promise<never> =>
    Promise.reject(new ReportError(`figures must carry their data inline; refused to load ${JSON.stringify(uri)}`));
  loader.load = refuse;
  loader.sanitize = refuse;
  loader.http = refuse;
  loader.file = refuse;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader, logger });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new ReportError(`Vega could not render the figure: ${errors.join('; ')}`);
    return renumberIds(xmlSafeText(svg));
  } finally {
    view.finalize();
  }
}

/** Vega numbers clip paths and gradients with a process-wide counter; restart it per SVG so output is reproducible. */
function renumberIds(svg: string): string {
  const counters = new Map<string, number>();
  return rewriteSvgIds(svg, (id) => {
    const base = id.replace(/\d+$/, '');
    const k = (counters.get(base) ?? 0) + 1;
    counters.set(base, k);
    return `${base}${k}`;
  });
}

function makeLogger(warn: (m: string) => void, errors: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const text = (args: readonly unknown[]): string => args.map(String).join(' ');
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      errors.push(text(args));
      return logger;
    },
    warn(...args: readonly unknown[]) {
      const m = text(args);
      // Headless views have no window for interactive params (e.g. zoom bound to scales).
      if (level >= vega.Warn && !/event source: window/.test(m)) warn(m);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as vega.LoggerInterface;
}
