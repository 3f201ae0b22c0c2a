import type { VegaLiteSpec } from '../types.ts';
import { NO_LEADING_ZERO_LABELS } from './no-leading-zero-labels.ts';

/**
 * Forest plot of one correlation per group (point and CI) with the pooled value as a diamond row
 * and a dashed rule. The vertical reference rules (pooled r, zero) come first so they are drawn
 * behind the intervals, and carry no y encoding so they span the whole plot. Axis labels drop the
 * leading zero of correlations (APA 7th ed., §6.36): "−.2", ".4".
 */
export function modalityForest(rows: { label: string; r: number; ciLower: number; ciUpper: number; n: number; pooled: boolean }[], title: string): VegaLiteSpec {
  const pooled = rows.find((r) => r.pooled);
  const y = { field: 'label', type: 'nominal', sort: null, title: null } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 380,
    height: { step: 26 },
    data: { values: rows },
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#999999' }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      ...(pooled ? [{ data: { values: [{ r: pooled.r }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#D55E00' }, encoding: { x: { field: 'r', type: 'quantitative' } } }] : []),
      { mark: { type: 'rule', color: '#444444' }, encoding: { y, x: { field: 'ciLower', type: 'quantitative', title: 'Correlation (95% CI)', axis: { labelExpr: NO_LEADING_ZERO_LABELS } }, x2: { field: 'ciUpper' } } },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          y,
          x: { field: 'r', type: 'quantitative' },
          shape: { field: 'pooled', type: 'nominal', scale: { domain: [false, true], range: ['square', 'diamond'] }, legend: null },
          color: { field: 'pooled', type: 'nominal', scale: { domain: [false, true], range: ['#0072B2', '#D55E00'] }, legend: null },
          size: { field: 'n', type: 'quantitative', legend: null, scale: { range: [40, 200] } },
          tooltip: [
            { field: 'label', title: 'Group' },
            { field: 'n', title: 'n' },
            { field: 'r', title: 'r', format: '.3f' },
            { field: 'ciLower', title: 'CI lower', format: '.3f' },
            { field: 'ciUpper', title: 'CI upper', format: '.3f' },
          ],
        },
      },
    ],
  };
}
