import { OKABE_ITO } from '../chart/chart-config.ts';
import { formatNumber } from '../format/index.ts';
import type { VegaLiteSpec } from '../types.ts';

/** One row of a forest plot: a study, a subgroup or overall summary, or the prediction interval. */
export interface ForestRow {
  kind: 'study' | 'subgroup' | 'overall' | 'pi';
  label: string;
  group: string | null;
  estimate: number;
  lower: number;
  upper: number;
  /** Weight in percent (studies only). */
  weight: number | null;
}

const ROW_PX = 18;

/**
 * Forest plot (Lewis & Clarke 2001, doi:10.1136/bmj.322.7300.1479): one row per study with its
 * confidence interval and a square whose area is proportional to its weight, subgroup and pooled
 * summaries as diamonds spanning their confidence intervals, the prediction interval as a bar,
 * a reference line, and the estimate, interval and weight printed on the right.
 * Three panels (labels, plot, numbers) share one row position scale.
 */
export function forestPlot(args: { rows: ForestRow[]; xTitle: string; title: string; reference?: number; digits?: number }): VegaLiteSpec {
  const d = args.digits ?? 2;
  const f = (x: number) => (Number.isFinite(x) ? formatNumber(x, d) : 'NA');
  const rows = args.rows.map((r, i) => ({
    ...r,
    pos: -i,
    text: `${f(r.estimate)} [${f(r.lower)}, ${f(r.upper)}]`,
    wtext: r.weight === null ? '' : `${r.weight.toFixed(1)}%`,
    bold: r.kind !== 'study',
  }));
  const diamonds = rows
    .filter((r) => r.kind === 'subgroup' || r.kind === 'overall')
    .flatMap((r) => [
      { id: r.pos, x: r.lower, y: r.pos, y2: r.pos },
      { id: r.pos, x: r.estimate, y: r.pos - 0.4, y2: r.pos + 0.4 },
      { id: r.pos, x: r.upper, y: r.pos, y2: r.pos },
    ]);
  const height = Math.max(60, rows.length * ROW_PX);
  const y = { field: 'pos', type: 'quantitative', axis: null, scale: { domain: [-(rows.length - 1) - 0.7, 0.7], nice: false } };
  const textPanel = (field: string, width: number, align: 'left' | 'right', header: string) => ({
    width,
    height,
    title: { text: header, fontSize: 11, fontWeight: 'bold', anchor: align === 'left' ? 'start' : 'end' },
    layer: [false, true].map((bold) => ({
      mark: { type: 'text', align, fontWeight: bold ? 'bold' : 'normal', fontSize: 11 },
      transform: [{ filter: `datum.bold === ${bold}` }],
      encoding: { y, x: { value: align === 'left' ? 0 : width }, text: { field } },
    })),
  });
  const lo = Math.min(...rows.map((r) => r.lower).filter(Number.isFinite), args.reference ?? Infinity);
  const hi = Math.max(...rows.map((r) => r.upper).filter(Number.isFinite), args.reference ?? -Infinity);
  const x = { type: 'quantitative', title: args.xTitle, scale: { domain: [lo, hi], nice: true, zero: false } };
  const plot: Record<string, unknown> = {
    width: 320,
    height,
    layer: [
      ...(args.reference !== undefined ? [{ data: { values: [{ ref: args.reference }] }, mark: { type: 'rule', color: '#999999', strokeDash: [3, 3] }, encoding: { x: { field: 'ref', ...x } } }] : []),
      {
        transform: [{ filter: "datum.kind === 'study'" }],
        mark: { type: 'rule', color: '#333333' },
        encoding: { x: { field: 'lower', ...x }, x2: { field: 'upper' }, y },
      },
      {
        transform: [{ filter: "datum.kind === 'pi'" }],
        mark: { type: 'rule', color: OKABE_ITO[3], strokeWidth: 4 },
        encoding: { x: { field: 'lower', ...x }, x2: { field: 'upper' }, y },
      },
      {
        transform: [{ filter: "datum.kind === 'study'" }],
        mark: { type: 'square', color: OKABE_ITO[0], opacity: 1, filled: true },
        encoding: {
          x: { field: 'estimate', ...x },
          y,
          size: { field: 'weight', type: 'quantitative', scale: { range: [12, 200], zero: true }, legend: null },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Study' },
            { field: 'text', type: 'nominal', title: 'Estimate [CI]' },
            { field: 'wtext', type: 'nominal', title: 'Weight' },
          ],
        },
      },
      {
        data: { values: diamonds },
        mark: { type: 'area', orient: 'vertical', color: OKABE_ITO[1], opacity: 1, line: { color: '#000000', strokeWidth: 0.5 } },
        encoding: { x: { field: 'x', ...x }, y: { field: 'y', type: 'quantitative', axis: null, scale: y.scale }, y2: { field: 'y2' }, detail: { field: 'id', type: 'nominal' } },
      },
    ],
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: args.title,
    data: { values: rows },
    hconcat: [textPanel('label', 230, 'left', 'Study'), plot, textPanel('text', 150, 'right', 'Estimate [CI]'), textPanel('wtext', 50, 'right', 'Weight')],
    spacing: 6,
  };
}
