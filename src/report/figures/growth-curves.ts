import type { VegaLiteSpec } from '../types.ts';

/** Individual trajectories (thin grey lines, a sample of pseudonymous patients) under the population curve of a growth model (thick line). */
export function growthCurves(individual: { id: string; session: number; value: number }[], population: { session: number; value: number }[], variable: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Growth of ${variable}`,
    width: 420,
    height: 280,
    layer: [
      {
        data: { values: individual },
        mark: { type: 'line', color: '#999999', opacity: 0.35, strokeWidth: 1 },
        encoding: { x: { field: 'session', type: 'quantitative', title: 'Session' }, y: { field: 'value', type: 'quantitative', title: variable, scale: { zero: false } }, detail: { field: 'id' } },
      },
      {
        data: { values: population },
        mark: { type: 'line', color: '#D55E00', strokeWidth: 3 },
        encoding: { x: { field: 'session', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'session', title: 'Session' }, { field: 'value', title: 'Population curve', format: '.2f' }] },
      },
    ],
  };
}
