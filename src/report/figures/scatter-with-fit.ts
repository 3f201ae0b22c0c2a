import type { VegaLiteSpec } from '../types.ts';

/**
 * Scatter plot of y on x with the OLS line and its confidence band; the band comes from
 * `olsBand` (src/stats/regression/), the same interval R's `predict(lm, interval = "confidence")` gives.
 */
export function scatterWithFit(args: {
  points: { x: number; y: number }[];
  xTitle: string;
  yTitle: string;
  title: string;
  level?: number;
  band: { x: number; fit: number; lower: number; upper: number }[];
}): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: args.title,
    width: 420,
    height: 300,
    layer: [
      {
        data: { values: args.band },
        mark: { type: 'area', opacity: 0.25, color: '#0072B2' },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: args.xTitle },
          y: { field: 'lower', type: 'quantitative', title: args.yTitle },
          y2: { field: 'upper' },
        },
      },
      {
        data: { values: args.points },
        // drag to pan, scroll to zoom in the interactive view (the static SVG is unaffected)
        params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
        mark: { type: 'circle', size: 18, opacity: 0.45, color: '#404040' },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: args.xTitle, scale: { zero: false } },
          y: { field: 'y', type: 'quantitative', title: args.yTitle, scale: { zero: false } },
          tooltip: [
            { field: 'x', type: 'quantitative', title: args.xTitle, format: '.2f' },
            { field: 'y', type: 'quantitative', title: args.yTitle, format: '.2f' },
          ],
        },
      },
      {
        data: { values: args.band },
        mark: { type: 'line', color: '#0072B2', strokeWidth: 2 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'fit', type: 'quantitative' } },
      },
    ],
  };
}
