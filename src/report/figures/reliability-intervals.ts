import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';
import { NO_LEADING_ZERO_LABELS } from './no-leading-zero-labels.ts';

/**
 * Dot plot of internal consistency per scale: Cronbach's alpha with its (Feldt) confidence
 * interval as a horizontal bar, and omega total as a second point, one row per scale; dashed
 * reference lines at .70 and .80, the conventional minimum for research use and the usual
 * target for group comparisons (Nunnally & Bernstein 1994, Psychometric Theory, 3rd ed., ch. 7).
 * One row per scale, so the number of marks stays small. Axis labels drop the leading zero, as
 * for every value that cannot exceed 1 (APA 7th ed., §6.36): ".7", "1.0".
 */
export function reliabilityIntervals(args: {
  scales: { scale: string; alpha: number; lower: number; upper: number; omega: number | null }[];
  level: string;
  title: string;
}): VegaLiteSpec {
  const points = args.scales.flatMap((s) => [
    { scale: s.scale, coefficient: 'Cronbach α', value: s.alpha },
    ...(s.omega === null ? [] : [{ scale: s.scale, coefficient: 'ω total', value: s.omega }]),
  ]);
  const order = args.scales.map((s) => s.scale);
  const lo = Math.min(0.5, ...args.scales.map((s) => s.lower));
  const y = { field: 'scale', type: 'nominal', title: null, sort: order };
  const domain = ['Cronbach α', 'ω total'];
  const yOffset = { field: 'coefficient', type: 'nominal', scale: { domain, paddingInner: 0.2 } };
  const x = (field: string, title?: string) => ({ field, type: 'quantitative', ...(title ? { title } : {}), scale: { domain: [Math.floor(lo * 10) / 10, 1], zero: false }, axis: { format: '.1f', labelExpr: NO_LEADING_ZERO_LABELS, tickMinStep: 0.1 } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: args.title,
    width: 380,
    height: { step: 16 },
    layer: [
      {
        data: { values: [{ v: 0.7 }, { v: 0.8 }] },
        mark: { type: 'rule', color: '#999999', strokeDash: [4, 3] },
        encoding: { x: x('v') },
      },
      {
        data: { values: args.scales.map((s) => ({ ...s, coefficient: domain[0] })) },
        mark: { type: 'rule', color: OKABE_ITO[0], strokeWidth: 2 },
        encoding: {
          y,
          yOffset,
          x: x('lower', `Coefficient (α with ${args.level} CI)`),
          x2: { field: 'upper' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y,
          yOffset,
          x: x('value'),
          shape: { field: 'coefficient', type: 'nominal', title: null, scale: { domain, range: ['circle', 'diamond'] } },
          color: { field: 'coefficient', type: 'nominal', title: null, scale: { domain, range: [OKABE_ITO[0], OKABE_ITO[3]] } },
          tooltip: [
            { field: 'scale', title: 'Scale' },
            { field: 'coefficient', title: 'Coefficient' },
            { field: 'value', type: 'quantitative', title: 'Value', format: '.3f' },
          ],
        },
      },
    ],
  };
}
