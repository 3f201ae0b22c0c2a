import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';

/**
 * Scatter of patient-mean-centred y against patient-mean-centred x (each session's deviation
 * from its patient's own mean), with the common within-patient slope of the repeated-measures
 * correlation drawn through the origin: the picture of Bakdash & Marusich's (2017) rmcorr.
 * `points` should already be sampled to at most ~5,000 (say the rule in the figure description).
 */
export function withinPatientScatter(args: { points: { x: number; y: number }[]; slope: number; xTitle: string; yTitle: string; title: string }): VegaLiteSpec {
  let lo = 0;
  let hi = 0;
  for (const p of args.points) {
    if (p.x < lo) lo = p.x;
    if (p.x > hi) hi = p.x;
  }
  const line = [
    { x: lo, y: args.slope * lo },
    { x: hi, y: args.slope * hi },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: args.title,
    width: 420,
    height: 300,
    layer: [
      {
        data: { values: args.points },
        mark: { type: 'circle', size: 14, opacity: 0.35, color: '#404040' },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: args.xTitle },
          y: { field: 'y', type: 'quantitative', title: args.yTitle },
          tooltip: [
            { field: 'x', type: 'quantitative', title: args.xTitle, format: '.2f' },
            { field: 'y', type: 'quantitative', title: args.yTitle, format: '.2f' },
          ],
        },
      },
      {
        data: { values: line },
        mark: { type: 'line', color: OKABE_ITO[0], strokeWidth: 2 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
    ],
  };
}
