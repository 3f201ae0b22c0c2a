import type { VegaLiteSpec } from '../types.ts';
import { chartConfig } from './chart-config.ts';
import { isPlainObject } from './spec-values.ts';

/**
 * A copy of a Vega-Lite spec whose `config` is {@link chartConfig} overlaid by the spec's own
 * `config` (objects merged key by key, the spec winning), so every exported `.vl.json`
 * carries the house theme and re-renders identically elsewhere. The input is not changed.
 * @example withChartConfig({ mark: 'point', config: { axis: { labelFontSize: 9 } } }).config.axis.labelFontSize // 9
 */
export function withChartConfig(spec: VegaLiteSpec): VegaLiteSpec {
  const own = isPlainObject(spec.config) ? spec.config : {};
  return { ...spec, config: merge(structuredClone(chartConfig) as Record<string, unknown>, own) };
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? merge(b, v) : v;
  }
  return out;
}
