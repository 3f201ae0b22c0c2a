import type { ReportBlock, VegaLiteSpec } from '../types.ts';
import { figureSafeSpec } from './figure-safe-spec.ts';
import { withChartConfig } from './with-chart-config.ts';

const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * The spec a report figure is rendered and exported from: the block's spec with the Vega-Lite
 * `$schema`, the block description as `description` when the spec has none, and the house theme
 * (withChartConfig), its text made safe to draw (figureSafeSpec: XML-safe, long titles and labels
 * shortened); `vlJson` is its `figures/<id>.vl.json` text, which also identifies the
 * figure for createFigureRenderer (same text, same SVG and PNG).
 * @example reportFigureSpec({ kind: 'figure', id: 'f', title: 't', description: 'd', spec: { mark: 'point' } }).spec.description // 'd'
 */
export function reportFigureSpec(block: Extract<ReportBlock, { kind: 'figure' }>): { spec: VegaLiteSpec; vlJson: string } {
  const base: VegaLiteSpec = { $schema: VL_SCHEMA, ...block.spec };
  if (base.description === undefined) base.description = block.description;
  const spec = withChartConfig(figureSafeSpec(base));
  return { spec, vlJson: `${JSON.stringify(spec, null, 2)}\n` };
}
