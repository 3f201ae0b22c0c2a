import { quantileSorted } from '../../stats/descriptive/index.ts';
import type { VegaLiteSpec } from '../types.ts';

/**
 * Distribution of a patient-level variable by group: boxplots over the raw values, whiskers to the
 * most extreme values within 1.5 IQR of the quartiles and the values beyond drawn as points
 * (Tukey). When no group has such a value the whiskers reach each group's minimum and maximum, which
 * is then the same drawing, and the spec says so (`extent: 'min-max'`): Vega-Lite would otherwise
 * lay out an empty layer of outliers and warn of an infinite extent.
 */
export function groupBoxplot(values: { group: string; value: number }[], variable: string, groupTitle: string): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${variable} by ${groupTitle}`,
    width: 380,
    height: { step: 34 },
    data: { values },
    mark: { type: 'boxplot', extent: hasTukeyOutliers(values) ? 1.5 : 'min-max', median: { color: '#000000' } },
    encoding: {
      y: { field: 'group', type: 'nominal', title: groupTitle },
      x: { field: 'value', type: 'quantitative', title: variable, scale: { zero: false } },
      color: { field: 'group', type: 'nominal', legend: null },
    },
  };
}

/**
 * Whether a value of some group lies beyond 1.5 IQR of its group's quartiles, with quartiles as
 * Vega computes them for a boxplot (linear interpolation between order statistics, R's type 7)
 * and Vega-Lite's strict comparisons. Non-finite values are ignored, as Vega ignores them.
 */
export function hasTukeyOutliers(values: readonly { group: string; value: number }[]): boolean {
  const byGroup = new Map<string, number[]>();
  for (const { group, value } of values) {
    if (!Number.isFinite(value)) continue;
    let g = byGroup.get(group);
    if (!g) byGroup.set(group, (g = []));
    g.push(value);
  }
  for (const g of byGroup.values()) {
    const sorted = Float64Array.from(g).sort();
    const q1 = quantileSorted(sorted, 0.25);
    const q3 = quantileSorted(sorted, 0.75);
    const iqr = q3 - q1;
    if (sorted[0]! < q1 - 1.5 * iqr || sorted[sorted.length - 1]! > q3 + 1.5 * iqr) return true;
  }
  return false;
}
