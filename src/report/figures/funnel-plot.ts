import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';

/** Two-sided significance contours drawn: z for p = .10, .05 and .01. */
const CONTOURS = [
  { z: 2.5758293035489004, fill: '#e8e8e8' },
  { z: 1.959963984540054, fill: '#c6c6c6' },
  { z: 1.6448536269514722, fill: '#a3a3a3' },
];

/**
 * Contour-enhanced funnel plot (Peters et al. 2008, doi:10.1016/j.jclinepi.2007.11.010): effect
 * sizes against standard errors (axis reversed, precise studies on top), with shaded regions
 * where a study's two-sided test of zero is significant at .10, .05 and .01, the pooled
 * estimate with its pseudo 95% confidence limits (estimate ± 1.96·SE), and trim-and-fill
 * imputed studies as hollow points.
 */
export function funnelPlot(args: { points: { yi: number; sei: number; filled: boolean }[]; estimate: number; xTitle: string; title: string }): VegaLiteSpec {
  const maxSe = Math.max(...args.points.map((p) => p.sei)) * 1.05;
  const xs = args.points.map((p) => p.yi);
  const span = Math.max(Math.abs(Math.min(...xs)), Math.abs(Math.max(...xs)), 2.6 * maxSe, Math.abs(args.estimate) + 2 * maxSe) * 1.05;
  const x = { type: 'quantitative', title: args.xTitle, scale: { domain: [-span, span], nice: false, zero: false } };
  const y = { type: 'quantitative', title: 'Standard error', scale: { domain: [0, maxSe], reverse: true, nice: false } };
  const seGrid = [0, maxSe];
  // nested bands from the outside in: beyond ±2.576·SE (p < .01), ±1.96 (p < .05), ±1.645 (p < .10), white inside
  const bands = [{ z: Infinity, fill: CONTOURS[0].fill }, { z: CONTOURS[0].z, fill: CONTOURS[1].fill }, { z: CONTOURS[1].z, fill: CONTOURS[2].fill }, { z: CONTOURS[2].z, fill: '#ffffff' }];
  const regions = bands.map((b) => ({ fill: b.fill, values: seGrid.map((se) => (b.z === Infinity ? { se, lo: -span, hi: span } : { se, lo: -b.z * se, hi: b.z * se })) }));
  const pseudo = [0, maxSe].flatMap((se) => [
    { se, x: args.estimate - 1.959963984540054 * se, side: 'lower' },
    { se, x: args.estimate + 1.959963984540054 * se, side: 'upper' },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: args.title,
    width: 420,
    height: 320,
    layer: [
      ...regions.map((r) => ({
        data: { values: r.values },
        mark: { type: 'area', orient: 'horizontal', color: r.fill, opacity: 1 },
        encoding: { y: { field: 'se', ...y }, x: { field: 'lo', ...x }, x2: { field: 'hi' } },
      })),
      { data: { values: [{ x: args.estimate }] }, mark: { type: 'rule', color: '#000000' }, encoding: { x: { field: 'x', ...x } } },
      {
        data: { values: pseudo },
        mark: { type: 'line', color: '#000000', strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { x: { field: 'x', ...x }, y: { field: 'se', ...y }, detail: { field: 'side', type: 'nominal' } },
      },
      {
        data: { values: args.points.map((p) => ({ ...p, kind: p.filled ? 'imputed (trim-and-fill)' : 'observed' })) },
        mark: { type: 'point', size: 36, opacity: 1, filled: true, stroke: OKABE_ITO[0], strokeWidth: 1.2 },
        encoding: {
          x: { field: 'yi', ...x },
          y: { field: 'sei', ...y },
                    fill: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['observed', 'imputed (trim-and-fill)'], range: [OKABE_ITO[0], '#ffffff'] }, legend: args.points.some((p) => p.filled) ? { symbolStrokeColor: OKABE_ITO[0], labelLimit: 300 } : null },
          tooltip: [
            { field: 'yi', type: 'quantitative', title: 'Effect', format: '.3f' },
            { field: 'sei', type: 'quantitative', title: 'SE', format: '.3f' },
          ],
        },
      },
    ],
  };
}
