import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';

/** Interval rows drawn one per line, top to bottom, with a vertical reference line. */
export function intervalRows(args: { rows: { label: string; estimate: number; lower: number; upper: number }[]; reference: number | null; xTitle: string; title: string; color: string }): VegaLiteSpec {
  const values = args.rows.map((r, i) => ({ ...r, label: `${i + 1}. ${r.label}`, order: i }));
  const y = { field: 'label', type: 'nominal', title: null, sort: { field: 'order', order: 'ascending' }, axis: { labelLimit: 260 } };
  const x = { type: 'quantitative', title: args.xTitle, scale: { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: args.title,
    width: 320,
    height: { step: 18 },
    data: { values },
    layer: [
      ...(args.reference !== null ? [{ data: { values: [{ ref: args.reference }] }, mark: { type: 'rule', color: '#999999', strokeDash: [3, 3] }, encoding: { x: { field: 'ref', ...x } } }] : []),
      { mark: { type: 'rule', color: '#333333' }, encoding: { x: { field: 'lower', ...x }, x2: { field: 'upper' }, y } },
      {
        mark: { type: 'point', filled: true, size: 40, color: args.color, opacity: 1 },
        encoding: {
          x: { field: 'estimate', ...x },
          y,
          tooltip: [
            { field: 'estimate', type: 'quantitative', title: 'Estimate', format: '.3f' },
            { field: 'lower', type: 'quantitative', title: 'CI lower', format: '.3f' },
            { field: 'upper', type: 'quantitative', title: 'CI upper', format: '.3f' },
          ],
        },
      },
    ],
  };
}

/**
 * Leave-one-out plot (metafor's `leave1out`; Viechtbauer & Cheung 2010, doi:10.1002/jrsm.11):
 * the pooled estimate and its confidence interval with each study omitted in turn, against a
 * vertical line at the estimate from all studies.
 */
export function leaveOneOutPlot(args: { rows: { label: string; estimate: number; lower: number; upper: number }[]; overall: number; xTitle: string; title: string }): VegaLiteSpec {
  return intervalRows({ rows: args.rows, reference: args.overall, xTitle: args.xTitle, title: args.title, color: OKABE_ITO[0] });
}
