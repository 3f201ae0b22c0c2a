import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';

/** One offset of an average course: mean score of `n` events at `offset` sessions from the event. */
export interface CoursePoint {
  /** Line the point belongs to (e.g. a rupture preset, or the event kind). */
  series: string;
  offset: number;
  n: number;
  mean: number;
  sd: number;
}

/**
 * The average course of a score around events (offset 0 = the event session), one line per
 * series, as in Tang & DeRubeis (1999, Fig. 1); a dashed rule marks offset 0. At most
 * 7 × series points, so never large.
 */
export function suddenCourse(args: { points: CoursePoint[]; yTitle: string; title: string; zeroLabel: string }): VegaLiteSpec {
  const series = [...new Set(args.points.map((p) => p.series))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: args.title,
    width: 420,
    height: 260,
    layer: [
      {
        data: { values: [{ offset: 0 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888888' },
        encoding: { x: { field: 'offset', type: 'quantitative' } },
      },
      {
        data: { values: args.points },
        mark: { type: 'line', point: { size: 30 } },
        encoding: {
          x: { field: 'offset', type: 'quantitative', title: `Sessions from the event (0 = ${args.zeroLabel})`, scale: { domain: [-3, 3] }, axis: { tickMinStep: 1 } },
          y: { field: 'mean', type: 'quantitative', title: `Mean ${args.yTitle}`, scale: { zero: false } },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: OKABE_ITO.slice(0, Math.max(1, series.length)) }, legend: series.length > 1 ? {} : null },
          tooltip: [
            { field: 'series', title: 'Series' },
            { field: 'offset', title: 'Offset' },
            { field: 'n', title: 'n' },
            { field: 'mean', title: 'Mean', format: '.2f' },
            { field: 'sd', title: 'SD', format: '.2f' },
          ],
        },
      },
    ],
  };
}
