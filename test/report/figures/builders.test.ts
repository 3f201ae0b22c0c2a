/**
 * The figure builders in src/report/figures/ called with small fixed inputs (no pipeline run, so
 * these snapshots change only when a builder changes): each spec validates against the installed
 * Vega-Lite schema, renders headlessly without a Vega-Lite or Vega warning (a warning means a
 * channel or property is silently dropped), and matches its snapshot in
 * test/report/__snapshots__/builders/<builder>.vl.json (numbers rounded to 4 significant digits).
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderVegaLiteToSvg } from '../../../src/report/chart/index.ts';
import type { VegaLiteSpec } from '../../../src/report/types.ts';
import { dataQualityChart } from '../../../src/report/figures/data-quality.ts';
import { equivalencePlot } from '../../../src/report/figures/equivalence-plot.ts';
import { groupBoxplot } from '../../../src/report/figures/group-boxplot.ts';
import { growthCurves } from '../../../src/report/figures/growth-curves.ts';
import { jacobsonTruaxPlot } from '../../../src/report/figures/jacobson-truax-plot.ts';
import { modalityForest } from '../../../src/report/figures/modality-forest.ts';
import { scatterWithFit } from '../../../src/report/figures/scatter-with-fit.ts';
import { trajectoriesChart } from '../../../src/report/figures/trajectories.ts';
import { vegaLiteValidator } from '../vega-lite-schema.ts';
import { snapshotForm } from './snapshot-spec.ts';

const SNAPSHOTS = resolve('test/report/__snapshots__/builders');

const band = [0, 1, 2, 3, 4].map((i) => ({ x: 30 + 7.5 * i, fit: 4 + 1.3 * i, lower: 3.2 + 1.25 * i, upper: 4.8 + 1.35 * i }));
const specs: Record<string, VegaLiteSpec> = {
  'data-quality': dataQualityChart([
    { stage: 'scored', action: 'prorated', unit: 'values', count: 662, reason: 'missing-items-prorated', detail: 'wai_total: prorated from the answered items' },
    { stage: 'scored', action: 'set-missing', unit: 'values', count: 12, reason: 'too-many-missing-items', detail: 'phq_total: more than 12% of items missing' },
    { stage: 'change', action: 'excluded', unit: 'patients', count: 3, reason: 'no-pre-post-pair', detail: 'patients without two outcome scores' },
    { stage: 'scored', action: 'flagged', unit: 'sessions', count: 470, reason: 'form-not-completed', detail: 'no item answered' },
  ]),
  'equivalence-plot': equivalencePlot(
    [
      { label: 'CBT − IPT', estimate: 0.081, ciLower: -0.14, ciUpper: 0.31, decision: 'inconclusive' },
      { label: 'CBT − PDT', estimate: 0.012, ciLower: -0.05, ciUpper: 0.07, decision: 'equivalent' },
      { label: 'IPT − PDT', estimate: 0.42, ciLower: 0.25, ciUpper: 0.6, decision: 'different' },
    ],
    0.1,
    'Equivalence of correlations (Fisher z)',
    'z₁ − z₂',
  ),
  'group-boxplot': groupBoxplot(
    ['CBT', 'IPT', 'PDT'].flatMap((group, g) => [-2, 1, 3, 4, 5, 6, 8, 9, 12, 22].map((v) => ({ group, value: v + g }))),
    'phq_total_improvement',
    'modality',
  ),
  'growth-curves': growthCurves(
    ['P-1a2b', 'P-3c4d'].flatMap((id, k) => [1, 2, 3, 4, 5].map((session) => ({ id, session, value: 18 - 1.5 * session + 2 * k + ((session * 7) % 3) }))),
    [1, 2, 3, 4, 5].map((session) => ({ session, value: 18.7 - 1.45 * session })),
    'phq_total',
  ),
  'jacobson-truax-plot': jacobsonTruaxPlot({
    points: [
      { pre: 18, post: 6, category: 'recovered' },
      { pre: 22, post: 14, category: 'improved' },
      { pre: 12, post: 11, category: 'unchanged' },
      { pre: 9, post: 15, category: 'deteriorated' },
    ],
    rcValue: 4.37,
    cutoff: 10,
    min: 0,
    max: 27,
    title: 'Reliable change in phq_total',
    measure: 'phq_total',
  }),
  'modality-forest': modalityForest(
    [
      { label: 'CBT', r: 0.2886, ciLower: 0.1175, ciUpper: 0.443, n: 123, pooled: false },
      { label: 'HUM', r: -0.1318, ciLower: -0.516, ciUpper: 0.2965, n: 23, pooled: false },
      { label: 'All patients', r: 0.2158, ciLower: 0.1051, ciUpper: 0.3212, n: 146, pooled: true },
    ],
    'Alliance–outcome correlation by modality',
  ),
  'scatter-with-fit': scatterWithFit({
    points: [
      { x: 31, y: 2 },
      { x: 40, y: 8 },
      { x: 45.333, y: 5 },
      { x: 52, y: 11 },
      { x: 59, y: 9.5 },
    ],
    xTitle: 'wai_total_first3',
    yTitle: 'phq_total_improvement',
    title: 'Early alliance × PHQ-9 improvement',
    band,
  }),
  trajectories: trajectoriesChart(
    ['wai_total', 'phq_total'].flatMap((variable, v) =>
      ['CBT', 'IPT'].flatMap((group, g) => [1, 2, 3].map((session) => ({ variable, group, session, n: 40 - session, mean: 45 - 30 * v + session * (v ? -2 : 1) + g, lower: 43 - 30 * v + session * (v ? -2 : 1) + g, upper: 47 - 30 * v + session * (v ? -2 : 1) + g }))),
    ),
    'modality',
    0.95,
  ),
};

describe('figure builders', () => {
  it.each(Object.keys(specs))('%s validates against the Vega-Lite schema', (name) => {
    const validate = vegaLiteValidator();
    expect(validate(specs[name]), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it.each(Object.keys(specs))('%s renders without a Vega-Lite or Vega warning', async (name) => {
    const warnings: string[] = [];
    const svg = await renderVegaLiteToSvg(specs[name], { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(svg).toMatch(/^<svg/);
  });

  it.each(Object.keys(specs))('%s matches its snapshot', async (name) => {
    await expect(`${JSON.stringify(snapshotForm(specs[name]), null, 2)}\n`).toMatchFileSnapshot(join(SNAPSHOTS, `${name}.vl.json`));
  });
});
