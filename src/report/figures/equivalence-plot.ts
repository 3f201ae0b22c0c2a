import type { VegaLiteSpec } from '../types.ts';

/** Equivalence plot: each comparison's (1 − 2α) interval against the ± margin band, coloured by the TOST decision. */
export function equivalencePlot(rows: { label: string; estimate: number; ciLower: number; ciUpper: number; decision: string }[], margin: number, title: string, axis: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 380,
    height: { step: 26 },
    layer: [
      { data: { values: [{ lo: -margin, hi: margin }] }, mark: { type: 'rect', color: '#009E73', opacity: 0.12 }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      {
        data: { values: rows },
        encoding: { y: { field: 'label', type: 'nominal', sort: null, title: null } },
        layer: [
          { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'ciLower', type: 'quantitative', title: axis }, x2: { field: 'ciUpper' }, color: { field: 'decision', type: 'nominal', title: 'TOST', scale: { domain: ['equivalent', 'different', 'inconclusive'], range: ['#009E73', '#D55E00', '#999999'] } } } },
          {
            mark: { type: 'point', filled: true, size: 60 },
            encoding: {
              x: { field: 'estimate', type: 'quantitative' },
              color: { field: 'decision', type: 'nominal' },
              tooltip: [
                { field: 'label', title: 'Comparison' },
                { field: 'estimate', title: 'Estimate', format: '.3f' },
                { field: 'ciLower', title: 'CI lower', format: '.3f' },
                { field: 'ciUpper', title: 'CI upper', format: '.3f' },
                { field: 'decision', title: 'Decision' },
              ],
            },
          },
        ],
      },
      { data: { values: [{ v: -margin }, { v: margin }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#009E73' }, encoding: { x: { field: 'v', type: 'quantitative' } } },
    ],
  };
}
