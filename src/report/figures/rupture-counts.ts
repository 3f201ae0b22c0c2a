import { OKABE_ITO } from '../chart/chart-config.ts';
import type { VegaLiteSpec } from '../types.ts';

/** Patients of one rupture–repair status under one rule. */
export interface RuptureCountBar {
  rule: string;
  status: 'none' | 'repaired' | 'unrepaired';
  n: number;
  percent: number;
}

/**
 * Grouped bar chart of patients by rupture–repair status (none / repaired / unrepaired), one
 * group of bars per rule, so the dependence of the counts on the rule is visible at a glance.
 * Three bars per rule: never large.
 */
export function ruptureCounts(bars: RuptureCountBar[]): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Patients by rupture–repair status, per rule',
    width: { step: 18 },
    height: 260,
    data: { values: bars },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'rule', type: 'nominal', title: 'Rule', sort: null, axis: { labelAngle: -30 } },
      xOffset: { field: 'status', type: 'nominal', sort: ['none', 'repaired', 'unrepaired'] },
      y: { field: 'n', type: 'quantitative', title: 'Patients' },
      color: { field: 'status', type: 'nominal', title: 'Status', sort: ['none', 'repaired', 'unrepaired'], scale: { domain: ['none', 'repaired', 'unrepaired'], range: [OKABE_ITO[5], OKABE_ITO[2], OKABE_ITO[3]] } },
      tooltip: [
        { field: 'rule', title: 'Rule' },
        { field: 'status', title: 'Status' },
        { field: 'n', title: 'Patients' },
        { field: 'percent', title: '% of evaluable', format: '.1f' },
      ],
    },
  };
}
