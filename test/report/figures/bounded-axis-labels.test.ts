/**
 * Axis tick labels of figures whose values cannot exceed 1 drop the leading zero, as APA asks for
 * such values (APA Publication Manual, 7th ed., §6.36; the report's tables print α and r the same
 * way): the reliability figure (α, ω; audit: ticks "0.5 … 1.0") and the compare stage's forest of
 * correlations (ticks "−0.6 … 0.5"). Rendered headlessly; the labels are read from the SVG.
 */
import { describe, expect, it } from 'vitest';
import { renderVegaLiteToSvg } from '../../../src/report/chart/index.ts';
import { modalityForest } from '../../../src/report/figures/modality-forest.ts';
import { reliabilityIntervals } from '../../../src/report/figures/reliability-intervals.ts';
import type { VegaLiteSpec } from '../../../src/report/types.ts';

/** The numeric texts of the rendered SVG: the x-axis tick labels (these figures draw no other numbers). */
async function tickLabels(spec: VegaLiteSpec): Promise<string[]> {
  const svg = await renderVegaLiteToSvg(spec);
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
  return texts.filter((t) => /^[−-]?\d*\.\d+$|^[−-]?\d+$/.test(t));
}

describe('no leading zero on axes of values bounded by 1', () => {
  it('reliability: α and ω ticks read .5 … 1.0', async () => {
    const labels = await tickLabels(
      reliabilityIntervals({
        scales: [
          { scale: 'wai_total', alpha: 0.93, lower: 0.917, upper: 0.942, omega: 0.93 },
          { scale: 'phq_total', alpha: 0.58, lower: 0.52, upper: 0.64, omega: null },
        ],
        level: '95%',
        title: 'Internal consistency',
      }),
    );
    expect(labels).toEqual(['.5', '.6', '.7', '.8', '.9', '1.0']);
  });

  it('reliability: a negative lower bound keeps the true minus sign: −.2 … 1.0', async () => {
    const labels = await tickLabels(reliabilityIntervals({ scales: [{ scale: 's', alpha: 0.3, lower: -0.15, upper: 0.6, omega: null }], level: '95%', title: 'Internal consistency' }));
    expect(labels[0]).toBe('−.2');
    expect(labels.at(-1)).toBe('1.0');
    expect(labels.filter((l) => /^−?0\./.test(l))).toEqual([]);
  });

  const forest = (rows: [string, number, number, number][]) =>
    modalityForest(
      rows.map(([label, r, ciLower, ciUpper], i) => ({ label, r, ciLower, ciUpper, n: 100, pooled: i === rows.length - 1 })),
      'Alliance–outcome correlation by modality',
    );

  it('compare forest: correlation ticks without leading zeros (−.6 … .4)', async () => {
    const labels = await tickLabels(forest([['CBT', 0.29, 0.12, 0.44], ['HUM', -0.13, -0.52, 0.3], ['All patients', 0.22, 0.11, 0.32]]));
    expect(labels.length).toBeGreaterThan(3);
    expect(labels).toContain('.0');
    expect(labels).toContain('−.2');
    expect(labels.filter((l) => !/^−?\.\d$/.test(l))).toEqual([]);
  });

  it('compare forest: narrow intervals keep the digits of the tick step, distinct labels', async () => {
    const labels = await tickLabels(forest([['CBT', 0.22, 0.205, 0.238], ['All patients', 0.215, 0.2, 0.23]]));
    expect(new Set(labels).size).toBe(labels.length);
    // a tick step of .02: two decimals, as Vega chooses them, without the leading zero
    expect(labels).toContain('.04');
    expect(labels.filter((l) => !/^\.\d\d$/.test(l))).toEqual([]);
  });
});
