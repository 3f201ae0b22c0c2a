import type { VegaLiteSpec } from '../types.ts';

/** Distribution of a patient-level variable by group: boxplot (min–max whiskers at 1.5 IQR) over the raw values. */
export function groupBoxplot(values: { group: string; value: number }[], variable: string, groupTitle: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${variable} by ${groupTitle}`,
    width: 380,
    height: { step: 34 },
    data: { values },
    mark: { type: 'boxplot', extent: 1.5, median: { color: '#000000' } },
    encoding: {
      y: { field: 'group', type: 'nominal', title: groupTitle },
      x: { field: 'value', type: 'quantitative', title: variable, scale: { zero: false } },
      color: { field: 'group', type: 'nominal', legend: null },
    },
  };
}
