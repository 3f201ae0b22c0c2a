import type { VegaLiteSpec } from '../types.ts';

/**
 * Jacobson–Truax plot: pre against post score per patient, coloured by reliable-change category,
 * with the line of no change, the band of change smaller than the reliable-change value, and
 * the clinical cut-off on both axes.
 */
export function jacobsonTruaxPlot(args: {
  points: { pre: number; post: number; category: string }[];
  rcValue: number;
  cutoff?: number;
  min: number;
  max: number;
  title: string;
  measure: string;
}): VegaLiteSpec {
  const { min, max, rcValue } = args;
  const lines = [
    { x: min, y: min, line: 'no change' },
    { x: max, y: max, line: 'no change' },
    { x: min, y: min + rcValue, line: '+RC' },
    { x: max - rcValue, y: max, line: '+RC' },
    { x: min + rcValue, y: min, line: '−RC' },
    { x: max, y: max - rcValue, line: '−RC' },
  ];
  const layers: Record<string, unknown>[] = [
    {
      data: { values: lines },
      mark: { type: 'line', color: '#777777', strokeDash: [4, 3] },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, detail: { field: 'line' } },
    },
    {
      data: { values: args.points },
      mark: { type: 'circle', size: 22, opacity: 0.6 },
      encoding: {
        x: { field: 'pre', type: 'quantitative', title: `${args.measure} before`, scale: { domain: [min, max] } },
        y: { field: 'post', type: 'quantitative', title: `${args.measure} after`, scale: { domain: [min, max] } },
        color: {
          field: 'category',
          type: 'nominal',
          title: 'Reliable change',
          scale: { domain: ['recovered', 'improved', 'unchanged', 'deteriorated'], range: ['#009E73', '#56B4E9', '#999999', '#D55E00'] },
        },
        tooltip: [
          { field: 'pre', title: 'Before' },
          { field: 'post', title: 'After' },
          { field: 'category', title: 'Category' },
        ],
      },
    },
  ];
  if (args.cutoff !== undefined) {
    layers.push(
      { data: { values: [{ c: args.cutoff }] }, mark: { type: 'rule', color: '#0072B2' }, encoding: { x: { field: 'c', type: 'quantitative' } } },
      { data: { values: [{ c: args.cutoff }] }, mark: { type: 'rule', color: '#0072B2' }, encoding: { y: { field: 'c', type: 'quantitative' } } },
    );
  }
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: args.title, width: 360, height: 360, layer: layers };
}
