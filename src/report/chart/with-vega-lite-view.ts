import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { ReportError } from '../report-error.ts';
import { assertInlineData } from './assert-inline-data.ts';
import type { VegaLiteSpec } from '../types.ts';
import { withChartConfig } from './with-chart-config.ts';

export interface RenderSvgOptions {
  /** Receives each Vega-Lite / Vega warning (otherwise warnings are dropped). */
  onWarning?: (message: string) => void;
}

/**
 * Runs `use` on a headless Vega view of a Vega-Lite spec and finalizes the view afterwards:
 * `vl.compile` (with {@link chartConfig} merged under the spec's config) → `vega.parse` →
 * `new vega.View` (`renderer: 'none'`, a loader that refuses every URL and file, behind
 * assertInlineData). Errors Vega logs while `use` runs make it throw a {@link ReportError}
 * ("Vega could not render the figure: …"); a spec that does not compile throws one too. The one
 * way renderVegaLiteToSvg and vegaLiteSvgSize open a figure, so both see the same layout.
 * @example const svg = await withVegaLiteView(spec, {}, (view) => view.toSVG());
 */
export async function withVegaLiteView<T>(spec: VegaLiteSpec, options: RenderSvgOptions, use: (view: vega.View) => Promise<T>): Promise<T> {
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
    const result = await use(view);
    if (errors.length > 0) throw new ReportError(`Vega could not render the figure: ${errors.join('; ')}`);
    return result;
  } finally {
    view.finalize();
  }
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
