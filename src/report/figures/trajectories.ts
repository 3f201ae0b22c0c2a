import { formatLevel } from '../format/index.ts';
import type { VegaLiteSpec } from '../types.ts';

export interface TrajectoryPoint {
  variable: string;
  group: string;
  session: number;
  n: number;
  mean: number;
  lower: number;
  upper: number;
}

/**
 * Mean trajectory per session and group (line) with its confidence band (area), one panel per
 * variable; colours from the shared colour-blind-safe palette.
 */
export function trajectoriesChart(points: TrajectoryPoint[], groupTitle: string, level: number): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Mean trajectories by ${groupTitle}`,
    data: { values: points },
    facet: { column: { field: 'variable', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 300,
      height: 220,
      layer: [
        {
          mark: { type: 'area', opacity: 0.18 },
          encoding: {
            x: { field: 'session', type: 'quantitative', title: 'Session' },
            y: { field: 'lower', type: 'quantitative', title: 'Mean', scale: { zero: false } },
            y2: { field: 'upper' },
            color: { field: 'group', type: 'nominal', title: groupTitle },
          },
        },
        {
          mark: { type: 'line', point: { size: 18 } },
          encoding: {
            x: { field: 'session', type: 'quantitative' },
            y: { field: 'mean', type: 'quantitative' },
            color: { field: 'group', type: 'nominal', title: groupTitle },
            tooltip: [
              { field: 'group', title: groupTitle },
              { field: 'session', title: 'Session' },
              { field: 'n', title: 'n' },
              { field: 'mean', title: 'Mean', format: '.2f' },
              { field: 'lower', title: `${formatLevel(level)} CI lower`, format: '.2f' },
              { field: 'upper', title: `${formatLevel(level)} CI upper`, format: '.2f' },
            ],
          },
        },
      ],
    },
  };
}
